package sysview

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

// fixture is a store with table t (id int4 primary key, name varchar(20)
// not null default 'x', doc jsonb) and a unique index t_doc on doc->>'k',
// plus a user ann.
func fixture(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	store, err := kv.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat, err := catalog.Open(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	txn, err := store.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(txn.Rollback)
	ns, err := cat.Namespace(ctx, txn, catalog.DefaultNamespace)
	if err != nil {
		t.Fatal(err)
	}
	db, err := cat.Database(ctx, txn, ns.Name, catalog.DefaultDatabase)
	if err != nil {
		t.Fatal(err)
	}
	_, err = cat.CreateTable(ctx, txn, db, &catalog.Table{Name: "t", Schemafull: true, CreatedBy: "sql",
		Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt4},
			{Name: "name", Type: value.Type{Kind: value.KindString, MaxLen: 20}, HasDefault: true, DefaultValue: value.String("x")},
			{Name: "doc", Type: value.TypeJSONB, Optional: true},
		},
		PrimaryKey: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cat.CreateIndex(ctx, txn, db, "t", catalog.Index{Name: "t_doc", Kind: catalog.IndexBTree, Unique: true,
		Parts: []catalog.IndexPart{{Path: []string{"doc", "k"}, AsText: true}}}); err != nil {
		t.Fatal(err)
	}
	if err := cat.PutUser(ctx, txn, &catalog.User{Name: "root", Verifier: "SCRAM-SHA-256$secret", Superuser: true}); err != nil {
		t.Fatal(err)
	}
	if err := cat.PutUser(ctx, txn, &catalog.User{Name: "ann", Verifier: "SCRAM-SHA-256$secret"}); err != nil {
		t.Fatal(err)
	}
	// The session's parser of type names: sysview cannot import it, its
	// tests can.
	return &Env{Ctx: ctx, Txn: txn, Cat: cat, Reg: builtin.NewRegistry(), Namespace: ns, Database: db, ParseTypeName: sqlfe.TypeName}
}

// scan returns a relation's rows as "col=value" lines for the named
// columns, keeping only rows where every filter column has its value.
func scan(t *testing.T, e *Env, schema, name string, show []string, filter map[string]string) []string {
	t.Helper()
	tbl, ok := Lookup(schema, name)
	if !ok {
		t.Fatalf("no relation %s.%s", schema, name)
	}
	rows, err := Rows(e, tbl)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	for _, r := range rows {
		o := r[1].AsObject()
		if o.Len() != len(tbl.Fields) {
			t.Fatalf("%s: row has %d fields, relation %d columns", name, o.Len(), len(tbl.Fields))
		}
		keep := true
		for k, want := range filter {
			v, _ := o.Get(k)
			if text(v) != want {
				keep = false
			}
		}
		if !keep {
			continue
		}
		var parts []string
		for _, c := range show {
			v, ok := o.Get(c)
			if !ok {
				t.Fatalf("%s: no column %q", name, c)
			}
			parts = append(parts, c+"="+text(v))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func text(v value.Value) string {
	switch {
	case v.IsNone():
		return "NULL"
	case v.Kind() == value.KindList:
		parts := make([]string, len(v.AsList()))
		for i, x := range v.AsList() {
			parts[i] = text(x)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return value.CastText(v)
}

func TestRelations(t *testing.T) {
	e := fixture(t)
	tableOID := fmt.Sprint(TableOID(1))
	cases := []struct {
		schema, name string
		show         []string
		filter       map[string]string
		want         []string
	}{
		{PgCatalog, "pg_class", []string{"relname", "relkind", "relnamespace", "relhasindex", "relnatts"},
			map[string]string{"relnamespace": "2200"}, []string{
				"relname=t relkind=r relnamespace=2200 relhasindex=true relnatts=3",
				"relname=t_pkey relkind=i relnamespace=2200 relhasindex=false relnatts=1",
				"relname=t_doc relkind=i relnamespace=2200 relhasindex=false relnatts=1",
			}},
		{PgCatalog, "pg_attribute", []string{"attname", "atttypid", "atttypmod", "attnum", "attnotnull", "atthasdef"},
			map[string]string{"attrelid": tableOID}, []string{
				"attname=id atttypid=23 atttypmod=-1 attnum=1 attnotnull=true atthasdef=false",
				"attname=name atttypid=1043 atttypmod=24 attnum=2 attnotnull=true atthasdef=true",
				"attname=doc atttypid=3802 atttypmod=-1 attnum=3 attnotnull=false atthasdef=false",
			}},
		{PgCatalog, "pg_attrdef", []string{"adnum", "adbin"}, map[string]string{"adrelid": tableOID},
			[]string{"adnum=2 adbin='x'::character varying"}},
		{PgCatalog, "pg_index", []string{"indisunique", "indisprimary", "indkey", "indexprs"},
			map[string]string{"indrelid": tableOID}, []string{
				"indisunique=true indisprimary=true indkey={1} indexprs=NULL",
				"indisunique=true indisprimary=false indkey={0} indexprs=(doc ->> 'k')",
			}},
		{PgCatalog, "pg_constraint", []string{"conname", "contype", "conkey"}, nil,
			[]string{"conname=t_pkey contype=p conkey={1}"}},
		{PgCatalog, "pg_namespace", []string{"oid", "nspname"}, nil,
			[]string{"oid=11 nspname=pg_catalog", "oid=2200 nspname=public", "oid=13183 nspname=information_schema"}},
		{PgCatalog, "pg_database", []string{"datname", "encoding"}, nil, []string{"datname=main encoding=6"}},
		{PgCatalog, "pg_roles", []string{"rolname", "rolsuper", "rolpassword", "oid"}, nil, []string{
			"rolname=ann rolsuper=false rolpassword=******** oid=" + fmt.Sprint(RoleOID("ann")),
			"rolname=root rolsuper=true rolpassword=******** oid=10",
		}},
		// The verifiers, for superusers only (pg_dumpall reads them; the
		// golden test sql_roles has a non-superuser refused).
		{PgCatalog, "pg_authid", []string{"rolname", "rolpassword"}, nil,
			[]string{"rolname=ann rolpassword=SCRAM-SHA-256$secret", "rolname=root rolpassword=SCRAM-SHA-256$secret"}},
		{PgCatalog, "pg_type", []string{"typname", "typtype", "typrelid"}, map[string]string{"typnamespace": "2200"}, []string{
			"typname=t typtype=c typrelid=" + tableOID, "typname=_t typtype=b typrelid=0",
		}},
		{PgCatalog, "pg_type", []string{"typname", "typcategory", "typelem", "typarray", "typinput"}, map[string]string{"oid": "1007"},
			[]string{"typname=_int4 typcategory=A typelem=23 typarray=0 typinput=array_in"}},
		{PgCatalog, "pg_type", []string{"typname", "typlen", "typbyval", "typarray", "typinput", "typreceive"}, map[string]string{"oid": "23"},
			[]string{"typname=int4 typlen=4 typbyval=true typarray=1007 typinput=int4in typreceive=int4recv"}},
		{PgCatalog, "pg_attribute", []string{"attname", "attcompression", "attidentity"}, map[string]string{"attrelid": tableOID, "attnum": "1"},
			[]string{"attname=id attcompression= attidentity="}},
		{PgCatalog, "pg_tables", []string{"schemaname", "tablename", "hasindexes"}, map[string]string{"schemaname": "public"},
			[]string{"schemaname=public tablename=t hasindexes=true"}},
		{InformationSchema, "tables", []string{"table_name", "table_type"}, map[string]string{"table_schema": "public"},
			[]string{"table_name=t table_type=BASE TABLE"}},
		{InformationSchema, "columns", []string{"column_name", "data_type", "is_nullable", "character_maximum_length", "column_default"},
			map[string]string{"table_name": "t"}, []string{
				"column_name=id data_type=integer is_nullable=NO character_maximum_length=NULL column_default=NULL",
				"column_name=name data_type=character varying is_nullable=NO character_maximum_length=20 column_default='x'::character varying",
				"column_name=doc data_type=jsonb is_nullable=YES character_maximum_length=NULL column_default=NULL",
			}},
		{InformationSchema, "key_column_usage", []string{"constraint_name", "column_name", "ordinal_position"}, nil,
			[]string{"constraint_name=t_pkey column_name=id ordinal_position=1"}},
	}
	for _, c := range cases {
		got := scan(t, e, c.schema, c.name, c.show, c.filter)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s.%s %v:\ngot:\n%s\nwant:\n%s", c.schema, c.name, c.filter, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestRelationsSeeTheirTransaction: a table created in the transaction is
// in pg_class at once; nothing is cached across scans.
func TestRelationsSeeTheirTransaction(t *testing.T) {
	e := fixture(t)
	before := len(scan(t, e, PgCatalog, "pg_class", []string{"relname"}, map[string]string{"relnamespace": "2200"}))
	if _, err := e.Cat.CreateTable(e.Ctx, e.Txn, e.Database, &catalog.Table{Name: "u", Schemafull: true,
		Fields: []catalog.Field{{Name: "a", Type: value.TypeText, Optional: true}}}); err != nil {
		t.Fatal(err)
	}
	after := scan(t, e, PgCatalog, "pg_class", []string{"relname"}, map[string]string{"relnamespace": "2200"})
	if len(after) != before+1 || after[len(after)-1] != "relname=u" {
		t.Errorf("pg_class after CREATE: %v", after)
	}
}

// TestEveryRelationScans runs every relation's row function against the
// fixture: each row has exactly the relation's columns.
func TestEveryRelationScans(t *testing.T) {
	e := fixture(t)
	for _, r := range relations {
		scan(t, e, r.schema, r.name, nil, nil)
		if _, ok := Lookup("", r.name); ok != (r.schema == PgCatalog) {
			t.Errorf("unqualified %s found: %v", r.name, ok)
		}
	}
	if _, ok := Lookup("", "tables"); ok {
		t.Error("information_schema names must be qualified")
	}
	if _, ok := Lookup("", "pg_class"); !ok {
		t.Error("unqualified pg_catalog names must be found")
	}
}

func call(t *testing.T, e *Env, name string, args ...value.Value) (value.Value, error) {
	t.Helper()
	f, ok := LookupFunc(name)
	if !ok {
		t.Fatalf("no function %s", name)
	}
	return f.Fn(e, args)
}

func TestFunctions(t *testing.T) {
	e := fixture(t)
	oid := func(n uint32) value.Value { return value.Int(int64(n)) }
	cases := []struct {
		fn   string
		args []value.Value
		want string // text of the result, or "error <SQLSTATE>"
	}{
		{"format_type", []value.Value{oid(1043), value.Int(24)}, "character varying(20)"},
		{"format_type", []value.Value{oid(1700), value.Int(10<<16 | 2 + 4)}, "numeric(10,2)"},
		{"format_type", []value.Value{oid(1007), value.None}, "integer[]"},
		{"format_type", []value.Value{oid(23), value.Int(-1)}, "integer"},
		{"format_type", []value.Value{oid(1042), value.Int(7)}, "character(3)"},
		{"format_type", []value.Value{oid(1042), value.Int(-1)}, "bpchar"},
		{"format_type", []value.Value{oid(1042), value.None}, "character"},
		{"format_type", []value.Value{oid(99999), value.Int(-1)}, "???"},
		{"format_type", []value.Value{oid(RowTypeOID("t")), value.None}, "t"},
		{"format_type", []value.Value{oid(rowArrayOID("t")), value.None}, "t[]"},
		{"pg_get_userbyid", []value.Value{oid(10)}, "root"},
		{"pg_get_userbyid", []value.Value{oid(RoleOID("ann"))}, "ann"},
		{"pg_get_userbyid", []value.Value{oid(5)}, "unknown (OID=5)"},
		{"pg_table_is_visible", []value.Value{oid(TableOID(1))}, "true"},
		{"pg_table_is_visible", []value.Value{oid(1259)}, "true"},
		{"pg_table_is_visible", []value.Value{oid(123)}, "NULL"},
		{"pg_get_indexdef", []value.Value{oid(PKeyIndexOID(1))}, "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)"},
		{"pg_get_indexdef", []value.Value{oid(IndexOID(1)), value.Int(1), value.Bool(true)}, "(doc ->> 'k')"},
		{"pg_get_constraintdef", []value.Value{oid(PKeyConstraintOID(1))}, "PRIMARY KEY (id)"},
		{"pg_encoding_to_char", []value.Value{value.Int(6)}, "UTF8"},
		{"regclass", []value.Value{value.String("t")}, fmt.Sprint(TableOID(1))},
		{"regclass", []value.Value{value.String(`public."t"`)}, fmt.Sprint(TableOID(1))},
		{"regclass", []value.Value{value.String("pg_catalog.pg_class")}, "1259"},
		{"regclass", []value.Value{value.String("nope")}, "error " + errs.UndefinedTable},
		{"to_regclass", []value.Value{value.String("nope")}, "NULL"},
		{"regtype", []value.Value{value.String("integer")}, "23"},
		{"regtype", []value.Value{value.String("character varying[]")}, "1015"},
		{"regtype", []value.Value{value.String("t")}, fmt.Sprint(RowTypeOID("t"))},
		{"regtype", []value.Value{value.String("nope")}, "error " + errs.UndefinedObject},
		{"regnamespace", []value.Value{value.String("public")}, "2200"},
		{"regtype", []value.Value{value.String("int4 ARRAY")}, "1007"},
		{"regtype", []value.Value{value.String("float(24)")}, "700"},
		{"regtype", []value.Value{value.String("int4(3)")}, "error " + errs.SyntaxError},
		{"to_regtype", []value.Value{value.String("int4(")}, "error " + errs.SyntaxError},
		{"to_regtype", []value.Value{value.String("a.b.c")}, "error " + errs.FeatureNotSupported},
		{"to_regtype", []value.Value{value.String("main.pg_catalog.int4")}, "23"},
		{"regtype", []value.Value{value.String("pg_catalog.char")}, "18"},
		{"regtype", []value.Value{value.String("char")}, "1042"},
		{"regtype", []value.Value{value.String(`"integer"`)}, "error " + errs.UndefinedObject},
		{"to_regproc", []value.Value{value.String("version")}, fmt.Sprint(procOID(PgCatalog, "version"))},
		{"to_regproc", []value.Value{value.String(` pg_catalog . "version" `)}, fmt.Sprint(procOID(PgCatalog, "version"))},
		{"to_regproc", []value.Value{value.String("nope")}, "NULL"},
		{"to_regproc", []value.Value{value.String("nope.version")}, "NULL"},
		{"to_regproc", []value.Value{value.String("")}, "error " + errs.InvalidName},
		{"to_regproc", []value.Value{value.String("a b")}, "error " + errs.InvalidName},
		{"to_regproc", []value.Value{value.String("a.")}, "error " + errs.InvalidName},
		{"to_regproc", []value.Value{value.String("a.b.c")}, "error " + errs.FeatureNotSupported},
		{"to_regproc", []value.Value{value.String("main.pg_catalog.version")}, fmt.Sprint(procOID(PgCatalog, "version"))},
		{"to_regproc", []value.Value{value.String("a.b.c.d")}, "error " + errs.SyntaxError},
		{"to_regprocedure", []value.Value{value.String("version()")}, fmt.Sprint(procOID(PgCatalog, "version"))},
		{"to_regprocedure", []value.Value{value.String("version(int4)")}, "NULL"},
		{"to_regprocedure", []value.Value{value.String("format_type(oid, int4)")}, fmt.Sprint(procOID(PgCatalog, "format_type"))},
		{"to_regprocedure", []value.Value{value.String("version")}, "error " + errs.InvalidTextRepresentation},
		{"to_regprocedure", []value.Value{value.String("version(int4")}, "error " + errs.InvalidTextRepresentation},
		{"to_regprocedure", []value.Value{value.String("version(int4))")}, "error " + errs.InvalidTextRepresentation},
		{"to_regprocedure", []value.Value{value.String("version(int4,)")}, "error " + errs.InvalidTextRepresentation},
		{"to_regprocedure", []value.Value{value.String("version(,int4)")}, "error " + errs.SyntaxError},
		{"to_regprocedure", []value.Value{value.String("version(nope)")}, "error " + errs.UndefinedObject},
		{"to_regoper", []value.Value{value.String("+")}, "NULL"},
		{"to_regoper", []value.Value{value.String("")}, "error " + errs.InvalidName},
		{"to_regoperator", []value.Value{value.String("-(NONE, int4)")}, "NULL"},
		{"to_regoperator", []value.Value{value.String("+(int4)")}, "error " + errs.UndefinedParameter},
		{"to_regoperator", []value.Value{value.String("+(int4,int4,int4)")}, "error " + errs.TooManyArguments},
		{"to_regoperator", []value.Value{value.String("+")}, "error " + errs.InvalidTextRepresentation},
		{"regprocout", []value.Value{oid(procOID(PgCatalog, "version"))}, "version"},
		{"regprocout", []value.Value{oid(0)}, "-"},
		{"regprocout", []value.Value{oid(5)}, "5"},
		{"regprocedureout", []value.Value{oid(procOID(PgCatalog, "format_type"))}, `format_type("any","any")`},
		{"current_database", nil, "main"},
		{"current_user", nil, "error 55000"}, // no session in this Env
		{"version", nil, Version},
	}
	for _, c := range cases {
		v, err := call(t, e, c.fn, c.args...)
		got := text(v)
		if err != nil {
			got = "error " + errs.Code(err)
		}
		if got != c.want {
			t.Errorf("%s(%v) = %q, want %q (err %v)", c.fn, c.args, got, c.want, err)
		}
	}
}

func TestOIDs(t *testing.T) {
	seen := map[uint32]string{}
	for id := uint64(1); id < 200; id++ {
		for k, oid := range map[uint32]uint32{kindTable: TableOID(id), kindIndex: IndexOID(id),
			kindPKeyIndex: PKeyIndexOID(id), kindPKeyConstraint: PKeyConstraintOID(id), kindDatabase: DatabaseOID(id)} {
			if oid < FirstNormalOID {
				t.Fatalf("oid %d below FirstNormalOID", oid)
			}
			if prev, dup := seen[oid]; dup {
				t.Fatalf("oid %d of kind %d id %d also %s", oid, k, id, prev)
			}
			seen[oid] = fmt.Sprint(k, "/", id)
			gk, gid, ok := split(oid)
			if !ok || gk != k || gid != id {
				t.Fatalf("split(%d) = %d, %d, %v; want %d, %d", oid, gk, gid, ok, k, id)
			}
		}
	}
}

func TestSplitQualified(t *testing.T) {
	for _, c := range []struct{ in, schema, name string }{
		{"t", "", "t"},
		{"T", "", "t"},
		{`"T"`, "", "T"},
		{"public.t", "public", "t"},
		{`"my.schema"."a""b"`, "my.schema", `a"b`},
	} {
		s, n := catalog.SplitQualified(c.in)
		if s != c.schema || n != c.name {
			t.Errorf("SplitQualified(%q) = %q, %q; want %q, %q", c.in, s, n, c.schema, c.name)
		}
	}
}

// TestSizePretty checks PostgreSQL 15's pg_size_pretty outputs.
func TestSizePretty(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{
		{0, "0 bytes"},
		{10239, "10239 bytes"},
		{10240, "10 kB"},
		{10485247, "10239 kB"},
		{20971519, "20 MB"},
		{20971520, "20 MB"},
		{-10240, "-10 kB"},
		{1 << 40, "1024 GB"},
		{1 << 62, "4096 PB"},
	} {
		if got := sizePretty(c.in); got != c.want {
			t.Errorf("sizePretty(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestRelationSize: a table's size grows with its records; unknown and
// virtual relations have none.
func TestRelationSize(t *testing.T) {
	e := fixture(t)
	size := func(oid uint32) value.Value {
		v, err := call(t, e, "pg_table_size", value.Int(int64(oid)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := size(TableOID(1)); v.AsInt() != 0 {
		t.Errorf("empty table size %v", v)
	}
	tbl, err := e.Cat.Table(e.Ctx, e.Txn, e.Database, "t")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.RecordKey(nil, e.Database.Namespace, e.Database.ID, tbl.ID, value.Int(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Txn.Put(k, []byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	if v := size(TableOID(1)); v.AsInt() != int64(len(k)+10) {
		t.Errorf("table size %v, want %d", v, len(k)+10)
	}
	if v, err := call(t, e, "pg_database_size", value.String("main")); err != nil || v.AsInt() < int64(len(k)+10) {
		t.Errorf("pg_database_size(main) = %v, %v", v, err)
	}
	if _, err := call(t, e, "pg_database_size", value.String("nope")); errs.Code(err) != errs.InvalidCatalogName {
		t.Errorf("pg_database_size(nope): %v", err)
	}
	if v := size(1259); !v.IsNone() {
		t.Errorf("pg_class size %v, want NULL", v)
	}
	if v := size(4); !v.IsNone() {
		t.Errorf("size of no relation %v, want NULL", v)
	}
}

// TestRowsOfMatchesRows checks that the rows RowsOf makes of a relation
// with a catalog key are exactly the rows of Rows whose key column holds
// that OID, for every OID the relation has, and none for one it lacks.
func TestRowsOfMatchesRows(t *testing.T) {
	e := fixture(t)
	render := func(rows [][2]value.Value) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = r[1].String() // without the row number
		}
		return out
	}
	for name, key := range catalogKeys {
		tbl, ok := Lookup(PgCatalog, name)
		if !ok || tbl.CatalogKey != key {
			t.Fatalf("%s: descriptor %v, catalog key %q", name, ok, tbl.CatalogKey)
		}
		all, err := Rows(e, tbl)
		if err != nil {
			t.Fatal(err)
		}
		byOID := map[int64][][2]value.Value{}
		for _, r := range all {
			k, _ := r[1].AsObject().Get(key)
			byOID[k.AsInt()] = append(byOID[k.AsInt()], r)
		}
		if len(byOID) == 0 {
			t.Fatalf("%s: rows of %d relations", name, len(byOID))
		}
		for oid, want := range byOID {
			got, err := RowsOf(e, tbl, oid)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := render(got), render(want); !slices.Equal(g, w) {
				t.Errorf("%s of %d:\n got %v\nwant %v", name, oid, g, w)
			}
		}
		for _, oid := range []int64{-1, 0, 1 << 40} {
			if got, err := RowsOf(e, tbl, oid); err != nil || len(got) != 0 {
				t.Errorf("%s of %d: %d rows, %v", name, oid, len(got), err)
			}
		}
	}
}
