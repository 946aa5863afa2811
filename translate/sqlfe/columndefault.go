package sqlfe

import (
	"context"

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
// (there is no row), a subquery and a parameter.
func (tr *translator) refuseInDefault(n *pg.Node) error {
	var ref *pg.ColumnRef
	eachColumnRef(n.ProtoReflect(), func(cr *pg.ColumnRef) {
		if ref == nil {
			ref = cr
		}
	})
	if ref != nil {
		return errAt(errs.FeatureNotSupported, tr.pos(ref.Location), "cannot use column reference in DEFAULT expression")
	}
	if pos, ok := firstSubLink(n); ok {
		return errAt(errs.FeatureNotSupported, tr.pos(pos), "cannot use subquery in DEFAULT expression")
	}
	// A utility statement has no parameters, and a stored default must
	// not keep one.
	var param *pg.ParamRef
	walkTree(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if p, ok := m.Interface().(*pg.ParamRef); ok && param == nil {
			param = p
		}
		return param == nil
	})
	if param != nil {
		return errAt(codeUndefinedParameter, tr.pos(param.Location), "there is no parameter $%d", param.Number)
	}
	return nil
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
