package exec

import (
	"bytes"
	"slices"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// An intersected index whose spans are all equalities on every part of a
// non-unique index has, for a record in it, the entry prefix + parts +
// record key. Checking each candidate of the scanned index with a seek
// for that entry costs about what fetching the candidate does, where
// collecting the intersected index's keys (indexKeys) reads all its
// matches: `k = $1 AND cat = $2` would read every record key of the
// category to keep the one or two of k.

// intersectPrefixes returns the encoded prefix (index prefix and parts)
// of each span of x, ok=false when x cannot be probed this way. The
// prefixes are built in reuse's buffers (an earlier open's), which must
// not be in use any more.
func (r *run) intersectPrefixes(t *catalog.Table, x *plan.IndexIntersect, sqlNulls bool, sc *scope, reuse [][]byte) (ps [][]byte, ok bool, err error) {
	ix := x.Index
	if ix.Unique {
		return nil, false, nil
	}
	ns, err := r.nsID()
	if err != nil {
		return nil, false, err
	}
	ps = reuse[:0]
spans:
	for i := range x.Spans {
		sp := &x.Spans[i]
		if len(sp.Eq) != len(ix.Parts) || sp.Lo != nil || sp.Hi != nil || sp.EqAny {
			return nil, false, nil
		}
		var buf []byte
		if len(ps) < cap(ps) {
			buf = ps[: len(ps)+1 : cap(ps)][len(ps)]
		}
		p := keys.IndexPrefix(buf[:0], ns, t.Database, ix.ID)
		for j, e := range sp.Eq {
			v, err := r.eval(e, sc)
			if err != nil {
				return nil, false, err
			}
			if v.IsNone() && sqlNulls {
				continue spans // no entry matches
			}
			if !value.HasKey(v) {
				return nil, false, nil
			}
			p = keys.AppendIndexPart(p, v, ix.Parts[j].Desc)
		}
		ps = append(ps, p)
	}
	return ps, true, nil
}

// probeState is what the last probe under one prefix found: the entries
// under a prefix are ordered by record key, so after a seek for at found
// the first entry at or after it (next, or none when end), a candidate
// after at and before next has no entry, and one equal to next has,
// without another seek. The index scan yields its candidates in record
// key order when its spans fix all its parts (`k = $1 AND cat = $2`):
// the probes then walk the second index forward like a merge, seeking
// only past the entries between candidates. The range the seek walked is
// in the read set (kv.Seeker), so conclusions drawn from it are
// serializable.
type probeState struct {
	at, next []byte
	valid    bool
	end      bool
}

// inIntersect reports whether the intersected index has an entry for the
// record key rk under one of s.probe's prefixes.
func (s *indexScan) inIntersect(txn kv.Txn, rk []byte) (bool, error) {
	if len(s.probe) == 0 {
		return false, nil
	}
	if s.probeIt == nil {
		ns, err := s.r.nsID()
		if err != nil {
			return false, err
		}
		// The whole index (a later open may probe other prefixes), its
		// bounds built in pbuf: Scan copies them.
		b := keys.IndexPrefix(s.pbuf[:0], ns, s.n.Table.Database, s.n.Intersect.Index.ID)
		n := len(b)
		b = kv.AppendPrefixEnd(b, b)
		s.pbuf = b
		sk, ok := txn.Scan(s.r.ctx, b[:n], b[n:], false).(kv.Seeker)
		if !ok {
			return false, internalf("the store's iterators cannot seek")
		}
		s.probeIt = sk
	}
	for i, p := range s.probe {
		st := &s.probeSt[i]
		if st.valid && bytes.Compare(rk, st.at) > 0 {
			if st.end {
				continue
			}
			switch bytes.Compare(rk, st.next) {
			case -1:
				continue
			case 0:
				return true, nil
			}
		}
		s.pbuf = append(append(s.pbuf[:0], p...), rk...)
		s.probeIt.Seek(s.pbuf, s.probeEnd[i])
		st.at, st.valid = append(st.at[:0], rk...), true
		if !s.probeIt.Next() {
			if err := s.probeIt.Err(); err != nil {
				st.valid = false
				return false, errs.From(err)
			}
			st.end = true
			continue
		}
		st.end = false
		st.next = append(st.next[:0], s.probeIt.Key()[len(p):]...)
		if bytes.Equal(st.next, rk) {
			return true, nil
		}
	}
	return false, nil
}

// resetProbes forgets what earlier probes found (a new open: the
// prefixes changed, and the transaction may have written since).
func (s *indexScan) resetProbes() {
	s.probeSt = slices.Grow(s.probeSt[:0], len(s.probe))[:len(s.probe)]
	s.probeEnd = slices.Grow(s.probeEnd[:0], len(s.probe))[:len(s.probe)]
	for i, p := range s.probe {
		s.probeSt[i].valid = false
		e := kv.AppendPrefixEnd(s.probeEnd[i][:0], p)
		if len(e) == 0 {
			e = nil // no end: the prefix is all 0xff
		}
		s.probeEnd[i] = e
	}
}
