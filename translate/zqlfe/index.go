package zqlfe

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

const tagCreateIndex = "CREATE INDEX"

// createIndex is index::create(@name, { table: @t, fields: [...],
// unique: bool, kind: @btree | @hnsw, metric: @l2 | @cosine | @ip, m: int,
// ef_construction: int }). A field is @f, a nested path @a.b.c (or the
// string "a.b.c"), and a descending part is { field: @f, desc: true }.
func (t *translator) createIndex(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "index::create")
	if err != nil {
		return nil, err
	}
	if len(c.Args) != 2 {
		return nil, errAt(errs.UndefinedFunction, t.at(c), "index::create takes a name and options, not %d arguments", len(c.Args))
	}
	o, ok := c.Args[1].(*lang.Object)
	if !ok {
		return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "the options of index::create are an object { table: @t, fields: [@f, ...] }")
	}
	ix := catalog.Index{Name: name, Kind: catalog.IndexBTree}
	var fields lang.Expr
	rest := &lang.Object{Span: o.Span}
	for _, f := range o.Fields {
		if f.Key == "fields" {
			fields = f.Value
			continue
		}
		rest.Fields = append(rest.Fields, f)
	}
	opts, err := t.options(rest, "index::create", "table", "unique", "kind", "metric", "m", "ef_construction")
	if err != nil {
		return nil, err
	}
	tv, ok := opts["table"]
	if !ok {
		return nil, errAt(errs.InvalidParameterValue, t.at(c.Args[1]), "index::create needs the table: { table: @t, ... }")
	}
	table, err := t.nameValue(tv, t.at(c.Args[1]), "table")
	if err != nil {
		return nil, err
	}
	if fields == nil {
		return nil, errAt(errs.InvalidParameterValue, t.at(c.Args[1]), "index::create needs the fields: { fields: [@f, ...] }")
	}
	if v, ok := opts["unique"]; ok {
		if v.Kind() != value.KindBool {
			return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "unique is true or false, not %s", v.Kind())
		}
		ix.Unique = v.AsBool()
	}
	if v, ok := opts["kind"]; ok {
		k, err := t.nameValue(v, t.at(c.Args[1]), "kind")
		if err != nil {
			return nil, err
		}
		switch catalog.IndexKind(k) {
		case catalog.IndexBTree, catalog.IndexHNSW:
			ix.Kind = catalog.IndexKind(k)
		default:
			return nil, errAt(errs.InvalidParameterValue, t.at(c.Args[1]), "kind is @btree or @hnsw, not @%s", k)
		}
	}
	for _, k := range []string{"metric", "m", "ef_construction"} {
		v, ok := opts[k]
		if !ok {
			continue
		}
		if ix.Kind != catalog.IndexHNSW {
			return nil, errAt(errs.InvalidParameterValue, t.at(c.Args[1]), "option %q is for kind @hnsw", k)
		}
		if ix.Options == nil {
			ix.Options = map[string]string{}
		}
		switch v.Kind() {
		case value.KindSymbol, value.KindString:
			ix.Options[k] = v.AsString()
		case value.KindInt:
			ix.Options[k] = strconv.FormatInt(v.AsInt(), 10)
		default:
			return nil, errAt(errs.DatatypeMismatch, t.at(c.Args[1]), "option %q is a symbol or an int, not %s", k, v.Kind())
		}
	}
	list, ok := fields.(*lang.List)
	if !ok || len(list.Elems) == 0 {
		return nil, errAt(errs.DatatypeMismatch, t.at(fields), "fields is a list of fields such as [@age, @address.city]")
	}
	for _, e := range list.Elems {
		part, err := t.indexField(e)
		if err != nil {
			return nil, err
		}
		ix.Parts = append(ix.Parts, part)
	}
	if ix.Unique && ix.Kind == catalog.IndexHNSW {
		return nil, errAt(errs.FeatureNotSupported, t.at(c.Args[1]), "a @hnsw index cannot be unique")
	}
	return ddl(&plan.CreateIndex{Table: table, Index: ix}, tagCreateIndex), nil
}

// indexField reads one field of index::create: @f, @a.b (a nested path),
// "a.b", or { field: @f, desc: true }.
func (t *translator) indexField(e lang.Expr) (catalog.IndexPart, error) {
	if o, ok := e.(*lang.Object); ok {
		var part catalog.IndexPart
		seen := false
		for _, f := range o.Fields {
			switch f.Key {
			case "field":
				p, err := t.indexField(f.Value)
				if err != nil {
					return part, err
				}
				part.Path, seen = p.Path, true
			case "desc":
				b, ok := f.Value.(*lang.BoolLit)
				if !ok {
					return part, errAt(errs.DatatypeMismatch, t.at(f), "desc is true or false")
				}
				part.Desc = b.Value
			default:
				return part, errAt(errs.InvalidParameterValue, t.at(f), "unknown option %q of an index field (known: field, desc)", f.Key)
			}
		}
		if !seen {
			return part, errAt(errs.InvalidParameterValue, t.at(e), "an index field written as an object needs field: @f")
		}
		return part, nil
	}
	path, ok := fieldPath(e)
	if !ok {
		return catalog.IndexPart{}, errAt(errs.DatatypeMismatch, t.at(e), "an index field is @f, a nested path @a.b, or { field: @f, desc: true }")
	}
	return catalog.IndexPart{Path: path}, nil
}

func fieldPath(e lang.Expr) ([]string, bool) {
	switch x := e.(type) {
	case *lang.SymbolLit:
		return []string{x.Name}, true
	case *lang.StringLit:
		if x.Value == "" {
			return nil, false
		}
		parts := strings.Split(x.Value, ".")
		for _, p := range parts {
			if p == "" {
				return nil, false
			}
		}
		return parts, true
	case *lang.FieldAccess:
		p, ok := fieldPath(x.X)
		if !ok {
			return nil, false
		}
		return append(p, x.Name), true
	}
	return nil, false
}

// describeIndexes adds a table's indexes, if it has any, to describe
// table.@t.
func describeIndexes(o *value.Object, tb *catalog.Table) {
	if len(tb.Indexes) == 0 {
		return
	}
	ixs := make([]value.Value, len(tb.Indexes))
	for i := range tb.Indexes {
		ix := &tb.Indexes[i]
		io := value.NewObject(5)
		io.Set("name", value.String(ix.Name))
		io.Set("kind", value.Symbol(string(ix.Kind)))
		io.Set("unique", value.Bool(ix.Unique))
		fs := make([]value.Value, len(ix.Parts))
		for j, p := range ix.Parts {
			s := strings.Join(p.Path, ".")
			if p.Desc {
				s += " desc"
			}
			fs[j] = value.String(s)
		}
		io.Set("fields", value.List(fs))
		ixs[i] = value.ObjectOf(io)
	}
	o.Set("indexes", value.List(ixs))
}
