package sqlfe

import (
	"cmp"
	"context"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// defaultCtx is the context of a DEFAULT expression: no row, no column.
func defaultCtx() *exprCtx { return &exprCtx{clause: "DEFAULT expressions"} }

// refuseInDefault refuses what PostgreSQL does not allow in a DEFAULT
// before the translation would report it otherwise: a column reference
// (there is no row), a subquery and a parameter (a utility statement has
// none, and a stored default must not keep one). The first of them in
// the tree is reported, as PostgreSQL's transformation meets it.
func (tr *translator) refuseInDefault(n *pg.Node) error {
	var err error
	walkTree(n.ProtoReflect(), func(m protoreflect.Message) bool {
		switch x := m.Interface().(type) {
		case *pg.ColumnRef:
			err = errAt(errs.FeatureNotSupported, tr.pos(x.Location), "cannot use column reference in DEFAULT expression")
		case *pg.SubLink:
			err = errAt(errs.FeatureNotSupported, tr.pos(x.Location), "cannot use subquery in DEFAULT expression")
		case *pg.ParamRef:
			err = errAt(codeUndefinedParameter, tr.pos(x.Location), "there is no parameter $%d", x.Number)
		}
		return err == nil
	})
	return err
}

// CompileDefault compiles the default expression of field f of table t
// (catalog.Field.DefaultExpr) for a write: the executor's
// DefaultCompiler. The expression has the field's type, by PostgreSQL's
// assignment coercion.
func CompileDefault(ctx context.Context, r translate.Resolver, t *catalog.Table, f *catalog.Field) (plan.Expr, error) {
	tr := &translator{ctx: ctx, r: r}
	return tr.storedDefault(f)
}

// storedDefault translates f's default expression as a write of the
// column would take it.
func (tr *translator) storedDefault(f *catalog.Field) (plan.Expr, error) {
	return tr.storedExpr("default", f.DefaultExpr, 0, func(n *pg.Node) (plan.Expr, error) {
		x, err := tr.expr(n, defaultCtx())
		if err != nil {
			return nil, err
		}
		return tr.assign(x, target{name: f.Name, t: f.Type, field: f})
	})
}

// defaultUser is a column whose default expression calls a function.
type defaultUser struct {
	table *catalog.Table
	field string
}

func (d defaultUser) String() string {
	return "default value for column " + d.field + " of table " + d.table.Name
}

// defaultsCalling lists the columns of the current schema's tables whose
// default expression calls the function name (bare or qualified by
// schema): what PostgreSQL's pg_depend would make DROP FUNCTION refuse,
// or drop with CASCADE. Calls are matched by name, as the stored text
// names them.
func (tr *translator) defaultsCalling(schema, name string) ([]defaultUser, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return nil, nil
	}
	tables, err := cr.CatalogNames(tr.ctx, "table")
	if err != nil {
		return nil, err
	}
	var out []defaultUser
	for _, tn := range tables {
		t, err := tr.r.Table(tr.ctx, tn)
		if err != nil {
			continue // not a table SQL sees (a ZQL object's name)
		}
		for i := range t.Fields {
			if f := &t.Fields[i]; f.DefaultExpr != "" && callsFunction(f.DefaultExpr, schema, name) {
				out = append(out, defaultUser{table: t, field: f.Name})
			}
		}
	}
	return out, nil
}

// callsFunction reports whether the stored expression text calls the
// function name, bare or qualified by schema ("" for public).
func callsFunction(text, schema, name string) bool {
	res, err := pg.Parse("SELECT " + text)
	if err != nil {
		return false
	}
	found := false
	walkTree(res.ProtoReflect(), func(m protoreflect.Message) bool {
		fc, ok := m.Interface().(*pg.FuncCall)
		if !ok || found {
			return !found
		}
		parts := fc.Funcname
		switch {
		case len(parts) == 1:
			found = parts[0].GetString_().GetSval() == name
		case len(parts) == 2:
			found = parts[1].GetString_().GetSval() == name && parts[0].GetString_().GetSval() == cmp.Or(schema, "public")
		}
		return !found
	})
	return found
}

// cascadeDefaults checks a DROP FUNCTION against the column defaults
// calling the function: without CASCADE it is 2BP01 naming them, with
// it their defaults are dropped (the returned ALTER TABLE nodes, to run
// before the function goes).
func (tr *translator) cascadeDefaults(schema, name, what string, cascade bool) ([]plan.Node, []defaultUser, error) {
	users, err := tr.defaultsCalling(schema, name)
	if err != nil || len(users) == 0 {
		return nil, nil, err
	}
	if !cascade {
		detail := make([]string, len(users))
		for i, u := range users {
			detail[i] = u.String() + " depends on " + what
		}
		return nil, nil, errs.New(codeDependentObjects, "cannot drop %s because other objects depend on it", what).
			WithDetail("%s", strings.Join(detail, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	nodes := make([]plan.Node, len(users))
	for i, u := range users {
		f, _, _ := u.table.FieldByName(u.field)
		nodes[i] = &plan.AlterTable{Name: u.table.Name, Actions: []plan.AlterAction{{Kind: plan.AlterColumnDefault, Column: u.field,
			Field: catalog.Field{Name: u.field, Type: f.Type}}}}
	}
	return nodes, users, nil
}
