package sqlfe

import (
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// largeObjectOID is the OID text a large object statement names: the
// grammar's NumericOnly, an integer or, past int4, a float's digits.
func largeObjectOID(n *pg.Node, pos int) (string, error) {
	var text string
	switch {
	case n.GetInteger() != nil:
		text = strconv.FormatInt(int64(n.GetInteger().GetIval()), 10)
	case n.GetFloat() != nil:
		text = n.GetFloat().GetFval()
	}
	v, err := strconv.ParseUint(text, 10, 32)
	if err != nil {
		return "", errAt(errs.InvalidTextRepresentation, pos, "invalid input syntax for type oid: %q", text)
	}
	return strconv.FormatUint(v, 10), nil
}

// grantLargeObjects translates GRANT and REVOKE ... ON LARGE OBJECT n.
func (tr *translator) grantLargeObjects(g *pg.GrantStmt, n *plan.Grant, tag string) (*plan.Statement, error) {
	for _, o := range g.Objects {
		oid, err := largeObjectOID(o, tr.stmt.stmtPos())
		if err != nil {
			return nil, err
		}
		n.Objects = append(n.Objects, oid)
	}
	n.LargeObjects = true
	return tr.grantPrivileges(g, n, tag)
}

// commentLargeObject translates COMMENT ON LARGE OBJECT n IS ...
func (tr *translator) commentLargeObject(c *pg.CommentStmt, n *plan.Comment) (*plan.Statement, error) {
	oid, err := largeObjectOID(c.Object, tr.stmt.stmtPos())
	if err != nil {
		return nil, err
	}
	n.Table, n.Kind = oid, "large object"
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "COMMENT", Root: n}, nil
}

// largeObjectOwner translates ALTER LARGE OBJECT n OWNER TO role.
func (tr *translator) largeObjectOwner(s *pg.AlterOwnerStmt) (*plan.Statement, error) {
	oid, err := largeObjectOID(s.Object, tr.stmt.stmtPos())
	if err != nil {
		return nil, err
	}
	role, err := newOwner(s.Newowner)
	if err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER LARGE OBJECT", Root: &plan.ChangeOwner{Kind: "large object", Name: oid, Role: role}}, nil
}
