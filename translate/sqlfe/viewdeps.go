package sqlfe

import (
	"context"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

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

// dropping is what a DROP removes: relations (tables and views) by
// name, one column of a table, functions, or whole schemas. Relations'
// names are "schema.name" ("public.name" for public's), as a view's
// stored query names them when it is expanded (storedName); the DROP's
// own bare names are its statement's schema's (qualify does that).
type dropping struct {
	relations []string
	table     string // with column: the column's table
	column    string
	functions []string
	schemas   []string
}

// qualify gives d's bare relation names the schema the statement runs
// in.
func (tr *translator) qualify(d dropping) dropping {
	schema := tr.stmtSchema
	if schema == "" {
		schema = "public"
	}
	q := func(name string) string {
		if name == "" || strings.IndexByte(name, '.') >= 0 {
			return name
		}
		return schema + "." + name
	}
	rels := make([]string, len(d.relations))
	for i, r := range d.relations {
		rels[i] = q(r)
	}
	d.relations, d.table = rels, q(d.table)
	return d
}

// hides reports whether d removes the relation a stored query names so
// (a bare name is public's there, but for the system catalogs', which
// a DROP never removes).
func (d *dropping) hides(name string) bool {
	if strings.IndexByte(name, '.') < 0 {
		name = "public." + name
	}
	schema, _, _ := strings.Cut(name, ".")
	return slices.Contains(d.relations, name) || slices.Contains(d.schemas, schema)
}

// hidingResolver resolves names as its resolver does, except what a
// DROP removes.
type hidingResolver struct {
	translate.ViewResolver
	d dropping
}

func (h *hidingResolver) Table(ctx context.Context, name string) (*catalog.Table, error) {
	if h.d.hides(name) {
		return nil, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
	}
	t, err := h.ViewResolver.Table(ctx, name)
	if err != nil || h.d.column == "" || name != h.d.table {
		return t, err
	}
	c := *t
	c.Fields = slices.DeleteFunc(slices.Clone(t.Fields), func(f catalog.Field) bool { return f.Name == h.d.column })
	return &c, nil
}

// StoredFunction, Enum, TypeDef and CatalogNames make a hidingResolver
// a translate.CatalogResolver when its resolver is one, so that views
// calling stored functions translate through it as through that one.
func (h *hidingResolver) StoredFunction(ctx context.Context, name string) (*catalog.Function, bool, error) {
	cr, ok := h.ViewResolver.(translate.CatalogResolver)
	key := name
	if strings.IndexByte(key, '.') < 0 {
		key = "public." + key // a stored query's bare names are public's
	}
	schema, _, _ := strings.Cut(key, ".")
	if !ok || slices.Contains(h.d.functions, key) || slices.Contains(h.d.schemas, schema) {
		return nil, false, nil
	}
	return cr.StoredFunction(ctx, name)
}

func (h *hidingResolver) Enum(ctx context.Context, name string) (*catalog.Enum, bool, error) {
	if cr, ok := h.ViewResolver.(translate.CatalogResolver); ok {
		return cr.Enum(ctx, name)
	}
	return nil, false, nil
}

func (h *hidingResolver) TypeDef(ctx context.Context, name string) (*catalog.TypeDef, bool, error) {
	if cr, ok := h.ViewResolver.(translate.CatalogResolver); ok {
		return cr.TypeDef(ctx, name)
	}
	return nil, false, nil
}

func (h *hidingResolver) CatalogNames(ctx context.Context, kind string) ([]string, error) {
	if cr, ok := h.ViewResolver.(translate.CatalogResolver); ok {
		return cr.CatalogNames(ctx, kind)
	}
	return nil, nil
}

func (h *hidingResolver) View(ctx context.Context, name string) (*catalog.View, bool, error) {
	if h.d.hides(name) {
		return nil, false, nil
	}
	return h.ViewResolver.View(ctx, name)
}

// dependent is a view or materialized view that depends on what a DROP
// removes.
type dependent struct {
	schema, name string // schema "" for public
	mat          bool
	// on is what it depends on when not what the DROP removes itself
	// ("materialized view m": what reads a dropped view's view).
	on string
}

// key is the dependent's name as dropping lists relations.
func (d dependent) key() string {
	if d.schema == "" {
		return "public." + d.name
	}
	return d.schema + "." + d.name
}

func (d dependent) String() string {
	name := qualified(d.schema, d.name)
	if d.mat {
		return "materialized view " + name
	}
	return "view " + name
}

// dependentViews lists the views and materialized views (not themselves
// dropped) that depend on what d drops. A view's dependence on a view
// shows through its expansion, but what reads a materialized view reads
// its table, not its query: so each dependent found is hidden in turn
// until no more are found.
func (tr *translator) dependentViews(d dropping) ([]dependent, error) {
	vr, ok := tr.r.(translate.ViewResolver)
	if !ok {
		return nil, nil
	}
	d = tr.qualify(d)
	views, err := vr.Views(tr.ctx)
	if err != nil {
		return nil, err
	}
	mats, err := vr.MatViews(tr.ctx)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		dependent
		mv     *catalog.Table
		before []plan.Column
	}
	var cands []candidate
	add := func(c candidate) error {
		if d.hides(c.key()) {
			return nil // dropped itself
		}
		before, err := tr.dependentShape(vr, c.dependent, c.mv)
		if err != nil {
			if errs.Code(err) == errs.InternalError {
				return err
			}
			return nil // already broken: nothing of it to keep
		}
		c.before = before
		cands = append(cands, c)
		return nil
	}
	for _, v := range views {
		if err := add(candidate{dependent: dependent{schema: v.Schema, name: v.View.Name}}); err != nil {
			return nil, err
		}
	}
	for _, m := range mats {
		if err := add(candidate{dependent: dependent{schema: m.Schema, name: m.Table.Name, mat: true}, mv: m.Table}); err != nil {
			return nil, err
		}
	}
	same := func(a, b []plan.Column) bool {
		return slices.EqualFunc(a, b, func(a, b plan.Column) bool { return a.Name == b.Name && a.Type.OID() == b.Type.OID() })
	}
	// dependsOn reports whether c's shape changes when r hides something.
	dependsOn := func(c candidate, r translate.Resolver) bool {
		after, err := tr.dependentShape(r, c.dependent, c.mv)
		return err != nil || !same(c.before, after)
	}
	hiding := &hidingResolver{ViewResolver: vr, d: d}
	found := make([]bool, len(cands))
	var out []dependent
	var outCands []candidate // out's candidates
	for i, c := range cands {
		if dependsOn(c, hiding) {
			found[i] = true
			out, outCands = append(out, c.dependent), append(outCands, c)
		}
	}
	// A view found through another it reads (v3 reading v2 reading the
	// dropped table) depends on that one, as PostgreSQL names it.
	for i, c := range outCands {
		for j, o := range out {
			if j != i && dependsOn(c, &hidingResolver{ViewResolver: vr, d: dropping{relations: []string{o.key()}}}) {
				out[i].on = o.String()
				break
			}
		}
	}
	hiding.d.relations = slices.Clone(d.relations)
	for _, o := range out {
		hiding.d.relations = append(hiding.d.relations, o.key())
	}
	for more := len(out) > 0; more; {
		more = false
		for i, c := range cands {
			if found[i] || !dependsOn(c, hiding) {
				continue
			}
			// An indirect dependent: name what it reads that goes.
			for _, o := range out {
				if dependsOn(c, &hidingResolver{ViewResolver: vr, d: dropping{relations: []string{o.key()}}}) {
					c.on = o.String()
					break
				}
			}
			found[i], more = true, true
			out = append(out, c.dependent)
			hiding.d.relations = append(hiding.d.relations, c.key())
		}
	}
	return out, nil
}

