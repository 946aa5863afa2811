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
	// Owner is the role that made it ("" is root).
	Owner string
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

// Opclass is a btree operator class of PostgreSQL's (pg_opclass).
type Opclass struct {
	OID     uint32
	Name    string
	InType  uint32 // the type OID it orders
	Family  uint32
	Default bool // the default class of InType
}

// BtreeOpclasses are the btree operator classes zerodb knows: the
// default ones of the types a range type's subtype may be (PostgreSQL
// 15's OIDs and families), which SUBTYPE_OPCLASS may name, pg_range's
// rngsubopc gives and pg_opclass lists. Each orders its type as
// zerodb's comparison does.
var BtreeOpclasses = []Opclass{
	{1978, "int4_ops", value.OIDInt4, 1976, true},
	{1979, "int2_ops", value.OIDInt2, 1976, true},
	{3122, "date_ops", value.OIDDate, 434, true},
	{3123, "float8_ops", value.OIDFloat8, 1970, true},
	{3124, "int8_ops", value.OIDInt8, 1976, true},
	{3125, "numeric_ops", value.OIDNumeric, 1988, true},
	{3126, "text_ops", value.OIDText, 1994, true},
	{3127, "timestamptz_ops", value.OIDTimestampTZ, 434, true},
	{3128, "timestamp_ops", value.OIDTimestamp, 434, true},
	{10003, "bool_ops", value.OIDBool, 424, true},
	{10004, "bpchar_ops", value.OIDBPChar, 426, true},
	{10006, "bytea_ops", value.OIDBytea, 428, true},
	{10012, "float4_ops", value.OIDFloat4, 1970, true},
	{10022, "interval_ops", value.OIDInterval, 1982, true},
	{10038, "time_ops", value.OIDTime, 1996, true},
	{10041, "timetz_ops", value.OIDTimeTZ, 2000, true},
	{10044, "varchar_ops", value.OIDText, 1994, false},
	{10065, "uuid_ops", value.OIDUUID, 2968, true},
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

// OwnerName is the function's owner.
func (f *Function) OwnerName() string { return ownerName(f.Owner) }

// OwnerName is the enum's owner.
func (e *Enum) OwnerName() string { return ownerName(e.Owner) }

// OwnerName is the named type's owner.
func (t *TypeDef) OwnerName() string { return ownerName(t.Owner) }
