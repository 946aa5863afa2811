package sqlfe

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/errs"
)

// A partial index (CREATE INDEX ... WHERE pred) stores its predicate as
// SQL text (catalog.Index.Where), deparsed from the statement, and the
// executor compiles it like an expression part's text: a record has an
// entry only when the predicate is true for it. Readers must prove their
// condition implies the predicate before they use the index (the
// optimizer, ON CONFLICT's inference below); everything that needs all of
// a table's records (foreign keys) never takes a partial index.

// indexPredicate translates the WHERE of CREATE INDEX over t's record row
// with PostgreSQL's errors: it must be boolean and call only immutable
// functions, with no subquery or aggregate. It returns the text to store
// and the columns the predicate reads.
func (tr *translator) indexPredicate(t *catalog.Table, n *pg.Node) (string, []string, error) {
	if !t.Schemafull {
		return "", nil, unsupported(tr.stmt.stmtPos(), "partial indexes on schemaless tables")
	}
	if pos, ok := firstSubLink(n); ok {
		return "", nil, errAt(errs.FeatureNotSupported, tr.pos(pos), "cannot use subquery in index predicate")
	}
	sc := &scope{entries: []rangeEntry{{name: t.Name, table: t}}}
	tr.zoned = false
	x, err := tr.condition(n, &exprCtx{sc: sc, clause: "index predicates"}, "WHERE")
	if err != nil {
		return "", nil, err
	}
	if tr.zoned {
		return "", nil, errZoned("index predicate")
	}
	if err := tr.immutable(x, "index predicate"); err != nil {
		return "", nil, err
	}
	text, err := predicateText(ownColumns(n, t.Name))
	if err != nil {
		return "", nil, errAt(errs.SyntaxError, tr.stmt.stmtPos(), "cannot store index predicate: %v", err)
	}
	var cols []string
	eachColumnRef(n.ProtoReflect(), func(cr *pg.ColumnRef) {
		if k := len(cr.Fields); k > 0 {
			if s := cr.Fields[k-1].GetString_(); s != nil && !slices.Contains(cols, s.Sval) {
				cols = append(cols, s.Sval)
			}
		}
	})
	return text, cols, nil
}

// firstSubLink finds a subquery in an expression, with its position.
func firstSubLink(n *pg.Node) (int32, bool) {
	var pos int32
	found := false
	walkTree(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if sl, ok := m.Interface().(*pg.SubLink); ok {
			pos, found = sl.Location, true
		}
		return !found
	})
	return pos, found
}

// predicateText is the stored text of an index predicate, in the form
// pg_get_indexdef shows it (not pretty): deparsed, in parentheses unless
// it is a column or a function call: (deleted_at IS NULL), active.
func predicateText(n *pg.Node) (string, error) {
	if n.GetColumnRef() == nil {
		return indexExprText(n)
	}
	sel := &pg.SelectStmt{TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(n, 0)}}
	text, err := deparse(&pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}})
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(text, "SELECT "), nil
}

// predicateConjuncts splits stored predicate text at its top-level ANDs
// into the stored texts of the parts, so that two predicates compare
// part by part whatever their order. Text that does not parse is one
// part (it then matches only itself).
func predicateConjuncts(text string) []string {
	res, err := pg.Parse("SELECT " + text)
	if err != nil || len(res.Stmts) != 1 || len(res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()) != 1 {
		return []string{text}
	}
	n := res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()[0].GetResTarget().Val
	var out []string
	var split func(n *pg.Node)
	split = func(n *pg.Node) {
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_AND_EXPR {
			for _, a := range b.Args {
				split(a)
			}
			return
		}
		s, err := predicateText(n)
		if err != nil {
			s = text
		}
		out = append(out, s)
	}
	split(n)
	return out
}

// impliesPredicate reports whether a condition given as stored predicate
// text (ON CONFLICT ... WHERE) implies the partial index predicate pred:
// every conjunct of pred is one of the condition's, as PostgreSQL's
// inference proves it for the common cases.
func impliesPredicate(cond, pred string) bool {
	have := predicateConjuncts(cond)
	for _, c := range predicateConjuncts(pred) {
		if !slices.Contains(have, c) {
			return false
		}
	}
	return true
}
