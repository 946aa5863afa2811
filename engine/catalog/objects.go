package catalog

import (
	"context"
	"fmt"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// A database's catalog objects besides tables: stored functions (ZQL's
// `function`, SQL's CREATE FUNCTION), enums (enum::create, CREATE TYPE
// ... AS ENUM) and named types (type::create, CREATE DOMAIN). Like tables
// they are descriptors under the database's catalog prefix, read inside
// the caller's transaction and cached by their stored bytes. Enums and
// named types share one name space (both are type names); functions of
// every language have their own.

// Function is a stored function: a ZQL function (zql.md §8: pure,
// typed), or a function defined by SQL's CREATE FUNCTION in LANGUAGE sql
// or plpgsql (routine.go). All share one name space per database — one
// function per name, no overloading — and every later statement of every
// session using the database can call them.
//
// For ZQL (Language "" or LangZQL), Source is the whole declaration as
// written (`function name(...) -> T { ... }`): the ZQL front end parses
// and compiles it wherever the function is called. Params and Result hold
// the declared types as they were resolved when the function was made, so
// a named type dropped later does not change them.
//
// For SQL-defined functions Source is the body (pg_proc.prosrc), Routine
// holds the rest of the declaration, and Params every parameter in
// declaration order, OUT and TABLE columns included (their Mode says
// which); Result is the declared scalar result type, nil when the
// function returns no single value of a type zerodb has (void, trigger,
// record, a table's row).
type Function struct {
	Database uint64
	Name     string
	// Language is LangSQL or LangPLpgSQL for a function defined by SQL,
	// "" for a ZQL function (LangZQL; descriptors written before
	// SQL-defined functions existed have none): use Lang.
	Language string
	Params   []FuncParam
	// Result is the declared result type; nil when not declared (any).
	Result *value.Type
	Source string
	// Routine is what CREATE FUNCTION declares beyond ZQL's declaration;
	// nil for a ZQL function.
	Routine *Routine
	// Aggregate is CREATE AGGREGATE's declaration; nil for a function
	// (aggregate.go).
	Aggregate *Aggregate
	// Comment is COMMENT ON FUNCTION's text ("": none).
	Comment string
	// Privileges are the owner (the role that made it) and the access
	// list of EXECUTE (pg_proc.proacl: nil is PUBLIC's and the owner's
	// EXECUTE).
	Privileges
}

// FuncParam is one parameter of a stored function.
type FuncParam struct {
	// Name is the parameter's name; "" for an unnamed parameter of a
	// SQL-defined function ($n only).
	Name string
	// Type is the declared type; nil when not declared (any value), or
	// when a SQL type zerodb cannot hold (TypeName says which).
	Type *value.Type
	// Default is the source text of the default value, "" for a required
	// parameter: ZQL for a ZQL function, a SQL expression (deparsed) for
	// a SQL-defined one.
	Default string
	// Mode is a SQL-defined function's parameter mode, as
	// pg_proc.proargmodes spells it: ModeIn (also 0), ModeOut, ModeInOut,
	// ModeVariadic or ModeTable (a column of RETURNS TABLE).
	Mode byte
	// TypeName is a SQL-defined function's parameter type as PostgreSQL's
	// format_type prints it ("integer", "text[]", "character varying",
	// a table's or enum's name): what signatures compare and pg_proc
	// shows. "" for ZQL.
	TypeName string
}

// Required is the number of leading parameters without a default.
func (f *Function) Required() int {
	n := 0
	for _, p := range f.Params {
		if p.Default != "" {
			break
		}
		n++
	}
	return n
}

// Enum is a named set of symbols (enum::create(@color, [@red, @green])).
// Its values are the symbols themselves; a field or parameter of the
// enum's type (EnumType) accepts exactly its variants.
type Enum struct {
	Database uint64
	Name     string
	Variants []string
	// Owner is the role that made it ("" is root).
	Owner string
	// Comment is COMMENT ON TYPE's text ("": none).
	Comment string
}

// TypeDef is a named type (type::create(@point, { x: float, y: float })),
// usable wherever a type is written. Type carries the name in Type.Name.
type TypeDef struct {
	Database uint64
	Name     string
	Type     value.Type
	// Domain marks a SQL domain (CREATE DOMAIN): Type is its base type
	// (unnamed) and Domain its constraints and default. nil for ZQL's
	// named types.
	Domain *Domain
	// Owner is the role that made it ("" is root).
	Owner string
	// Comment is COMMENT ON TYPE's (or DOMAIN's) text ("": none).
	Comment string
	// Range marks a range type of CREATE TYPE ... AS RANGE (Type is a
	// value.UserRangeType): what pg_range says of it. nil for others.
	Range *RangeDef
	// MultirangeOf marks the multirange type made with a range type of
	// one's own: the range type's name ("" for other types).
	MultirangeOf string
}

// RangeDef is what CREATE TYPE ... AS RANGE says beyond the subtype's
// value.Type (TypeDef.Type.Elem): the names pg_range and pg_dump show.
type RangeDef struct {
	// Subtype is the subtype as format_type names it (double precision,
	// a domain's or enum's name).
	Subtype string `json:"subtype"`
	// Multirange is the name of its multirange type.
	Multirange string `json:"multirange"`
	// SubtypeDiff is SUBTYPE_DIFF's function name ("": none); Opclass
	// SUBTYPE_OPCLASS's, Collation COLLATION's, as given ("": default).
	SubtypeDiff string `json:"subtype_diff,omitempty"`
	Opclass     string `json:"opclass,omitempty"`
	Collation   string `json:"collation,omitempty"`
}

// Domain is what a SQL domain adds to its base type: every value written
// to a column of the domain (or cast to it) must pass NotNull and Checks,
// and Default applies where the column has none of its own.
type Domain struct {
	NotNull bool `json:"not_null,omitempty"`
	// Default is the DEFAULT expression's SQL text ("": none): a
	// constant, or a call DefaultFunc or DefaultSeq says, as a column's
	// default (Field) may be: volatile calls are not compiled from the
	// text, which the executor compiles like an index expression.
	Default     string `json:"default,omitempty"`
	DefaultFunc string `json:"default_func,omitempty"`
	DefaultSeq  string `json:"default_seq,omitempty"`
	// Checks are the CHECK constraints, SQL text over the column VALUE
	// (deparsed, so it reads `value`), in the order they were added.
	Checks []Check `json:"checks,omitempty"`
}

// OIDBTreeAM is pg_am's btree, the Method of its operator classes.
const OIDBTreeAM uint32 = 403

// Opclass is an operator class of an index access method, as
// PostgreSQL 15's pg_opclass has it.
type Opclass struct {
	OID, Method uint32
	Name        string
	Family      uint32
	InType      uint32 // the type OID it orders
	Default     bool   // the default class of InType
	KeyType     uint32
}

// Opclasses are PostgreSQL 15's operator classes of the index access
// methods zerodb has (btree, hash, gist, gin, spgist), as its pg_opclass
// lists them (read-only): tools read an index's key columns' classes from
// pg_index.indclass and join them here by OID (drizzle-kit's
// introspection does). Generated from a PostgreSQL 15 with
// SELECT oid, opcmethod, opcname, opcfamily, opcintype, opcdefault,
// opckeytype FROM pg_opclass WHERE opcmethod IN (403, 405, 783, 2742, 4000)
// ORDER BY oid.
var Opclasses = [...]Opclass{
	{1978, 403, "int4_ops", 1976, 23, true, 0},
	{1979, 403, "int2_ops", 1976, 21, true, 0},
	{1981, 403, "oid_ops", 1989, 26, true, 0},
	{3122, 403, "date_ops", 434, 1082, true, 0},
	{3123, 403, "float8_ops", 1970, 701, true, 0},
	{3124, 403, "int8_ops", 1976, 20, true, 0},
	{3125, 403, "numeric_ops", 1988, 1700, true, 0},
	{3126, 403, "text_ops", 1994, 25, true, 0},
	{3127, 403, "timestamptz_ops", 434, 1184, true, 0},
	{3128, 403, "timestamp_ops", 434, 1114, true, 0},
	{4217, 403, "text_pattern_ops", 2095, 25, false, 0},
	{4218, 403, "varchar_pattern_ops", 2095, 25, false, 0},
	{4219, 403, "bpchar_pattern_ops", 2097, 1042, false, 0},
	{10000, 403, "array_ops", 397, 2277, true, 0},
	{10001, 405, "array_ops", 627, 2277, true, 0},
	{10002, 403, "bit_ops", 423, 1560, true, 0},
	{10003, 403, "bool_ops", 424, 16, true, 0},
	{10004, 403, "bpchar_ops", 426, 1042, true, 0},
	{10005, 405, "bpchar_ops", 427, 1042, true, 0},
	{10006, 403, "bytea_ops", 428, 17, true, 0},
	{10007, 403, "char_ops", 429, 18, true, 0},
	{10008, 405, "char_ops", 431, 18, true, 0},
	{10009, 403, "cidr_ops", 1974, 869, false, 0},
	{10010, 405, "cidr_ops", 1975, 869, false, 0},
	{10011, 405, "date_ops", 435, 1082, true, 0},
	{10012, 403, "float4_ops", 1970, 700, true, 0},
	{10013, 405, "float4_ops", 1971, 700, true, 0},
	{10014, 405, "float8_ops", 1971, 701, true, 0},
	{10015, 403, "inet_ops", 1974, 869, true, 0},
	{10016, 405, "inet_ops", 1975, 869, true, 0},
	{10017, 783, "inet_ops", 3550, 869, false, 0},
	{10018, 4000, "inet_ops", 3794, 869, true, 0},
	{10019, 405, "int2_ops", 1977, 21, true, 0},
	{10020, 405, "int4_ops", 1977, 23, true, 0},
	{10021, 405, "int8_ops", 1977, 20, true, 0},
	{10022, 403, "interval_ops", 1982, 1186, true, 0},
	{10023, 405, "interval_ops", 1983, 1186, true, 0},
	{10024, 403, "macaddr_ops", 1984, 829, true, 0},
	{10025, 405, "macaddr_ops", 1985, 829, true, 0},
	{10026, 403, "macaddr8_ops", 3371, 774, true, 0},
	{10027, 405, "macaddr8_ops", 3372, 774, true, 0},
	{10028, 403, "name_ops", 1994, 19, true, 2275},
	{10029, 405, "name_ops", 1995, 19, true, 0},
	{10030, 405, "numeric_ops", 1998, 1700, true, 0},
	{10031, 405, "oid_ops", 1990, 26, true, 0},
	{10032, 403, "oidvector_ops", 1991, 30, true, 0},
	{10033, 405, "oidvector_ops", 1992, 30, true, 0},
	{10034, 403, "record_ops", 2994, 2249, true, 0},
	{10035, 405, "record_ops", 6194, 2249, true, 0},
	{10036, 403, "record_image_ops", 3194, 2249, false, 0},
	{10037, 405, "text_ops", 1995, 25, true, 0},
	{10038, 403, "time_ops", 1996, 1083, true, 0},
	{10039, 405, "time_ops", 1997, 1083, true, 0},
	{10040, 405, "timestamptz_ops", 1999, 1184, true, 0},
	{10041, 403, "timetz_ops", 2000, 1266, true, 0},
	{10042, 405, "timetz_ops", 2001, 1266, true, 0},
	{10043, 403, "varbit_ops", 2002, 1562, true, 0},
	{10044, 403, "varchar_ops", 1994, 25, false, 0},
	{10045, 405, "varchar_ops", 1995, 25, false, 0},
	{10046, 405, "timestamp_ops", 2040, 1114, true, 0},
	{10047, 403, "money_ops", 2099, 790, true, 0},
	{10048, 405, "bool_ops", 2222, 16, true, 0},
	{10049, 405, "bytea_ops", 2223, 17, true, 0},
	{10050, 403, "tid_ops", 2789, 27, true, 0},
	{10051, 405, "xid_ops", 2225, 28, true, 0},
	{10052, 405, "xid8_ops", 5032, 5069, true, 0},
	{10053, 403, "xid8_ops", 5067, 5069, true, 0},
	{10054, 405, "cid_ops", 2226, 29, true, 0},
	{10055, 405, "tid_ops", 2227, 27, true, 0},
	{10056, 405, "text_pattern_ops", 2229, 25, false, 0},
	{10057, 405, "varchar_pattern_ops", 2229, 25, false, 0},
	{10058, 405, "bpchar_pattern_ops", 2231, 1042, false, 0},
	{10059, 405, "aclitem_ops", 2235, 1033, true, 0},
	{10060, 783, "box_ops", 2593, 603, true, 0},
	{10061, 783, "point_ops", 1029, 600, true, 603},
	{10062, 783, "poly_ops", 2594, 604, true, 603},
	{10063, 783, "circle_ops", 2595, 718, true, 603},
	{10064, 2742, "array_ops", 2745, 2277, true, 2283},
	{10065, 403, "uuid_ops", 2968, 2950, true, 0},
	{10066, 405, "uuid_ops", 2969, 2950, true, 0},
	{10067, 403, "pg_lsn_ops", 3253, 3220, true, 0},
	{10068, 405, "pg_lsn_ops", 3254, 3220, true, 0},
	{10069, 403, "enum_ops", 3522, 3500, true, 0},
	{10070, 405, "enum_ops", 3523, 3500, true, 0},
	{10071, 403, "tsvector_ops", 3626, 3614, true, 0},
	{10072, 783, "tsvector_ops", 3655, 3614, true, 3642},
	{10073, 2742, "tsvector_ops", 3659, 3614, true, 25},
	{10074, 403, "tsquery_ops", 3683, 3615, true, 0},
	{10075, 783, "tsquery_ops", 3702, 3615, true, 20},
	{10076, 403, "range_ops", 3901, 3831, true, 0},
	{10077, 405, "range_ops", 3903, 3831, true, 0},
	{10078, 783, "range_ops", 3919, 3831, true, 0},
	{10079, 4000, "range_ops", 3474, 3831, true, 0},
	{10080, 403, "multirange_ops", 4199, 4537, true, 0},
	{10081, 405, "multirange_ops", 4225, 4537, true, 0},
	{10082, 783, "multirange_ops", 6158, 4537, true, 3831},
	{10083, 4000, "box_ops", 5000, 603, true, 0},
	{10084, 4000, "quad_point_ops", 4015, 600, true, 0},
	{10085, 4000, "kd_point_ops", 4016, 600, false, 0},
	{10086, 4000, "text_ops", 4017, 25, true, 0},
	{10087, 4000, "poly_ops", 5008, 604, true, 603},
	{10088, 403, "jsonb_ops", 4033, 3802, true, 0},
	{10089, 405, "jsonb_ops", 4034, 3802, true, 0},
	{10090, 2742, "jsonb_ops", 4036, 3802, true, 25},
	{10091, 2742, "jsonb_path_ops", 4037, 3802, false, 23},
}

// PutTypeDef replaces a stored named type (ALTER DOMAIN); it must exist.
func (c *Catalog) PutTypeDef(ctx context.Context, txn kv.Txn, db *Database, t *TypeDef) error {
	if _, err := c.TypeDef(ctx, txn, db, t.Name); err != nil {
		return err
	}
	stored := *t
	stored.Database = db.ID
	if err := putEntry(txn, keys.TypeKey(nil, db.Namespace, db.ID, t.Name), &stored, encodeTypeDef, "type", t.Name); err != nil {
		return err
	}
	return nil
}

// EnumType is the value.Type of an enum's values: a symbol type named
// after the enum whose Fields list the variants (one field per variant,
// of type any). CheckValue enforces the variants; value.Check alone
// accepts any symbol.
func EnumType(e *Enum) value.Type {
	fields := make([]value.Field, len(e.Variants))
	for i, v := range e.Variants {
		fields[i] = value.Field{Name: v, Type: value.Any}
	}
	return value.Type{Kind: value.KindSymbol, Name: e.Name, Fields: fields}
}

// IsEnumType reports whether t is an enum's type (EnumType).
func IsEnumType(t value.Type) bool { return t.IsEnum() }

// CheckValue is value.Check plus the one rule value.Check does not know:
// a value of an enum type (IsEnumType), at any depth of t, must be one of
// the enum's variants (42804 otherwise).
func CheckValue(v value.Value, t value.Type) (value.Value, error) {
	c, err := value.Check(v, t)
	if err != nil {
		return value.None, err
	}
	if hasEnum(t) {
		if err := checkEnums(c, t); err != nil {
			return value.None, err
		}
	}
	return c, nil
}

func hasEnum(t value.Type) bool {
	if IsEnumType(t) {
		return true
	}
	if t.Elem != nil && hasEnum(*t.Elem) {
		return true
	}
	if t.Kind == value.KindObject || t.Kind == value.KindTuple || t.Kind == value.KindComposite {
		for _, f := range t.Fields {
			if hasEnum(f.Type) {
				return true
			}
		}
	}
	return false
}

// checkEnums walks a value that value.Check accepted for t.
func checkEnums(v value.Value, t value.Type) error {
	if v.IsNone() {
		return nil
	}
	switch {
	case IsEnumType(t):
		s := v.AsString()
		for _, f := range t.Fields {
			if f.Name == s {
				return nil
			}
		}
		return errs.New(errs.DatatypeMismatch, "@%s is not a variant of enum %s", s, t.Name).
			WithHint("%s has the variants %s.", t.Name, variantList(t))
	case t.Kind == value.KindList && t.Elem != nil:
		for _, e := range v.AsList() {
			if err := checkEnums(e, *t.Elem); err != nil {
				return err
			}
		}
	case (t.Kind == value.KindTuple || t.Kind == value.KindComposite) && t.Fields != nil:
		for i, e := range v.AsList() {
			if i < len(t.Fields) {
				if err := checkEnums(e, t.Fields[i].Type); err != nil {
					return err
				}
			}
		}
	case t.Kind == value.KindObject && t.Fields != nil:
		o := v.AsObject()
		for _, f := range t.Fields {
			if fv, ok := o.Get(f.Name); ok {
				if err := checkEnums(fv, f.Type); err != nil {
					e := errs.From(err)
					c := *e
					c.Message = "field " + f.Name + ": " + e.Message
					return &c
				}
			}
		}
	}
	return nil
}

func variantList(t value.Type) string {
	s := ""
	for i, f := range t.Fields {
		if i > 0 {
			s += ", "
		}
		s += "@" + f.Name
	}
	return s
}

func errNoFunction(name string) error {
	return errs.New(errs.UndefinedFunction, "function %q does not exist", name)
}

func errNoType(name string) error {
	return errs.New(errs.UndefinedObject, "type %q does not exist", name)
}

// Function finds a stored function (42883 when missing).
func (c *Catalog) Function(ctx context.Context, txn kv.Txn, db *Database, name string) (*Function, error) {
	b, ok, err := txn.Get(ctx, keys.FunctionKey(nil, db.Namespace, db.ID, name))
	if err != nil {
		return nil, fmt.Errorf("catalog: read function %q: %w", name, err)
	}
	if !ok {
		return nil, errNoFunction(name)
	}
	f, err := c.functions.get(b, decodeFunction)
	if err != nil {
		return nil, err
	}
	if f.Name != name || f.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: function entry %q holds function %q of database %d", name, f.Name, f.Database)
	}
	return f, nil
}

