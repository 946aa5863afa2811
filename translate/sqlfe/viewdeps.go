package sqlfe

import (
	"context"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// codeDependentObjects is PostgreSQL's dependent_objects_still_exist.
const codeDependentObjects = "2BP01"

// A view is stored as its query's text and translated where it is used,
// so what it depends on is found by translating it: a view depends on a
// relation or column being dropped when its query no longer translates
// without it, or translates to other columns (a * that showed a dropped
// column). Views that already fail to translate are left alone.

// dropping is what a DROP removes: relations (tables and views) by name,
// or one column of a table.
type dropping struct {
	relations []string
	table     string // with column: the column's table
	column    string
}

// hidingResolver resolves names as its resolver does, except what a
// DROP removes.
type hidingResolver struct {
	translate.ViewResolver
	d dropping
}

func (h *hidingResolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	// public.t is the database's table t.
	bare := strings.TrimPrefix(name, "public.")
	if slices.Contains(h.d.relations, bare) {
		return nil, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
	}
	t, err := h.ViewResolver.Table(ctx, name)
	if err != nil || h.d.column == "" || bare != h.d.table {
		return t, err
	}
	c := *t
	c.Fields = slices.DeleteFunc(slices.Clone(t.Fields), func(f catalog.Field) bool { return f.Name == h.d.column })
	return &c, nil
}

func (h *hidingResolver) View(ctx context.Context, name string) (*catalog.View, bool, error) {
	if slices.Contains(h.d.relations, name) {
		return nil, false, nil
	}
	return h.ViewResolver.View(ctx, name)
}

// dependentViews lists the views (not themselves dropped) that depend on
// what d drops, in name order.
func (tr *translator) dependentViews(d dropping) ([]string, error) {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok {
		return nil, nil
	}
	views, err := vr.Views(tr.ctx)
	if err != nil {
		return nil, err
	}
	hiding := &hidingResolver{ViewResolver: vr, d: d}
	var out []string
	for _, v := range views {
		if slices.Contains(d.relations, v.Name) {
			continue
		}
		before, err := tr.viewShape(vr, v.Name)
		if err != nil {
			if errs.Code(err) == errs.InternalError {
				return nil, err
			}
			continue // already broken: nothing of it to keep
		}
		after, err := tr.viewShape(hiding, v.Name)
		if err != nil || !slices.EqualFunc(before, after, func(a, b plan.Column) bool {
			return a.Name == b.Name && a.Type.OID() == b.Type.OID()
		}) {
			out = append(out, v.Name)
		}
	}
	return out, nil
}

// viewShape translates view name through r: its columns' names and types.
func (tr *translator) viewShape(r translate.Resolver, name string) ([]plan.Column, error) {
	sub := &translator{ctx: tr.ctx, r: r, stmt: tr.stmt, src: tr.src}
	_, cols, ok, err := sub.viewRef(&pg.RangeVar{Relname: name, Location: -1})
	if err == nil && !ok {
		err = errs.New(errs.UndefinedTable, "relation %q does not exist", name)
	}
	return cols, err
}

// dependentsError is PostgreSQL's refusal to drop what views depend on
// (without a position, as PostgreSQL's).
func dependentsError(what string, d dropping, views []string) error {
	detail := make([]string, len(views))
	for i, v := range views {
		on := "table " + d.table
		switch {
		case d.column != "":
			on = "column " + d.column + " of table " + d.table
		case len(d.relations) > 0:
			on = what
		}
		detail[i] = "view " + v + " depends on " + on
	}
	return errs.New(codeDependentObjects, "cannot drop %s because other objects depend on it", what).
		WithDetail("%s", strings.Join(detail, "\n")).
		WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// cascadeViews checks what a DROP removes against the views: without
// CASCADE a dependent view is 2BP01; with it the dependent views are
// dropped too (their DropObject nodes are returned, to run first).
func (tr *translator) cascadeViews(d dropping, what string, cascade bool) ([]plan.Node, []string, error) {
	views, err := tr.dependentViews(d)
	if err != nil || len(views) == 0 {
		return nil, nil, err
	}
	if !cascade {
		return nil, nil, dependentsError(what, d, views)
	}
	nodes := make([]plan.Node, len(views))
	for i, v := range views {
		nodes[i] = &plan.DropObject{Kind: "view", Name: v}
	}
	return nodes, views, nil
}
