package sqlfe

import (
	"cmp"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// ALTER FUNCTION | PROCEDURE | ROUTINE name[(argtypes)] action ... sets
// a SQL-defined function's attributes: the translation is the function
// as it becomes, stored by the executor as CREATE OR REPLACE stores one
// (plan.CreateFunction, which keeps its owner and comment). RENAME TO,
// OWNER TO and SET SCHEMA are the statements of their own kinds
// (renameFunction, alterOwner, moveObject).

// alterTags are the command tags of ALTER of the kinds of functions.
var alterTags = map[pg.ObjectType]string{
	pg.ObjectType_OBJECT_FUNCTION:  "ALTER FUNCTION",
	pg.ObjectType_OBJECT_PROCEDURE: "ALTER PROCEDURE",
	pg.ObjectType_OBJECT_ROUTINE:   "ALTER ROUTINE",
	pg.ObjectType_OBJECT_AGGREGATE: "ALTER AGGREGATE",
}

// alteredFunction finds the function an ALTER of kind names: 42883 when
// there is none (or the argument types are not its), 42809 when it is
// of another kind.
func (tr *translator) alteredFunction(ow *pg.ObjectWithArgs, kind pg.ObjectType) (schema string, f *catalog.Function, err error) {
	if kind == pg.ObjectType_OBJECT_AGGREGATE {
		schema, name, err := tr.aggregateTarget(ow)
		if err != nil {
			return "", nil, err
		}
		f, _, err = tr.storedFunction(qualified(schema, name))
		return schema, f, err
	}
	schema, name, err := tr.functionTarget(ow.GetObjname(), false)
	if err != nil {
		return "", nil, err
	}
	f, found, err := tr.storedFunction(qualified(schema, name))
	if err != nil {
		return "", nil, err
	}
	sig, err := tr.objectSignature(qualifiedName(ow.GetObjname()), ow)
	if err != nil {
		return "", nil, err
	}
	if found && !ow.ArgsUnspecified {
		own, _ := tr.objectSignature(name, ow)
		found = f.HasSignature(own)
	}
	if !found {
		what := "function"
		if kind == pg.ObjectType_OBJECT_PROCEDURE {
			what = "procedure"
		}
		if ow.ArgsUnspecified {
			return "", nil, errs.New(errs.UndefinedFunction, "could not find a %s named %q", what, qualifiedName(ow.GetObjname()))
		}
		return "", nil, errs.New(errs.UndefinedFunction, "%s %s does not exist", what, sig)
	}
	if err := droppedKind(f, kind); err != nil {
		return "", nil, err
	}
	return schema, f, nil
}

// alterFunction translates ALTER FUNCTION | PROCEDURE | ROUTINE's
// attribute actions, with PostgreSQL's checks.
func (tr *translator) alterFunction(a *pg.AlterFunctionStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, old, err := tr.alteredFunction(a.Func, a.Objtype)
	if err != nil {
		return nil, err
	}
	if old.Routine == nil {
		return nil, unsupported(p, "ALTER FUNCTION of a ZQL function")
	}
	f := *old
	r := *old.Routine
	r.Config = slices.Clone(r.Config)
	f.Routine = &r
	seen := map[string]bool{}
	for _, n := range a.Actions {
		if d := n.GetDefElem(); d != nil {
			if err := tr.routineAttribute(&r, d, seen, r.Procedure, "ALTER FUNCTION"); err != nil {
				return nil, err
			}
		}
	}
	if r.Rows != old.Routine.Rows && !r.SetOf {
		return nil, errs.New(errs.InvalidParameterValue, "ROWS is not applicable when function does not return a set")
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: alterTags[a.Objtype], Schema: schema,
		Root: &plan.CreateFunction{Function: &f, SQL: true, Replace: true}}, nil
}

// renameFunction translates ALTER FUNCTION | PROCEDURE | ROUTINE |
// AGGREGATE ... RENAME TO: refused (0A000) while a view calls it, as
// its stored query names it, and for the name of a builtin, which calls
// would reach instead.
func (tr *translator) renameFunction(r *pg.RenameStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, f, err := tr.alteredFunction(r.Object.GetObjectWithArgs(), r.RenameType)
	if err != nil {
		return nil, err
	}
	if tr.builtinName(r.Newname) {
		article := "a "
		if f.IsAggregate() {
			article = "an "
		}
		return nil, errAt(errs.FeatureNotSupported, p, "feature not supported: %s named %s: zerodb has a builtin function of that name, which calls would always reach", article+f.Kind(), r.Newname)
	}
	views, err := tr.dependentViews(dropping{functions: []string{cmp.Or(schema, "public") + "." + f.Name}})
	if err != nil {
		return nil, err
	}
	if len(views) > 0 {
		return nil, errs.New(errs.FeatureNotSupported, "cannot rename %s %s because %s depends on it", f.Kind(), f.Name, views[0]).
			WithHint("Drop the view and create it again after the rename.")
	}
	if _, found, err := tr.storedFunction(qualified(schema, r.Newname)); err != nil {
		return nil, err
	} else if found {
		return nil, errs.New(errs.DuplicateFunction, "function %s already exists in schema %q", r.Newname+strings.TrimPrefix(f.Signature(), f.Name), cmp.Or(schema, "public"))
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: alterTags[r.RenameType], Schema: schema,
		Root: &plan.RenameObject{Kind: "function", Name: f.Name, NewName: r.Newname}}, nil
}