// Functions lists a database's stored functions in name order.
func (c *Catalog) Functions(ctx context.Context, txn kv.Txn, db *Database) ([]*Function, error) {
	var out []*Function
	err := scanValues(ctx, txn, keys.FunctionsPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		f, err := c.functions.get(b, decodeFunction)
		if err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// PutFunction stores f (setting f.Database), replacing a function of the
// same name: a declaration is the function's new definition, as CREATE OR
// REPLACE FUNCTION (3D000 when db was dropped).
func (c *Catalog) PutFunction(ctx context.Context, txn kv.Txn, db *Database, f *Function) error {
	if f == nil {
		return errs.New(errs.InternalError, "catalog: PutFunction without a function")
	}
	if err := checkName("function", f.Name); err != nil {
		return err
	}
	seen := make(map[string]bool, len(f.Params))
	for _, p := range f.Params {
		if p.Name == "" && f.Lang() != LangZQL {
			continue // a SQL parameter may be unnamed
		}
		if err := checkName("parameter", p.Name); err != nil {
			return err
		}
		if seen[p.Name] {
			return errs.New(errs.InvalidFunctionDefinition, "parameter name %q used more than once", p.Name)
		}
		seen[p.Name] = true
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	stored := *f
	stored.Database = db.ID
	if err := putEntry(txn, keys.FunctionKey(nil, db.Namespace, db.ID, f.Name), &stored, encodeFunction, "function", f.Name); err != nil {
		return err
	}
	f.Database = db.ID
	return nil
}

// DropFunction drops a stored function (42883 when missing).
// RenameFunction gives function name the name to, keeping the rest of
// it (42723 when a function has that name).
func (c *Catalog) RenameFunction(ctx context.Context, txn kv.Txn, db *Database, name, to string) error {
	f, err := c.Function(ctx, txn, db, name)
	if err != nil {
		return err
	}
	if g, err := c.Function(ctx, txn, db, to); err == nil {
		return errs.New(errs.DuplicateFunction, "function %s already exists", g.Signature())
	} else if errs.Code(err) != errs.UndefinedFunction {
		return err
	}
	if err := c.DropFunction(ctx, txn, db, name); err != nil {
		return err
	}
	g := *f
	g.Name = to
	return c.PutFunction(ctx, txn, db, &g)
}

func (c *Catalog) DropFunction(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.dropEntry(ctx, txn, db, keys.FunctionKey(nil, db.Namespace, db.ID, name), errNoFunction(name))
}

func (c *Catalog) dropEntry(ctx context.Context, txn kv.Txn, db *Database, key []byte, missing error) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	_, ok, err := txn.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("catalog: read %s: %w", keys.Pretty(key), err)
	}
	if !ok {
		return missing
	}
	if err := txn.Delete(key); err != nil {
		return fmt.Errorf("catalog: delete %s: %w", keys.Pretty(key), err)
	}
	return nil
}

// Enum finds an enum (42704 `type "x" does not exist` when missing).
func (c *Catalog) Enum(ctx context.Context, txn kv.Txn, db *Database, name string) (*Enum, error) {
	b, ok, err := txn.Get(ctx, keys.EnumKey(nil, db.Namespace, db.ID, name))
	if err != nil {
		return nil, fmt.Errorf("catalog: read enum %q: %w", name, err)
	}
	if !ok {
		return nil, errNoType(name)
	}
	e, err := c.enums.get(b, decodeEnum)
	if err != nil {
		return nil, err
	}
	if e.Name != name || e.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: enum entry %q holds enum %q of database %d", name, e.Name, e.Database)
	}
	return e, nil
}

