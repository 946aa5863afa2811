package sqlfe

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// fakeResolver serves a fixed catalog:
//
//	users   (id int4 PK, name text NOT NULL, email varchar(100), age int2,
//	         balance numeric(10,2), score float8, ratio real,
//	         active bool DEFAULT true, created timestamptz DEFAULT now(),
//	         data jsonb)
//	orders  (id int8 PK, user_id int4 NOT NULL, total numeric, note text,
//	         placed timestamp, code uuid, blob bytea)
//	pairs   (a int4, b text, v bytea, PRIMARY KEY (a, b))
//	docs    schemaless (made by ZQL)
//	events  schemaless (made by ZQL)
type fakeResolver struct {
	tables map[string]*catalog.Table
	funcs  map[string]*builtin.Func
}

func newFakeResolver() *fakeResolver {
	varchar100 := value.TypeText
	varchar100.MaxLen = 100
	numeric102 := value.TypeNumeric
	numeric102.Precision, numeric102.Scale = 10, 2
	opt := func(t value.Type) value.Type { t.Optional = true; return t }
	tables := []*catalog.Table{
		{ID: 100, Name: "users", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"}, Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt4},
			{Name: "name", Type: value.TypeText},
			{Name: "email", Type: opt(varchar100), Optional: true},
			{Name: "age", Type: value.TypeInt2, Optional: true},
			{Name: "balance", Type: numeric102, Optional: true},
			{Name: "score", Type: value.TypeFloat8, Optional: true},
			{Name: "ratio", Type: value.TypeFloat4, Optional: true},
			{Name: "active", Type: value.TypeBool, Optional: true, HasDefault: true, DefaultValue: value.Bool(true)},
			{Name: "created", Type: value.TypeTimestampTZ, Optional: true, HasDefault: true, DefaultFunc: "sql::now"},
			{Name: "data", Type: value.TypeJSONB, Optional: true},
		}},
		{ID: 101, Name: "orders", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"}, Fields: []catalog.Field{
			{Name: "id", Type: value.TypeInt8},
			{Name: "user_id", Type: value.TypeInt4},
			{Name: "total", Type: value.TypeNumeric, Optional: true},
			{Name: "note", Type: value.TypeText, Optional: true},
			{Name: "placed", Type: value.TypeTimestamp, Optional: true},
			{Name: "code", Type: value.TypeUUID, Optional: true},
			{Name: "blob", Type: value.TypeBytea, Optional: true},
		}},
		{ID: 102, Name: "pairs", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"a", "b"}, Fields: []catalog.Field{
			{Name: "a", Type: value.TypeInt4},
			{Name: "b", Type: value.TypeText},
			{Name: "v", Type: value.TypeBytea, Optional: true},
		}},
		{ID: 103, Name: "docs", CreatedBy: "zql"},
		{ID: 104, Name: "events", CreatedBy: "zql"},
		{ID: 105, Name: "checked", Schemafull: true, CreatedBy: "sql", PrimaryKey: []string{"id"},
			Fields: []catalog.Field{{Name: "id", Type: value.TypeInt4}, {Name: "qty", Type: value.TypeInt4, Optional: true}},
			Checks: []catalog.Check{{Name: "checked_qty_check", Expr: "qty > 0"}}},
		{ID: 106, Name: "heap", Schemafull: true, CreatedBy: "sql", Fields: []catalog.Field{
			{Name: "a", Type: value.TypeInt4, Optional: true},
			{Name: "b", Type: value.TypeText, Optional: true},
		}},
	}
	r := &fakeResolver{tables: map[string]*catalog.Table{}, funcs: map[string]*builtin.Func{}}
	for _, t := range tables {
		r.tables[t.Name] = t
	}
	fixed := func(t value.Type) func([]value.Type) value.Type {
		return func([]value.Type) value.Type { return t }
	}
	first := func(args []value.Type) value.Type {
		if len(args) == 0 {
			return value.Any
		}
		return args[0]
	}
	for _, f := range []*builtin.Func{
		{Name: "sql::lower", MinArgs: 1, MaxArgs: 1, Strict: true, Result: fixed(value.TypeText)},
		{Name: "sql::upper", MinArgs: 1, MaxArgs: 1, Strict: true, Result: fixed(value.TypeText)},
		{Name: "sql::length", MinArgs: 1, MaxArgs: 1, Strict: true, Result: fixed(value.TypeInt4)},
		{Name: "sql::concat", MinArgs: 1, MaxArgs: -1, Result: fixed(value.TypeText)},
		{Name: "sql::abs", MinArgs: 1, MaxArgs: 1, Strict: true, Result: first},
		{Name: "sql::now", Result: fixed(value.TypeTimestampTZ)},
		{Name: "sql::gen_random_uuid", Result: fixed(value.TypeUUID)},
		{Name: "sql::current_user", Result: fixed(value.TypeText)},
		{Name: "sql::like_escape", MinArgs: 2, MaxArgs: 2, Strict: true, Result: fixed(value.TypeText)},
		{Name: "sql::jsonb_typeof", MinArgs: 1, MaxArgs: 1, Strict: true}, // Result nil: jsonb
		{Name: "sql::json_typeof", MinArgs: 1, MaxArgs: 1, Strict: true, Result: fixed(value.TypeText)},
		{Name: "sql::to_jsonb", MinArgs: 1, MaxArgs: 1, Strict: true, Result: fixed(value.TypeJSONB)},
		{Name: "sql::date_trunc", MinArgs: 2, MaxArgs: 2, Strict: true, Result: func(a []value.Type) value.Type { return a[1] }},
		{Name: "sql::extract", MinArgs: 2, MaxArgs: 2, Strict: true, Result: fixed(value.TypeNumeric)},
		{Name: "sql::octet_length", MinArgs: 1, MaxArgs: 1, Strict: true, Result: fixed(value.TypeInt4)},
		{Name: "sql::format", MinArgs: 1, MaxArgs: -1, Result: fixed(value.TypeText)},
	} {
		r.funcs[f.Name] = f
	}
	// The real functions behind operators the translator resolves itself.
	reg := builtin.NewRegistry()
	for _, w := range []string{"int2", "int4", "int8"} {
		for _, op := range []string{"and", "or", "xor", "not", "shl", "shr"} {
			f, _ := reg.Lookup("sql::" + w + op)
			r.funcs[f.Name] = f
		}
	}
	for _, name := range []string{"sql::sqrt", "sql::cbrt", "sql::starts_with", "sql::similar_to_escape", "sql::date_bin", "sql::isfinite", "sql::jsonb_populate_check"} {
		f, _ := reg.Lookup(name)
		r.funcs[name] = f
	}
	return r
}

