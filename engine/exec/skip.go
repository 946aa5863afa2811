package exec

import (
	"time"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// skipper is an iterator that can pass over rows without producing them:
// LIMIT ... OFFSET n asks its input to skip the n rows it would discard,
// so a deep page walks keys instead of decoding records.
type skipper interface {
	// skip passes over at most n rows and reports how many it passed.
	// Fewer than n means the input may still have rows it cannot skip
	// cheaply (the caller reads those) or has ended.
	skip(n int64) (int64, error)
}

// skipRows skips n rows of in, cheaply where in can, then by reading.
func skipRows(in iterator, n int64) (int64, error) {
	if s, ok := in.(skipper); ok {
		return s.skip(n)
	}
	return 0, nil
}

// skip passes through a projection whose expressions only read columns
// and fields (they cannot fail or have effects, so not computing them
// for discarded rows is unobservable).
func (it *projectIter) skip(n int64) (int64, error) {
	for _, x := range it.n.Exprs {
		if !plainRead(x) {
			return 0, nil
		}
	}
	return skipRows(it.in, n)
}

func plainRead(x plan.Expr) bool {
	switch x := x.(type) {
	case *plan.ColRef, *plan.Const, *plan.Param:
		return true
	case *plan.Field:
		return plainRead(x.X)
	}
	return false
}

// skip walks keys without decoding records when the scan has no filter.
func (s *rangeScan) skip(n int64) (int64, error) {
	if s.n.Filter != nil || s.empty || s.it == nil {
		return 0, nil
	}
	var done int64
	if sk, ok := s.it.(kv.Skipper); ok {
		// In chunks, so that a cancelled statement stops soon (the store
		// also checks the context as it steps).
		for done < n && (s.lim < 0 || s.count < s.lim) {
			want := min(n-done, skipChunk)
			if s.lim >= 0 {
				want = min(want, s.lim-s.count)
			}
			got := int64(sk.Skip(int(want)))
			s.count += got
			done += got
			if got < want {
				if err := s.it.Err(); err != nil {
					return done, errs.From(err)
				}
				s.empty = true
				break
			}
			if err := s.r.ctx.Err(); err != nil {
				return done, errs.From(err)
			}
		}
		return done, nil
	}
	for done < n && (s.lim < 0 || s.count < s.lim) {
		if !s.it.Next() {
			if err := s.it.Err(); err != nil {
				return done, errs.From(err)
			}
			s.empty = true
			break
		}
		if err := s.r.tick(); err != nil {
			return done, err
		}
		s.count++
		done++
	}
	return done, nil
}

// skipChunk is how many keys a scan skips between its own context checks.
const skipChunk = 4096

// skip walks index entries without reading their records when the scan
// has no filter left and yields in the entries' order (index order, or a
// key order they already have).
func (s *indexScan) skip(n int64) (int64, error) {
	if s.n.Filter != nil || (s.n.KeyOrder && !s.inKeyOrder) {
		return 0, nil
	}
	txn, err := s.r.txn()
	if err != nil {
		return 0, err
	}
	var done int64
	for done < n && (s.lim < 0 || s.count < s.lim) {
		rk, err := s.nextKey(txn)
		if err != nil {
			return done, err
		}
		if rk == nil {
			break
		}
		s.count++
		done++
	}
	return done, nil
}

// skip lets EXPLAIN ANALYZE measure the plan as it runs: skipped rows
// count as rows the node produced.
func (s *statsIter) skip(n int64) (int64, error) {
	t := time.Now()
	done, err := skipRows(s.in, n)
	s.st.time += time.Since(t)
	s.st.rows += done
	return done, err
}
