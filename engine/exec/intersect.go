package exec

import (
	"bytes"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
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
// of each span of x, ok=false when x cannot be probed this way.
func (r *run) intersectPrefixes(t *catalog.Table, x *plan.IndexIntersect, sqlNulls bool, sc *scope) (ps [][]byte, ok bool, err error) {
	ix := x.Index
	if ix.Unique {
		return nil, false, nil
	}
	ns, err := r.nsID()
	if err != nil {
		return nil, false, err
	}
	prefix := keys.IndexPrefix(nil, ns, t.Database, ix.ID)
	ps = [][]byte{}
spans:
	for i := range x.Spans {
		sp := &x.Spans[i]
		if len(sp.Eq) != len(ix.Parts) || sp.Lo != nil || sp.Hi != nil {
			return nil, false, nil
		}
		p := bytes.Clone(prefix)
		for j, e := range sp.Eq {
			v, err := r.eval(e, sc)
			if err != nil {
				return nil, false, err
			}
			if v.IsNone() && sqlNulls {
				continue spans // no entry matches
			}
			if !orderedKind(v) {
				return nil, false, nil
			}
			p = keys.AppendIndexPart(p, v, ix.Parts[j].Desc)
		}
		ps = append(ps, p)
	}
	return ps, true, nil
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
		ix := s.n.Intersect.Index
		lo, hi := keys.IndexSpan(ns, s.n.Table.Database, ix.ID)
		sk, ok := txn.Scan(s.r.ctx, lo, hi, false).(kv.Seeker)
		if !ok {
			return false, internalf("the store's iterators cannot seek")
		}
		s.probeIt = sk
	}
	for _, p := range s.probe {
		s.pbuf = append(append(s.pbuf[:0], p...), rk...)
		s.pend = append(append(s.pend[:0], s.pbuf...), 0)
		s.probeIt.Seek(s.pbuf, s.pend)
		if s.probeIt.Next() {
			return true, nil
		}
		if err := s.probeIt.Err(); err != nil {
			return false, errs.From(err)
		}
	}
	return false, nil
}