func (r *fakeResolver) Table(_ context.Context, name string) (*catalog.Table, error) {
	if t, ok := r.tables[strings.TrimPrefix(name, "public.")]; ok {
		return t, nil
	}
	return nil, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
}

func (r *fakeResolver) Function(name string) (*builtin.Func, bool) {
	f, ok := r.funcs[name]
	return f, ok
}

func (r *fakeResolver) HasSessionVar(string) bool { return false }

// printStatement renders a translated statement for golden files.
func printStatement(st *plan.Statement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kind=%s tag=%q", kindName(st.Kind), st.Tag)
	if st.ReturnsRows {
		b.WriteString(" rows")
	}
	if st.SettingName != "" || st.Kind == plan.StmtSet {
		fmt.Fprintf(&b, " setting=%q value=%q", st.SettingName, st.SettingValue)
		if st.SettingDefault {
			b.WriteString(" default")
		}
	}
	b.WriteString("\n")
	if len(st.Columns) > 0 {
		b.WriteString("columns:")
		for _, c := range st.Columns {
			fmt.Fprintf(&b, " %s:%s(%d)", c.Name, typeString(c.Type), c.Type.OID())
			if c.TableID != 0 {
				fmt.Fprintf(&b, "@%d.%d", c.TableID, c.AttrNum)
			}
		}
		b.WriteString("\n")
	}
	if len(st.ParamTypes) > 0 {
		b.WriteString("params:")
		for i, t := range st.ParamTypes {
			fmt.Fprintf(&b, " $%d:%s", i+1, typeString(t))
		}
		b.WriteString("\n")
	}
	if st.Root != nil {
		for _, line := range strings.Split(strings.TrimSuffix(plan.Explain(st.Root), "\n"), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	if c := st.Copy; c != nil {
		cols := make([]string, len(c.Columns))
		for i, col := range c.Columns {
			cols[i] = col.Name + " " + typeString(col.Type)
		}
		fmt.Fprintf(&b, "  copy table=%q format=%d delimiter=%q null=%q quote=%q escape=%q header=%v force_quote=%v/%v\n    columns: %s\n",
			c.Table, c.Format, c.Delimiter, c.Null, c.Quote, c.Escape, c.Header, c.ForceQuoteAll, c.ForceQuote, strings.Join(cols, ", "))
	}
	if ct, ok := st.Root.(*plan.CreateTable); ok {
		t := ct.Table
		fmt.Fprintf(&b, "  schemafull=%v created_by=%s pk=%v\n", t.Schemafull, t.CreatedBy, t.PrimaryKey)
		for _, f := range t.Fields {
			fmt.Fprintf(&b, "    %s %s", f.Name, typeString(f.Type))
			if !f.Optional {
				b.WriteString(" not null")
			}
			if f.HasDefault {
				if f.DefaultSeq != "" {
					fmt.Fprintf(&b, " default nextval(%q)", f.DefaultSeq)
				} else if f.DefaultFunc != "" {
					fmt.Fprintf(&b, " default %s()", f.DefaultFunc)
				} else if f.DefaultExpr != "" {
					fmt.Fprintf(&b, " default (%s)", f.DefaultExpr)
				} else {
					fmt.Fprintf(&b, " default %s", valueString(f.DefaultValue))
				}
			}
			if f.Identity != catalog.IdentityNone {
				fmt.Fprintf(&b, " identity %s", f.Identity)
			}
			b.WriteString("\n")
		}
		for _, s := range ct.Sequences {
			fmt.Fprintf(&b, "    sequence %s owned by %s.%s: %s increment %d min %d max %d start %d cache %d cycle %v\n",
				s.Name, s.OwnedTable, s.OwnedColumn, s.TypeName(), s.Increment, s.Min, s.Max, s.Start, s.Cache, s.Cycle)
		}
		for _, fk := range t.ForeignKeys {
			fmt.Fprintf(&b, "    foreign key %s (%s) references %s (%s) on delete %s on update %s", fk.Name,
				strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "), fk.Delete(), fk.Update())
			if fk.MatchFull {
				b.WriteString(" match full")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func kindName(k plan.StmtKind) string { return k.String() }

// typeString names a type compactly (PostgreSQL's internal names).
func typeString(t value.Type) string {
	switch t.Kind {
	case value.KindAny:
		if t.JSON {
			return "jsonb"
		}
		return "any"
	case value.KindString:
		if t.JSON {
			return "json"
		}
		switch {
		case t.BPChar && t.MaxLen > 0:
			return fmt.Sprintf("bpchar(%d)", t.MaxLen)
		case t.BPChar:
			return "bpchar"
		case t.MaxLen > 0:
			return fmt.Sprintf("varchar(%d)", t.MaxLen)
		}
		return "text"
	case value.KindDecimal:
		if t.Precision > 0 {
			return fmt.Sprintf("numeric(%d,%d)", t.Precision, t.Scale)
		}
		return "numeric"
	}
	switch t.OID() {
	case value.OIDBool:
		return "bool"
	case value.OIDInt2:
		return "int2"
	case value.OIDInt4:
		return "int4"
	case value.OIDInt8:
		return "int8"
	case value.OIDFloat4:
		return "float4"
	case value.OIDFloat8:
		return "float8"
	case value.OIDTimestamp:
		return "timestamp"
	case value.OIDTimestampTZ:
		return "timestamptz"
	case value.OIDInterval:
		return "interval"
	case value.OIDUUID:
		return "uuid"
	case value.OIDBytea:
		return "bytea"
	}
	return t.Kind.String()
}

func valueString(v value.Value) string {
	switch v.Kind() {
	case value.KindNone:
		return "NULL"
	case value.KindBool:
		return fmt.Sprint(v.AsBool())
	case value.KindInt:
		w := map[value.IntWidth]string{value.I64: "i64", value.I8: "i8", value.I16: "i16", value.I32: "i32", value.U8: "u8", value.U16: "u16", value.U32: "u32", value.U64: "u64"}[v.Width()]
		return fmt.Sprintf("%d%s", v.AsInt(), w)
	case value.KindFloat:
		return fmt.Sprintf("%gf%d", v.AsFloat(), v.FloatBits())
	case value.KindDecimal:
		return v.AsDecimal().String() + "n"
	case value.KindString:
		return fmt.Sprintf("%q", v.AsString())
	}
	if s := v.String(); s != "" {
		return s
	}
	return "<" + v.Kind().String() + ">"
}

// planCase is a statement and what its translation must give: an error of
// code, or (code "") a printed plan holding want.
type planCase struct {
	sql  string
	want string // in the printed plan
	code string
}

// checkPlans translates each case's statement and checks its outcome.
func checkPlans(t *testing.T, cases []planCase) {
	t.Helper()
	for _, c := range cases {
		st, err := translateOne(t, c.sql)
		if errs.Code(err) != c.code {
			t.Errorf("%s: error %v, want %q", c.sql, err, c.code)
			continue
		}
		if err != nil {
			continue
		}
		if got := printStatement(st); !strings.Contains(got, c.want) {
			t.Errorf("%s: plan\n%s\nwithout %s", c.sql, got, c.want)
		}
	}
}
