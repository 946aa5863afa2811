package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// routineObject reports whether GRANT's object type is one of the
// kinds of functions.
func routineObject(t pg.ObjectType) bool {
	return t == pg.ObjectType_OBJECT_FUNCTION || t == pg.ObjectType_OBJECT_PROCEDURE || t == pg.ObjectType_OBJECT_ROUTINE
}

// grantRoutines translates GRANT and REVOKE ... ON FUNCTION | PROCEDURE
// | ROUTINE name[(argtypes)], ... and ON ALL FUNCTIONS | PROCEDURES |
// ROUTINES IN SCHEMA s. The functions are found as ALTER FUNCTION finds
// them (42883, 42809 for a procedure named as a function or the other
// way round; ON FUNCTION takes aggregates, as in PostgreSQL); they must
// be of one schema, which the statement runs in. Built-in functions
// are every role's to call: their privileges do not change (0A000).
func (tr *translator) grantRoutines(g *pg.GrantStmt, n *plan.Grant, tag string) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	n.Routines = true
	kind := strings.ToLower(strings.TrimPrefix(g.Objtype.String(), "OBJECT_"))
	schema := tr.stmtSchema
	switch g.Targtype {
	case pg.GrantTargetType_ACL_TARGET_OBJECT:
		first := true
		for _, o := range g.Objects {
			ow := o.GetObjectWithArgs()
			names := ow.GetObjname()
			if bare := names[len(names)-1].GetString_().GetSval(); tr.builtinName(bare) {
				if len(names) == 2 && names[0].GetString_().GetSval() == "pg_catalog" {
					return nil, unsupported(p, tag+" on built-in functions, which every role may call")
				}
				if _, found, err := tr.storedFunction(qualifiedName(names)); err != nil {
					return nil, err
				} else if !found {
					return nil, unsupported(p, tag+" on built-in functions, which every role may call")
				}
			}
			lookup := g.Objtype
			if lookup == pg.ObjectType_OBJECT_FUNCTION {
				// ON FUNCTION names aggregates too.
				lookup = pg.ObjectType_OBJECT_ROUTINE
			}
			s, f, err := tr.alteredFunction(ow, lookup)
			if err != nil {
				return nil, err
			}
			if g.Objtype == pg.ObjectType_OBJECT_FUNCTION && f.IsProcedure() {
				return nil, errs.New(errs.WrongObjectType, "%s is not a function", f.Signature())
			}
			if !first && s != schema {
				return nil, unsupported(p, "a statement on functions of several schemas")
			}
			first, schema = false, s
			n.Objects = append(n.Objects, f.Name)
		}
	case pg.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA:
		// The statement runs in the schema (ddlTarget).
		for _, o := range g.Objects {
			if err := tr.inStatementSchema(o.GetString_().GetSval(), p); err != nil {
				return nil, err
			}
		}
		n.AllInSchema, n.RoutineKind = true, kind
	default:
		return nil, unsupported(p, tag+" of default privileges")
	}
	st, err := tr.grantPrivileges(g, n, tag)
	if err != nil {
		return nil, err
	}
	if extra := n.Privs &^ catalog.FunctionPrivileges; extra != 0 {
		return nil, errs.New(errs.InvalidGrantOperation, "invalid privilege type %s for %s", extra.Name(), kind)
	}
	st.Schema = schema
	return st, nil
}

// defaultKinds are the kinds of objects ALTER DEFAULT PRIVILEGES keeps
// privileges for, and how its errors name them.
var defaultKinds = map[pg.ObjectType]struct {
	kind byte
	name string
}{
	pg.ObjectType_OBJECT_TABLE:    {catalog.DefaultTables, "relation"},
	pg.ObjectType_OBJECT_SEQUENCE: {catalog.DefaultSequences, "sequence"},
	pg.ObjectType_OBJECT_FUNCTION: {catalog.DefaultFunctions, "function"},
	pg.ObjectType_OBJECT_SCHEMA:   {catalog.DefaultSchemas, "schema"},
}

// alterDefaultPrivileges translates ALTER DEFAULT PRIVILEGES [FOR ROLE
// r, ...] [IN SCHEMA s, ...] GRANT | REVOKE ... ON TABLES | SEQUENCES |
// FUNCTIONS | ROUTINES | SCHEMAS (PostgreSQL's 0LP01 for IN SCHEMA with
// SCHEMAS and for a privilege the kind has not); ON TYPES is 0A000, as
// types have no privileges in zerodb.
func (tr *translator) alterDefaultPrivileges(a *pg.AlterDefaultPrivilegesStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	const tag = "ALTER DEFAULT PRIVILEGES"
	g := a.GetAction()
	k, ok := defaultKinds[g.GetObjtype()]
	if !ok {
		return nil, unsupported(p, tag+" on "+strings.ToLower(strings.TrimPrefix(g.GetObjtype().String(), "OBJECT_"))+"s")
	}
	switch {
	case g.GrantOption:
		return nil, unsupported(p, "WITH GRANT OPTION and GRANT OPTION FOR")
	case g.Grantor != nil:
		return nil, unsupported(p, "GRANTED BY")
	}
	n := &plan.AlterDefaultPrivileges{Kind: k.kind}
	for _, o := range a.GetOptions() {
		d := o.GetDefElem()
		for _, item := range d.GetArg().GetList().GetItems() {
			switch d.GetDefname() {
			case "roles":
				spec, err := roleSpec(item.GetRoleSpec())
				if err != nil {
					return nil, err
				}
				n.Roles = append(n.Roles, spec)
			case "schemas":
				n.Schemas = append(n.Schemas, item.GetString_().GetSval())
			}
		}
	}
	if len(n.Schemas) > 0 && k.kind == catalog.DefaultSchemas {
		return nil, errs.New(errs.InvalidGrantOperation, "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS")
	}
	n.Grant = plan.Grant{Revoke: !g.IsGrant, All: len(g.Privileges) == 0}
	if _, err := tr.grantPrivileges(g, &n.Grant, tag); err != nil {
		return nil, err
	}
	if extra := n.Grant.Privs &^ catalog.KindPrivileges(k.kind); extra != 0 {
		return nil, errs.New(errs.InvalidGrantOperation, "invalid privilege type %s for %s", extra.Name(), k.name)
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: tag, Root: n}, nil
}