// dependentShape is the columns of view d, or of materialized view
// mv's query, translated through r.
func (tr *translator) dependentShape(r translate.Resolver, d dependent, mv *catalog.Table) ([]plan.Column, error) {
	if mv == nil {
		schema := d.schema
		if schema == "" {
			schema = "public"
		}
		return tr.viewShape(r, schema, d.name)
	}
	sub := &translator{ctx: tr.ctx, r: r, stmt: tr.stmt, src: tr.src, shapeOnly: true}
	_, cols, err := sub.matViewQuery(mv)
	return cols, err
}

// viewShape translates view schema.name through r: its columns' names
// and types.
func (tr *translator) viewShape(r translate.Resolver, schema, name string) ([]plan.Column, error) {
	sub := &translator{ctx: tr.ctx, r: r, stmt: tr.stmt, src: tr.src, shapeOnly: true}
	_, cols, ok, err := sub.viewRef(&pg.RangeVar{Schemaname: schema, Relname: name, Location: -1})
	if err == nil && !ok {
		err = errs.New(errs.UndefinedTable, "relation %q does not exist", name)
	}
	return cols, err
}

// dependentsError is PostgreSQL's refusal to drop what views depend on
// (without a position, as PostgreSQL's).
func dependentsError(what string, d dropping, views []dependent) error {
	detail := make([]string, len(views))
	for i, v := range views {
		on := "table " + d.table
		switch {
		case d.column != "":
			on = "column " + d.column + " of table " + d.table
		case len(d.relations) > 0 || len(d.functions) > 0 || len(d.schemas) > 0:
			on = what
		}
		if v.on != "" {
			on = v.on
		}
		detail[i] = v.String() + " depends on " + on
	}
	return errs.New(codeDependentObjects, "cannot drop %s because other objects depend on it", what).
		WithDetail("%s", strings.Join(detail, "\n")).
		WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}

