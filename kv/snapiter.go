package kv

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble"
)

// hotSnapGets is how many Gets a shared snapshot serves with Pebble's Get
// before its readers switch to pooled iterators. Creating an iterator
// costs several Gets, and under a write load the durable snapshot changes
// with every commit, so only a snapshot that stays long enough (a
// read-mostly load) gets them.
const hotSnapGets = 64

// maxSnapIters bounds the idle iterators a shared snapshot keeps.
const maxSnapIters = 16

// snapIters are idle Pebble iterators over a shared snapshot. A point
// read by SeekPrefixGE on an iterator that is already open skips what
// Pebble's Get builds and tears down each time (the level iterators, the
// tables' iterators, the two-level index), and still checks the bloom
// filters. A scan in a read-only transaction takes one too and sets its
// bounds (and gives it back when it closes): the level and table
// iterators stay, and so do the blocks of a seek near the last one.
//
// An iterator pins the Pebble version it was opened in (its memtables and
// tables stay until it closes). Idle ones are closed with the snapshot,
// when the durable snapshot moves on or the store closes, and also after
// each flush or compaction (store.dropIdleIters), so that a read-only
// stretch does not keep what those replaced: version counts the flushes
// and compactions, and an iterator opened before the last one is closed
// instead of going back to the pool.
//
// A scan takes the idle iterator whose last scan began nearest its own
// start (the longest common prefix: the same index or table). Statements
// that scan two keyspaces each (an index scan and the probe of a second
// index) would otherwise swap iterators every time, since the last one
// given back is taken first, and every seek would have to leave the
// table its iterator was in for one of the other keyspace.
type snapIters struct {
	mu     sync.Mutex
	idle   []idleIter
	closed bool
	// version is the store's count of flushes and compactions; nil: the
	// iterators never go stale.
	version *atomic.Uint64
}

// idleIter is an idle iterator, the lower bound of its last scan (nil
// after a Get) and the version it was opened in.
type idleIter struct {
	it      *pebble.Iterator
	near    []byte
	version uint64
}

// current is the version an iterator opened now belongs to; load it
// before opening the iterator, so that a flush or compaction during the
// opening counts as later.
func (p *snapIters) current() uint64 {
	if p.version == nil {
		return 0
	}
	return p.version.Load()
}

// take returns the idle iterator whose last scan began nearest near and
// the version it was opened in, or nil if none is idle. It closes the
// idle iterators of older versions.
func (p *snapIters) take(near []byte) (*pebble.Iterator, uint64) {
	cur := p.current()
	p.mu.Lock()
	var stale []*pebble.Iterator
	kept := p.idle[:0]
	for _, x := range p.idle {
		if x.version != cur {
			stale = append(stale, x.it)
		} else {
			kept = append(kept, x)
		}
	}
	clear(p.idle[len(kept):])
	p.idle = kept
	var took idleIter
	if n := len(p.idle); n > 0 {
		best, bestLen := n-1, -1
		if near != nil {
			for i := n - 1; i >= 0; i-- {
				if l := commonPrefixLen(p.idle[i].near, near); l > bestLen {
					best, bestLen = i, l
				}
			}
		}
		took = p.idle[best]
		// Keep the others in the order they came back (the newest last).
		copy(p.idle[best:], p.idle[best+1:])
		p.idle[n-1] = idleIter{}
		p.idle = p.idle[:n-1]
	}
	p.mu.Unlock()
	for _, it := range stale {
		_ = it.Close()
	}
	return took.it, took.version
}

// put gives an iterator back (closing it if the pool is full or closed,
// or the iterator is of an older version); near is the lower bound of its
// last scan, which must not change, and version the one it was opened in.
func (p *snapIters) put(it *pebble.Iterator, near []byte, version uint64) {
	p.mu.Lock()
	if !p.closed && len(p.idle) < maxSnapIters && version == p.current() {
		p.idle = append(p.idle, idleIter{it: it, near: near, version: version})
		it = nil
	}
	p.mu.Unlock()
	if it != nil {
		_ = it.Close()
	}
}

// commonPrefixLen is the length of the longest common prefix of a and b.
func commonPrefixLen(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// drop closes the idle iterators; closing, the pool takes no more.
func (p *snapIters) drop(closing bool) {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	if closing {
		p.closed = true
	}
	p.mu.Unlock()
	for _, x := range idle {
		_ = x.it.Close()
	}
}

// close closes the shared snapshot's idle iterators and then the
// snapshot; nobody references it any more.
func (ss *sharedSnap) close() {
	ss.iters.drop(true)
	_ = ss.snap.Close()
}

// getShared is Get in a read-only transaction by an iterator of its
// shared snapshot; done is false when the snapshot is not hot yet and the
// caller should use Pebble's Get.
func (t *txn) getShared(key []byte) (v []byte, ok, done bool, err error) {
	it := t.getIter
	if it == nil {
		ss := t.shared
		if ss.gets.Add(1) <= hotSnapGets {
			return nil, false, false, nil
		}
		if it, t.getIterVersion = ss.iters.take(nil); it == nil {
			t.getIterVersion = ss.iters.current()
			if it, err = ss.snap.NewIter(nil); err != nil {
				return nil, false, true, internalError(err, "get")
			}
		} else {
			// A scan's iterator keeps that scan's bounds.
			it.SetBounds(nil, nil)
		}
		t.getIter = it
	}
	if !it.SeekPrefixGE(key) || !bytes.Equal(it.Key(), key) {
		if err := it.Error(); err != nil {
			return nil, false, true, internalError(err, "get")
		}
		return nil, false, true, nil
	}
	val, err := it.ValueAndErr()
	if err != nil {
		return nil, false, true, internalError(err, "get")
	}
	// The iterator's value dies with its next move: copy, as Get does.
	t.valBuf = append(t.valBuf[:0], val...)
	return t.valBuf, true, true, nil
}
