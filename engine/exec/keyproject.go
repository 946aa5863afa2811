package exec

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// keyOnlyProject lets an index scan whose projection reads nothing of
// the records but an integer primary key (SELECT id FROM docs WHERE
// body->>'k' = $1) skip fetching and decoding them: the index entry holds
// the key. The scan then yields, as the record, an object of just that
// field, which is all the projection can look at.
func keyOnlyProject(n *plan.Project, in iterator) {
	s, ok := in.(*indexScan)
	if !ok || s.n.Filter != nil || s.n.KeysOnly || s.kt == nil || s.kt.Kind != value.KindInt || s.kt.JSON {
		return
	}
	lf := &lazyFilter{}
	for _, e := range n.Exprs {
		if _, ok := lf.rewrite(e); !ok {
			return // reads the record some other way
		}
	}
	pk := s.n.Table.PrimaryKey[0]
	for _, f := range lf.fields {
		if f != pk {
			return
		}
	}
	s.keyRecord = true
}

// keyRow fills s.row from a record key alone (keyOnlyProject).
func (s *indexScan) keyRow(rk []byte) error {
	k, _, err := value.DecodeKey(rk)
	if err != nil {
		return errs.From(err)
	}
	// The key encoding does not keep the integer's width; the record's
	// field has the column's type.
	k, err = value.Convert(k, *s.kt)
	if err != nil {
		return errs.From(err)
	}
	// One object serves every row: the projection reads the key field of
	// each row before asking for the next, and keeps nothing of it.
	if s.keyObj == nil {
		s.keyObj = value.NewObject(1)
	}
	s.keyObj.Set(s.n.Table.PrimaryKey[0], k)
	s.row[0], s.row[1] = k, value.ObjectOf(s.keyObj)
	return nil
}
