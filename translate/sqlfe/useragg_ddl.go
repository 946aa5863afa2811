package sqlfe

import (
	"cmp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
)

// ALTER AGGREGATE ... RENAME TO (DROP AGGREGATE is dropFunction's, OWNER
// TO alterOwner's, SET SCHEMA moveObject's, COMMENT ON AGGREGATE
// comment's: an aggregate is a function of the catalog's).

// aggregateTarget is the aggregate ALTER or COMMENT names (with its
// argument types, which must be its own): its schema and name.
func (tr *translator) aggregateTarget(ow *pg.ObjectWithArgs) (schema, name string, err error) {
	if schema, name, err = tr.functionTarget(ow.GetObjname(), false); err != nil {
		return "", "", err
	}
	f, found, err := tr.storedFunction(qualified(schema, name))
	if err != nil {
		return "", "", err
	}
	var types []string
	for _, a := range ow.GetObjargs() {
		_, t, err := tr.paramType(a.GetTypeName())
		if err != nil {
			return "", "", err
		}
		types = append(types, t)
	}
	sig := name + "(" + strings.Join(types, ", ") + ")"
	switch {
	case found && !ow.GetArgsUnspecified() && sig != f.Signature(), !found:
		if len(types) == 0 {
			sig = name + "(*)"
		}
		return "", "", errs.New(errs.UndefinedFunction, "aggregate %s does not exist", sig)
	case !f.IsAggregate():
		return "", "", errs.New(errs.WrongObjectType, "function %s is not an aggregate", f.Signature())
	}
	return schema, name, nil
}

// renameAggregate translates ALTER AGGREGATE ... RENAME TO. A view that
// calls the aggregate would stop working (it is stored as text), so the
// rename is refused then, as a table's is.
func (tr *translator) renameAggregate(r *pg.RenameStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, name, err := tr.aggregateTarget(r.Object.GetObjectWithArgs())
	if err != nil {
		return nil, err
	}
	if tr.builtinName(r.Newname) {
		return nil, errAt(errs.FeatureNotSupported, p, "feature not supported: an aggregate named %s: zerodb has a builtin function of that name, which calls would always reach", r.Newname)
	}
	views, err := tr.dependentViews(dropping{functions: []string{cmp.Or(schema, "public") + "." + name}})
	if err != nil {
		return nil, err
	}
	if len(views) > 0 {
		return nil, errs.New(errs.FeatureNotSupported, "cannot rename aggregate %s because %s depends on it", name, views[0]).
			WithHint("Drop the view and create it again after the rename.")
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: "ALTER AGGREGATE", Schema: schema,
		Root: &plan.RenameObject{Kind: "function", Name: name, NewName: r.Newname}}, nil
}
