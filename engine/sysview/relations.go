package sysview

import (
	"math"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Schemas of the virtual relations.
const (
	PgCatalog         = "pg_catalog"
	InformationSchema = "information_schema"
)

// Column types of the catalogs, PostgreSQL's but for oid, which zerodb
// lacks: OIDs are bigint (every OID fits, and clients read them as
// integers).
var (
	tOID   = value.TypeInt8
	tName  = value.TypeName
	tChar  = value.TypeChar
	tText  = value.TypeText
	tBool  = value.TypeBool
	tInt2  = value.TypeInt2
	tInt4  = value.TypeInt4
	tInt8  = value.TypeInt8
	tFloat = value.TypeFloat4
	tTime  = value.TypeTimestampTZ

	tRegtype      = regCol(2206)
	tRegclass     = regCol(2205)
	tRegnamespace = regCol(4089)
	tRegrole      = regCol(4096)
	tTextArray    = arrayOf(value.TypeText)
	tOIDArray     = arrayOf(tOID)
	tInt2Array    = arrayOf(value.TypeInt2)
)

// regCol is a column of the reg* type with that OID (regtype 2206,
// regclass 2205, ...): an OID the SQL front end shows by the object's
// name.
func regCol(oid uint32) value.Type {
	t := value.TypeInt8
	t.RegOID = oid
	return t
}

// arrayOf is the SQL array type of elem: the catalogs' acl, option and
// key-list columns are arrays in PostgreSQL.
func arrayOf(elem value.Type) value.Type { return value.ArrayOf(elem) }

type col struct {
	name string
	t    value.Type
}

// relation is one virtual relation: PostgreSQL's columns (those clients
// read, in PostgreSQL's order) and the function producing its rows.
type relation struct {
	oid    uint32
	schema string
	name   string
	kind   byte // relkind: 'r' for catalogs, 'v' for views
	cols   []col
	rows   func(m *model, out *rowSet) error
}

// catalogKeys are the relations whose rows rows makes one relation
// (model.each) at a time, each row holding that relation's OID in the
// column named here: RowsOf makes only one relation's rows.
var catalogKeys = map[string]string{"pg_class": "oid", "pg_attribute": "attrelid", "pg_attrdef": "adrelid"}

// virtualBase is the first catalog.Table.ID of the virtual relations'
// descriptors: far above any id the catalog's sequences hand out.
const virtualBase uint64 = 1 << 62

// IsVirtual reports whether a table descriptor is a virtual relation's.
func IsVirtual(t *catalog.Table) bool { return t != nil && t.ID >= virtualBase }

// Lookup finds a virtual relation: schema "" searches pg_catalog only, as
// PostgreSQL's search path puts pg_catalog first (information_schema's
// names must be qualified). The descriptor is schemafull with the
// relation's columns and no primary key (a scan's keys are row numbers).
func Lookup(schema, name string) (*catalog.Table, bool) {
	if schema == "" {
		// Every statement's unqualified table names come here first:
		// pg_catalog's names all start with pg_.
		if !strings.HasPrefix(name, "pg_") {
			return nil, false
		}
		schema = PgCatalog
	}
	for i := range relations {
		r := &relations[i]
		if r.schema == schema && r.name == name {
			return r.table(i), true
		}
	}
	return nil, false
}

func (r *relation) table(i int) *catalog.Table {
	fields := make([]catalog.Field, len(r.cols))
	for j, c := range r.cols {
		fields[j] = catalog.Field{Name: c.name, Type: c.t, Optional: true}
	}
	t := &catalog.Table{ID: virtualBase + uint64(i), Name: r.name, Schemafull: true, Fields: fields, CreatedBy: "sql"}
	if r.schema == PgCatalog {
		t.CatalogKey = catalogKeys[r.name]
	}
	return t
}

// Rows computes the rows of a virtual relation's descriptor t as scan
// rows: [row number, object of the columns].
func Rows(e *Env, t *catalog.Table) ([][2]value.Value, error) {
	return rows(e, t, nil)
}

// RowsOf is Rows of a relation with a CatalogKey, limited to the rows
// whose key column holds oid: a catalog query of one table (psql's \d,
// an ORM's introspection) makes that table's rows, not every one's.
func RowsOf(e *Env, t *catalog.Table, oid int64) ([][2]value.Value, error) {
	if t.CatalogKey == "" {
		return nil, errs.New(errs.InternalError, "sysview: %q has no catalog key", t.Name)
	}
	if oid < 0 || oid > math.MaxUint32 {
		return nil, nil // no relation has it
	}
	only := uint32(oid)
	return rows(e, t, &only)
}

func rows(e *Env, t *catalog.Table, only *uint32) ([][2]value.Value, error) {
	if t != nil && t.ID >= seqRelBase {
		return sequenceRows(e, t)
	}
	if !IsVirtual(t) || t.ID-virtualBase >= uint64(len(relations)) {
		return nil, errs.New(errs.InternalError, "sysview: %q is not a virtual relation", t.Name)
	}
	r := &relations[t.ID-virtualBase]
	m := newModel(e)
	m.only = only
	out := &rowSet{cols: r.cols}
	if err := r.rows(m, out); err != nil {
		return nil, err
	}
	if out.err != nil {
		return nil, out.err
	}
	return out.rows, nil
}

// rowSet collects a relation's rows, converting Go values to the
// columns' types.
type rowSet struct {
	cols []col
	rows [][2]value.Value
	err  error
}

// add appends a row; vals are in column order (nil is NULL).
func (s *rowSet) add(vals ...any) {
	if s.err != nil {
		return
	}
	if len(vals) != len(s.cols) {
		s.err = errs.New(errs.InternalError, "sysview: row of %d values for %d columns", len(vals), len(s.cols))
		return
	}
	o := value.NewObject(len(vals))
	for i, v := range vals {
		x, ok := toValue(v, s.cols[i].t)
		if !ok {
			s.err = errs.New(errs.InternalError, "sysview: column %q: value of Go type %T", s.cols[i].name, v)
			return
		}
		o.Set(s.cols[i].name, x)
	}
	s.rows = append(s.rows, [2]value.Value{value.Int(int64(len(s.rows) + 1)), value.ObjectOf(o)})
}

func toValue(v any, t value.Type) (value.Value, bool) {
	switch x := v.(type) {
	case nil:
		return value.None, true
	case value.Value:
		return x, true
	case string:
		return value.String(x), true
	case byte:
		// A "char" column; '\0' is PostgreSQL's empty "char".
		if x == 0 {
			return value.String(""), true
		}
		return value.String(string(rune(x))), true
	case bool:
		return value.Bool(x), true
	case uint32:
		return value.IntW(int64(x), t.Width), true
	case int:
		return value.IntW(int64(x), t.Width), true
	case int16:
		return value.IntW(int64(x), t.Width), true
	case int32:
		return value.IntW(int64(x), t.Width), true
	case int64:
		return value.IntW(x, t.Width), true
	case float64:
		if t.Kind == value.KindFloat && t.FloatBits == 32 {
			return value.Float32(float32(x)), true
		}
		return value.Float(x), true
	}
	return value.None, false
}

// cols builds a column list from "name type" pairs.
func cols(spec ...any) []col {
	out := make([]col, 0, len(spec)/2)
	for i := 0; i+1 < len(spec); i += 2 {
		out = append(out, col{spec[i].(string), spec[i+1].(value.Type)})
	}
	return out
}