// cascadeViews checks what a DROP removes against the views: without
// CASCADE a dependent view is 2BP01; with it the dependent views are
// dropped too (their DropObject nodes are returned, to run first, with
// their names and their "drop cascades to" notices).
func (tr *translator) cascadeViews(d dropping, what string, cascade bool) (nodes []plan.Node, names, notices []string, err error) {
	views, err := tr.dependentViews(d)
	if err != nil || len(views) == 0 {
		return nil, nil, nil, err
	}
	if !cascade {
		return nil, nil, nil, dependentsError(what, d, views)
	}
	nodes = make([]plan.Node, len(views))
	names = make([]string, len(views))
	notices = make([]string, len(views))
	for i, v := range views {
		// The dependent's own schema, whichever the statement runs in.
		schema, _, _ := strings.Cut(v.key(), ".")
		nodes[i], names[i], notices[i] = &plan.DropObject{Kind: "view", Name: v.name, Schema: schema}, v.name, "drop cascades to "+v.String()
		if v.mat {
			nodes[i] = &plan.DropTable{Name: v.name, MatView: true, Schema: schema}
		}
	}
	return nodes, names, notices, nil
}

// notifyCascaded has the drop n, the statement's last, send the notices
// of the views cascadeViews drops before it.
func notifyCascaded(n plan.Node, notices []string) {
	switch n := n.(type) {
	case *plan.DropObject:
		n.Notices = append(notices, n.Notices...)
	case *plan.DropTable:
		n.Notify, n.Notices = true, append(notices, n.Notices...)
	}
}

// QueryRelations lists the relations a stored view's query names in its
// FROM clauses (public's bare, a schema's as "schema.name"; the system
// catalogs' names are left out), without the
// names its WITH clauses define. It is what pg_depend says a view
// depends on: found in the text alone, so it needs no transaction, and
// a name that is no relation (a function in FROM) is for the caller to
// drop. A query that no longer parses names nothing.
func QueryRelations(query string) []string {
	res, err := pg.Parse(query)
	if err != nil {
		return nil
	}
	var names, ctes []string
	walkTree(res.ProtoReflect(), func(m protoreflect.Message) bool {
		switch x := m.Interface().(type) {
		case *pg.RangeVar:
			name := x.Relname
			switch {
			case systemSchema(x.Schemaname) || x.Schemaname == tempSchema:
				return true
			case x.Schemaname != "" && x.Schemaname != "public":
				name = x.Schemaname + "." + name
			}
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		case *pg.CommonTableExpr:
			ctes = append(ctes, x.Ctename)
		}
		return true
	})
	return slices.DeleteFunc(names, func(n string) bool { return slices.Contains(ctes, n) })
}
