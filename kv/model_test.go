package kv

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// txnModel is the reference a Txn is checked against: maps for data and
// the read-set rules spelled out directly.
type txnModel struct {
	committed map[string]string  // what the store holds
	snap      map[string]string  // committed as of Begin
	writes    map[string]*string // own writes; nil is a tombstone
	points    map[string]bool    // keys read by Get from the snapshot
	ranges    []modelRange       // ranges covered by scans
	external  map[string]bool    // keys committed by others since Begin
	// delRanges are our range deletions; extRanges are those committed by
	// others since Begin (every key in one counts as written).
	delRanges []modelRange
	extRanges []modelRange
}

type modelRange struct {
	start, end string
	unbounded  bool
}

func (r modelRange) contains(k string) bool {
	return k >= r.start && (r.unbounded || k < r.end)
}

func (m *txnModel) begin() {
	m.snap = maps.Clone(m.committed)
	m.writes = map[string]*string{}
	m.points = map[string]bool{}
	m.ranges = nil
	m.external = map[string]bool{}
	m.delRanges, m.extRanges = nil, nil
}

// overlaps reports whether two ranges share a key.
func (r modelRange) overlaps(o modelRange) bool {
	return (o.unbounded || r.start < o.end) && (r.unbounded || o.start < r.end)
}

// deleteRange deletes [start, end) in the transaction's view: every key
// it can see there becomes a tombstone, and keys it cannot see (committed
// by others meanwhile) go at commit.
func (m *txnModel) deleteRange(r modelRange) {
	for k := range m.snap {
		if r.contains(k) {
			m.writes[k] = nil
		}
	}
	for k := range m.writes {
		if r.contains(k) {
			m.writes[k] = nil
		}
	}
	m.delRanges = append(m.delRanges, r)
}

func (m *txnModel) get(k string) (string, bool) {
	if w, ok := m.writes[k]; ok {
		if w == nil {
			return "", false
		}
		return *w, true
	}
	for _, r := range m.delRanges {
		if r.contains(k) {
			return "", false // our own deletion: not a read
		}
	}
	if m.writtenSince(k) && !m.readConflicts() {
		m.refresh()
	}
	m.points[k] = true
	v, ok := m.snap[k]
	return v, ok
}

// writtenSince reports whether others committed k since Begin (or the
// last refresh).
func (m *txnModel) writtenSince(k string) bool {
	if m.external[k] {
		return true
	}
	for _, r := range m.extRanges {
		if r.contains(k) {
			return true
		}
	}
	return false
}

// refresh moves the snapshot to the latest commit, as a Get of a key
// others wrote does when nothing read so far conflicts (txn.refreshFor);
// own range deletions hide what it brings in.
func (m *txnModel) refresh() {
	m.snap = maps.Clone(m.committed)
	m.external, m.extRanges = map[string]bool{}, nil
	for k := range m.snap {
		if _, own := m.writes[k]; own {
			continue
		}
		for _, r := range m.delRanges {
			if r.contains(k) {
				m.writes[k] = nil
				break
			}
		}
	}
}

