package kv

import (
	"bytes"

	"github.com/cockroachdb/pebble"
)

// getGap lets a read-write transaction answer Gets of ascending absent
// keys without a Pebble lookup each. A bulk insert under a primary key
// (COPY, a multi-row INSERT) checks each new key with a Get before
// writing it; the keys usually ascend into a range of the snapshot that
// holds nothing. Once the Gets ascend, a miss is looked up by seeking an
// iterator of the transaction's snapshot instead: the key it lands on
// bounds a gap of the snapshot with no keys, and the following Gets inside
// that gap need no lookup. The gap stays true while the snapshot does
// (a refresh, refresh.go, closes it); what the transaction writes itself is
// in its write buffer, which Get consults first. Each Get still joins the
// read set key by key, exactly as before: validation is unchanged.
type getGap struct {
	it     *pebble.Iterator // over t.snap, no bounds; nil until the first probe (Exists seeks it too)
	last   []byte           // the key of the last snapshot lookup
	lo, hi []byte           // the gap [lo, hi): no key of the snapshot in it
	hiEnd  bool             // hi is the end of the keyspace
	valid  bool             // lo and hi describe a gap
	hits   int              // Gets the gap answered since it was found
	streak int              // ascending lookups in a row that found nothing
}

// gapStreak is how many ascending misses in a row make a Get seek: an
// OLTP transaction's few Gets, which may well ascend, keep Pebble's Get
// (with its bloom filters) instead of paying for an iterator.
const gapStreak = 8

// lookup returns the snapshot's value of key, or done=false when the
// caller should use Pebble's Get. The value is only valid until the
// iterator moves.
func (g *getGap) lookup(snap *pebble.Snapshot, key []byte) (v []byte, ok, done bool, err error) {
	if g.valid && bytes.Compare(key, g.lo) >= 0 && (g.hiEnd || bytes.Compare(key, g.hi) < 0) {
		g.hits++
		return nil, false, true, nil
	}
	ascending := g.last != nil && bytes.Compare(key, g.last) > 0
	g.last = append(g.last[:0], key...)
	if !ascending {
		g.streak = 0
		return nil, false, false, nil
	}
	if g.streak < gapStreak {
		// Counted as a miss; found resets it when the Get finds the key.
		g.streak++
		return nil, false, false, nil
	}
	if g.valid && g.hits == 0 {
		// The last gap answered nothing (the keys interleave with the
		// snapshot's): take the plain Get once before seeking again.
		g.valid = false
		return nil, false, false, nil
	}
	if g.it == nil {
		if g.it, err = snap.NewIter(nil); err != nil {
			g.it = nil
			return nil, false, true, internalError(err, "get")
		}
	}
	g.lo = append(g.lo[:0], key...)
	g.valid, g.hits = true, 0
	if !g.it.SeekGE(key) {
		if err := g.it.Error(); err != nil {
			g.valid = false
			return nil, false, true, internalError(err, "get")
		}
		g.hiEnd = true
		return nil, false, true, nil
	}
	k := g.it.Key()
	g.hiEnd = false
	g.hi = append(g.hi[:0], k...)
	if !bytes.Equal(k, key) {
		return nil, false, true, nil
	}
	// Found: [key, key) is an empty gap, so nothing more is learned.
	g.streak = 0
	if v, err = g.it.ValueAndErr(); err != nil {
		return nil, false, true, internalError(err, "get")
	}
	return v, true, true, nil
}

// exists reports whether the snapshot holds key, seeking g's iterator
// (Exists). Ascending seeks of one iterator step forward from where the
// last one landed when they can (Pebble's seek-using-next), and the gap
// the iterator bounds stays what it was: a fact about the snapshot.
func (g *getGap) exists(snap *pebble.Snapshot, key []byte) (bool, error) {
	if g.it == nil {
		it, err := snap.NewIter(nil)
		if err != nil {
			return false, internalError(err, "exists")
		}
		g.it = it
	}
	var valid bool
	if len(key) == 0 {
		// Pebble's race-build invariants read a seek key's first byte.
		valid = g.it.First()
	} else {
		valid = g.it.SeekGE(key)
	}
	if !valid {
		if err := g.it.Error(); err != nil {
			return false, internalError(err, "exists")
		}
		return false, nil
	}
	return bytes.Equal(g.it.Key(), key), nil
}

// found tells g that the Get it left to Pebble found its key.
func (g *getGap) found() { g.streak = 0 }

// close releases the iterator.
func (g *getGap) close() {
	if g.it != nil {
		_ = g.it.Close()
		g.it = nil
	}
	g.valid = false
}
