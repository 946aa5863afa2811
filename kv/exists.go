package kv

import (
	"bytes"
	"context"
	"fmt"
	"slices"
)

// Exister is a Txn that checks many keys at once. Exists sets found[i] to
// whether keys[i] exists, as a Get of each would, and tracks the reads as
// those Gets would; keys may come in any order and repeat. A read-write
// transaction reads its snapshot in key order with one iterator, so keys
// near each other (a statement checking the endpoints of thousands of
// edges) cost a step of the iterator instead of a lookup each.
type Exister interface {
	Exists(ctx context.Context, keys [][]byte, found []bool) error
}

var _ Exister = (*txn)(nil)

// existsCtxEvery is how many keys Exists checks between looks at its
// context.
const existsCtxEvery = 256

// Exists implements Exister.
func (t *txn) Exists(ctx context.Context, keys [][]byte, found []bool) error {
	if len(found) < len(keys) {
		return internalError(fmt.Errorf("%d results for %d keys", len(found), len(keys)), "exists")
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	if t.readOnly {
		// The shared snapshot's Gets already seek one pooled iterator.
		for _, i := range order {
			_, ok, err := t.Get(ctx, keys[i])
			if err != nil {
				return err
			}
			found[i] = ok
		}
		return nil
	}
	if err := t.enterRead(); err != nil {
		return err
	}
	defer t.exit()
	var wb wbCursor
	if t.writes != nil {
		wb.w = t.writes
	}
	for n, i := range order {
		if n%existsCtxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("kv: exists: %w", err)
			}
		}
		key := keys[i]
		if n > 0 && bytes.Equal(key, keys[order[n-1]]) {
			found[i] = found[order[n-1]]
			continue
		}
		if wb.w != nil {
			if it, ok := wb.get(key); ok {
				found[i] = !it.del
				continue
			}
		}
		if _, ok := coveringRange(t.delRanges, key); ok {
			found[i] = false
			continue
		}
		t.noteGet(key)
		ok, err := t.gap.exists(t.snap, key)
		if err != nil {
			return err
		}
		found[i] = ok
	}
	return nil
}