// view lists the transaction's view of [start, end) in scan order.
func (m *txnModel) view(start, end string, unbounded, reverse bool) []string {
	seen := map[string]string{}
	for k, v := range m.snap {
		seen[k] = v
	}
	for k, w := range m.writes {
		if w == nil {
			delete(seen, k)
		} else {
			seen[k] = *w
		}
	}
	r := modelRange{start, end, unbounded}
	var keys []string
	for k := range seen {
		if r.contains(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if reverse {
		slices.Reverse(keys)
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "=" + seen[k]
	}
	return out
}

func (m *txnModel) conflicts() bool {
	if len(m.writes) == 0 && len(m.delRanges) == 0 {
		return false
	}
	return m.readConflicts()
}

// readConflicts reports whether a commit by others since Begin (or the
// last refresh) wrote something the transaction read.
func (m *txnModel) readConflicts() bool {
	for _, e := range m.extRanges {
		for k := range m.points {
			if e.contains(k) {
				return true
			}
		}
		for _, r := range m.ranges {
			if r.overlaps(e) {
				return true
			}
		}
	}
	for k := range m.external {
		if m.points[k] {
			return true
		}
		for _, r := range m.ranges {
			if r.contains(k) {
				return true
			}
		}
	}
	return false
}

func (m *txnModel) commit() {
	// Range deletions first: every own write is newer than they are.
	for _, r := range m.delRanges {
		for k := range m.committed {
			if r.contains(k) {
				delete(m.committed, k)
			}
		}
	}
	for k, w := range m.writes {
		if w == nil {
			delete(m.committed, k)
		} else {
			m.committed[k] = *w
		}
	}
}

// drawRange draws a range's start and end, or no end (unbounded; endB is
// nil then).
func drawRange(rt *rapid.T, startLabel, endLabel string) (start, end string, unbounded bool, endB []byte) {
	start = modelKeys().Draw(rt, startLabel)
	unbounded = rapid.Bool().Draw(rt, endLabel+"Unbounded")
	if !unbounded {
		end = modelKeys().Draw(rt, endLabel)
		endB = []byte(end)
	}
	return start, end, unbounded, endB
}

// readUpTo reads at most limit "key=value" items; exhausted reports that
// the iterator ran out first.
func readUpTo(rt *rapid.T, it Iterator, limit int) (got []string, exhausted bool) {
	for len(got) < limit {
		if !it.Next() {
			exhausted = true
			break
		}
		got = append(got, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Err(); err != nil {
		rt.Fatal(err)
	}
	return got, exhausted
}

// scanned applies the read set rule to a scan of r that read got: a
// finished scan covers its range; one closed early covers what it walked;
// one never advanced covers nothing. An empty range covers nothing either
// way.
func (m *txnModel) scanned(r modelRange, reverse bool, limit int, got []string, exhausted bool) {
	switch {
	case (!r.unbounded && r.start >= r.end) || limit == 0:
	case exhausted:
		m.ranges = append(m.ranges, r)
	default:
		last, _, _ := strings.Cut(got[len(got)-1], "=")
		if reverse {
			m.ranges = append(m.ranges, modelRange{last, r.end, r.unbounded})
		} else {
			m.ranges = append(m.ranges, modelRange{r.start, last + "\x00", false})
		}
	}
}

// modelKeys draws keys from a tiny alphabet so that operations collide.
func modelKeys() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return string(rapid.SliceOfN(rapid.SampledFrom([]byte{0x00, 'a', 'b', 0xFF}), 0, 3).Draw(t, "key"))
	})
}

// TestTxnModel runs random operation sequences against a Txn and the model,
// interleaved with commits by others, and checks every result, including
// exactly which commits conflict.
func TestTxnModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s, err := OpenMemory()
		if err != nil {
			rt.Fatal(err)
		}
		defer s.Close()
		ctx := context.Background()
		m := &txnModel{committed: map[string]string{}}
		m.begin()
		txn, err := s.Begin(ctx, TxnOptions{})
		if err != nil {
			rt.Fatal(err)
		}
		restart := func(rt *rapid.T) {
			m.begin()
			if txn, err = s.Begin(ctx, TxnOptions{}); err != nil {
				rt.Fatal(err)
			}
		}
		defer func() { txn.Rollback() }()

		rt.Repeat(map[string]func(*rapid.T){
			"put": func(rt *rapid.T) {
				k := modelKeys().Draw(rt, "k")
				v := rapid.StringMatching(`[a-z]{0,3}`).Draw(rt, "v")
				if err := txn.Put([]byte(k), []byte(v)); err != nil {
					rt.Fatal(err)
				}
				m.writes[k] = &v
			},
			"delete": func(rt *rapid.T) {
				k := modelKeys().Draw(rt, "k")
				if err := txn.Delete([]byte(k)); err != nil {
					rt.Fatal(err)
				}
				m.writes[k] = nil
			},
			"deleteRange": func(rt *rapid.T) {
				start := modelKeys().Draw(rt, "start")
				end := modelKeys().Draw(rt, "end")
				if err := txn.DeleteRange([]byte(start), []byte(end)); err != nil {
					rt.Fatal(err)
				}
				if start < end {
					m.deleteRange(modelRange{start: start, end: end})
				}
			},
			"get": func(rt *rapid.T) {
				k := modelKeys().Draw(rt, "k")
				got, ok, err := txn.Get(ctx, []byte(k))
				if err != nil {
					rt.Fatal(err)
				}
				want, wantOK := m.get(k)
				if ok != wantOK || string(got) != want {
					rt.Fatalf("Get(%q) = %q,%v; model %q,%v", k, got, ok, want, wantOK)
				}
			},
			"exists": func(rt *rapid.T) {
				// Many keys at once answer and count as reads as a Get
				// of each does.
				ks := rapid.SliceOfN(modelKeys(), 0, 6).Draw(rt, "keys")
				keys := make([][]byte, len(ks))
				for i, k := range ks {
					keys[i] = []byte(k)
				}
				found := make([]bool, len(keys))
				if err := txn.(Exister).Exists(ctx, keys, found); err != nil {
					rt.Fatal(err)
				}
				for i, k := range ks {
					if _, want := m.get(k); found[i] != want {
						rt.Fatalf("Exists(%q)[%d] = %v; model %v", ks, i, found[i], want)
					}
				}
			},
			"scan": func(rt *rapid.T) {
				start, end, unbounded, endB := drawRange(rt, "start", "end")
				reverse := rapid.Bool().Draw(rt, "reverse")
				limit := rapid.IntRange(0, 8).Draw(rt, "limit")
				var startB []byte
				if start != "" || rapid.Bool().Draw(rt, "emptyNotNil") {
					startB = []byte(start)
				}
				want := m.view(start, end, unbounded, reverse)
				it := txn.Scan(ctx, startB, endB, reverse)
				got, exhausted := readUpTo(rt, it, limit)
				if err := it.Close(); err != nil {
					rt.Fatal(err)
				}
				if n := min(limit, len(want)); !slices.Equal(got, want[:n]) {
					rt.Fatalf("Scan(%q,%q,unbounded=%v,reverse=%v) = %v; model %v", start, end, unbounded, reverse, got, want[:n])
				}
				m.scanned(modelRange{start, end, unbounded}, reverse, limit, got, exhausted)
			},
			"seek": func(rt *rapid.T) {
				// One scan re-aimed at several ranges, with writes between
				// seeks: each seek reads like a fresh Scan of its range
				// clamped to the scan's.
				lo, hi, hiUnbounded, hiB := drawRange(rt, "lo", "hi")
				it := txn.Scan(ctx, []byte(lo), hiB, false)
				sk, ok := it.(Seeker)
				if !ok {
					rt.Fatalf("Scan returned %T, not a Seeker", it)
				}
				for range rapid.IntRange(1, 3).Draw(rt, "seeks") {
					if rapid.Bool().Draw(rt, "deleteRange") {
						ds, de := modelKeys().Draw(rt, "ds"), modelKeys().Draw(rt, "de")
						if err := txn.DeleteRange([]byte(ds), []byte(de)); err != nil {
							rt.Fatal(err)
						}
						if ds < de {
							m.deleteRange(modelRange{start: ds, end: de})
						}
					}
					if rapid.Bool().Draw(rt, "write") {
						k := modelKeys().Draw(rt, "wk")
						v := "w"
						if err := txn.Put([]byte(k), []byte(v)); err != nil {
							rt.Fatal(err)
						}
						m.writes[k] = &v
					}
					start, end, unbounded, endB := drawRange(rt, "start", "end")
					limit := rapid.IntRange(0, 8).Draw(rt, "limit")
					sk.Seek([]byte(start), endB)
					// Clamp to the scan's range.
					start = max(start, lo)
					if unbounded || (!hiUnbounded && end > hi) {
						end, unbounded = hi, hiUnbounded
					}
					want := m.view(start, end, unbounded, false)
					got, exhausted := readUpTo(rt, sk, limit)
					if n := min(limit, len(want)); !slices.Equal(got, want[:n]) {
						rt.Fatalf("Seek(%q,%q,unbounded=%v) in [%q,%q) = %v; model %v", start, end, unbounded, lo, hi, got, want[:n])
					}
					m.scanned(modelRange{start, end, unbounded}, false, limit, got, exhausted)
				}
				if err := it.Close(); err != nil {
					rt.Fatal(err)
				}
			},
			"external": func(rt *rapid.T) {
				// Another transaction commits; ours must not see it.
				k := modelKeys().Draw(rt, "k")
				var b Batch
				if rapid.IntRange(0, 3).Draw(rt, "kind") == 0 {
					end := modelKeys().Draw(rt, "end")
					if k >= end {
						return
					}
					r := modelRange{start: k, end: end}
					b.DeleteRange([]byte(k), []byte(end))
					for c := range m.committed {
						if r.contains(c) {
							delete(m.committed, c)
						}
					}
					if err := s.Apply(ctx, &b); err != nil {
						rt.Fatal(err)
					}
					m.extRanges = append(m.extRanges, r)
					return
				}
				if rapid.Bool().Draw(rt, "del") {
					b.Delete([]byte(k))
					delete(m.committed, k)
				} else {
					b.Put([]byte(k), []byte("ext"))
					m.committed[k] = "ext"
				}
				if err := s.Apply(ctx, &b); err != nil {
					rt.Fatal(err)
				}
				m.external[k] = true
			},
			"commit": func(rt *rapid.T) {
				err := txn.Commit(ctx)
				wantConflict := m.conflicts()
				switch {
				case wantConflict && !isConflict(err):
					rt.Fatalf("Commit = %v, model expects a conflict", err)
				case !wantConflict && err != nil:
					rt.Fatalf("Commit = %v, model expects success", err)
				}
				if err == nil {
					m.commit()
				}
				checkStore(rt, s, m.committed)
				restart(rt)
			},
			"rollback": func(rt *rapid.T) {
				txn.Rollback()
				checkStore(rt, s, m.committed)
				restart(rt)
			},
		})
	})
}

func checkStore(rt *rapid.T, s Store, want map[string]string) {
	r, err := s.Begin(context.Background(), TxnOptions{ReadOnly: true})
	if err != nil {
		rt.Fatal(err)
	}
	defer r.Rollback()
	it := r.Scan(context.Background(), nil, nil, false)
	defer it.Close()
	got := map[string]string{}
	for it.Next() {
		got[string(it.Key())] = string(it.Value())
	}
	if err := it.Err(); err != nil && !errors.Is(err, ErrTxnDone) {
		rt.Fatal(err)
	}
	if !maps.Equal(got, want) {
		rt.Fatalf("store holds %v, model %v", got, want)
	}
}