// Enums lists a database's enums in name order.
func (c *Catalog) Enums(ctx context.Context, txn kv.Txn, db *Database) ([]*Enum, error) {
	var out []*Enum
	err := scanValues(ctx, txn, keys.EnumsPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		e, err := c.enums.get(b, decodeEnum)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// CreateEnum stores an enum (setting e.Database). Its name must not be
// taken by another enum or named type (42710).
func (c *Catalog) CreateEnum(ctx context.Context, txn kv.Txn, db *Database, e *Enum) error {
	if e == nil {
		return errs.New(errs.InternalError, "catalog: CreateEnum without an enum")
	}
	if err := checkEnum(e, "enum variant", func(v string) error {
		return errs.New(errs.InvalidParameterValue, "variant @%s of enum %s appears more than once", v, e.Name)
	}); err != nil {
		return err
	}
	if err := c.checkTypeNameFree(ctx, txn, db, e.Name); err != nil {
		return err
	}
	stored := *e
	stored.Database = db.ID
	if err := putEntry(txn, keys.EnumKey(nil, db.Namespace, db.ID, e.Name), &stored, encodeEnum, "enum", e.Name); err != nil {
		return err
	}
	e.Database = db.ID
	return nil
}

// DropEnum drops an enum (42704 when missing). Fields declared with its
// type keep the variants they were declared with.
func (c *Catalog) DropEnum(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.dropEntry(ctx, txn, db, keys.EnumKey(nil, db.Namespace, db.ID, name), errNoType(name))
}

// TypeDef finds a named type (42704 when missing).
func (c *Catalog) TypeDef(ctx context.Context, txn kv.Txn, db *Database, name string) (*TypeDef, error) {
	b, ok, err := txn.Get(ctx, keys.TypeKey(nil, db.Namespace, db.ID, name))
	if err != nil {
		return nil, fmt.Errorf("catalog: read type %q: %w", name, err)
	}
	if !ok {
		return nil, errNoType(name)
	}
	t, err := c.typeDefs.get(b, decodeTypeDef)
	if err != nil {
		return nil, err
	}
	if t.Name != name || t.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: type entry %q holds type %q of database %d", name, t.Name, t.Database)
	}
	return t, nil
}

// TypeDefs lists a database's named types in name order.
func (c *Catalog) TypeDefs(ctx context.Context, txn kv.Txn, db *Database) ([]*TypeDef, error) {
	var out []*TypeDef
	err := scanValues(ctx, txn, keys.TypesPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		t, err := c.typeDefs.get(b, decodeTypeDef)
		if err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// CreateTypeDef stores a named type (setting t.Database). Its name must
// not be taken by another named type or enum (42710).
func (c *Catalog) CreateTypeDef(ctx context.Context, txn kv.Txn, db *Database, t *TypeDef) error {
	if t == nil {
		return errs.New(errs.InternalError, "catalog: CreateTypeDef without a type")
	}
	if err := checkName("type", t.Name); err != nil {
		return err
	}
	if err := c.checkTypeNameFree(ctx, txn, db, t.Name); err != nil {
		return err
	}
	stored := *t
	stored.Database = db.ID
	if err := putEntry(txn, keys.TypeKey(nil, db.Namespace, db.ID, t.Name), &stored, encodeTypeDef, "type", t.Name); err != nil {
		return err
	}
	t.Database = db.ID
	return nil
}

// DropTypeDef drops a named type (42704 when missing). Fields and
// functions declared with it keep the type they were declared with.
func (c *Catalog) DropTypeDef(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.dropEntry(ctx, txn, db, keys.TypeKey(nil, db.Namespace, db.ID, name), errNoType(name))
}

// CheckTypeNameFree fails with 42710 when db has an enum or a named
// type of that name.
func (c *Catalog) CheckTypeNameFree(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	return c.checkTypeNameFree(ctx, txn, db, name)
}

// CommentType sets the comment of db's enum or named type name ("" removes
// it): COMMENT ON TYPE, or ON DOMAIN (domain: it must be one, 42809).
func (c *Catalog) CommentType(ctx context.Context, txn kv.Txn, db *Database, name, text string, domain bool) error {
	if e, err := c.Enum(ctx, txn, db, name); err == nil && !domain {
		ne := *e
		ne.Comment = text
		return c.AlterEnum(ctx, txn, db, nil, name, &ne) // no column's type changes
	}
	t, err := c.TypeDef(ctx, txn, db, name)
	switch {
	case err != nil && domain && errs.Code(err) == errs.UndefinedObject:
		if _, eerr := c.Enum(ctx, txn, db, name); eerr == nil {
			return errs.New(errs.WrongObjectType, "%q is not a domain", name)
		}
		return err
	case err != nil:
		return err
	case domain && t.Domain == nil:
		return errs.New(errs.WrongObjectType, "%q is not a domain", name)
	}
	nt := *t
	nt.Comment = text
	return c.PutTypeDef(ctx, txn, db, &nt)
}

// checkTypeNameFree fails with 42710 when an enum or a named type of that
// name exists (3D000 when db was dropped).
func (c *Catalog) checkTypeNameFree(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	for _, key := range [][]byte{keys.EnumKey(nil, db.Namespace, db.ID, name), keys.TypeKey(nil, db.Namespace, db.ID, name)} {
		_, ok, err := txn.Get(ctx, key)
		if err != nil {
			return fmt.Errorf("catalog: read %s: %w", keys.Pretty(key), err)
		}
		if ok {
			return errs.New(errs.DuplicateObject, "type %q already exists", name)
		}
	}
	return nil
}

// checkEnum checks an enum's name and its variants' (each a label, in
// the messages), none twice (dup's error: ZQL's enum::create and SQL's
// ALTER TYPE word it differently).
func checkEnum(e *Enum, label string, dup func(variant string) error) error {
	if err := checkName("enum", e.Name); err != nil {
		return err
	}
	seen := make(map[string]bool, len(e.Variants))
	for _, v := range e.Variants {
		if err := checkName(label, v); err != nil {
			return err
		}
		if seen[v] {
			return dup(v)
		}
		seen[v] = true
	}
	return nil
}

// putEntry encodes a descriptor (the caller's copy of it, with its
// database set) and stores it under key.
func putEntry[T any](txn kv.Txn, key []byte, stored *T, encode func(*T) ([]byte, error), kind, name string) error {
	b, err := encode(stored)
	if err != nil {
		return err
	}
	if err := txn.Put(key, b); err != nil {
		return fmt.Errorf("catalog: write %s %q: %w", kind, name, err)
	}
	return nil
}

// OwnerName is the enum's owner.
func (e *Enum) OwnerName() string { return ownerName(e.Owner) }

// OwnerName is the named type's owner.
func (t *TypeDef) OwnerName() string { return ownerName(t.Owner) }
