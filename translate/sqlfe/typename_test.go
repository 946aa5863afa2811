package sqlfe

import (
	"slices"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// The errors are PostgreSQL 15's for to_regtype of the same text.
func TestTypeName(t *testing.T) {
	for _, c := range []struct {
		in, names      string // names joined by "."
		typmods, array bool
		code, msg      string
	}{
		{in: "int4", names: "int4"},
		{in: "  int4  ", names: "int4"},
		{in: "int", names: "pg_catalog.int4"},
		{in: "numeric(10,2)", names: "pg_catalog.numeric", typmods: true},
		{in: "character varying(255)", names: "pg_catalog.varchar", typmods: true},
		{in: "national character varying(10)", names: "pg_catalog.varchar", typmods: true},
		{in: "bit varying(5)", names: "pg_catalog.varbit", typmods: true},
		{in: "timestamp(6) with time zone", names: "pg_catalog.timestamptz", typmods: true},
		{in: "time(3) without time zone", names: "pg_catalog.time", typmods: true},
		{in: "numeric(10)[]", names: "pg_catalog.numeric", typmods: true, array: true},
		{in: "interval day to second", names: "pg_catalog.interval", typmods: true},
		{in: "interval second(3)", names: "pg_catalog.interval", typmods: true},
		{in: "interval(3)", names: "pg_catalog.interval", typmods: true},
		{in: "int4 ARRAY", names: "int4", array: true},
		{in: "int4 array[3]", names: "int4", array: true},
		{in: "int4[][]", names: "int4", array: true},
		{in: "int4 []", names: "int4", array: true},
		{in: "double precision[]", names: "pg_catalog.float8", array: true},
		{in: "double", names: "double"},
		{in: "float(24)", names: "pg_catalog.float4"},
		{in: "float(25)", names: "pg_catalog.float8"},
		{in: "float", names: "pg_catalog.float8"},
		{in: "char", names: "pg_catalog.bpchar", typmods: true}, // char(1)
		{in: `"char"`, names: "char"},
		{in: "pg_catalog.char", names: "pg_catalog.char"},
		{in: `"My""Type"`, names: `My"Type`},
		{in: "pg_catalog.int4", names: "pg_catalog.int4"},
		{in: "a.b.c", names: "a.b.c"},
		{in: "a.b.c.d", names: "a.b.c.d"},
		{in: "int4(-1)", names: "int4", typmods: true}, // a modifier the type then refuses
		{in: "left", names: "left"},
		{in: "public.select", names: "public.select"},
		{in: "int(3)", msg: `syntax error at or near "("`},
		{in: "int4(", msg: "syntax error at end of input"},
		{in: "int4)", msg: `syntax error at or near ")"`},
		{in: "int4[", msg: "syntax error at end of input"},
		{in: "int4 x", msg: `syntax error at or near "x"`},
		{in: "int4 %type", msg: `syntax error at or near "%"`},
		{in: "int4(1,", msg: "syntax error at end of input"},
		{in: "int4()", msg: `syntax error at or near ")"`},
		{in: "int4(,)", msg: `syntax error at or near ","`},
		{in: "int4,", msg: `syntax error at or near ","`},
		{in: "int4; select 1", msg: `syntax error at or near ";"`},
		{in: "int4 [3", msg: "syntax error at end of input"},
		{in: "int4[]]", msg: `syntax error at or near "]"`},
		{in: "varchar(10)(5)", msg: `syntax error at or near "("`},
		{in: "time with zone", msg: `syntax error at or near "with"`},
		{in: "1abc", msg: `trailing junk after numeric literal at or near "1abc"`},
		{in: `"unterminated`, msg: `unterminated quoted identifier at or near ""unterminated"`},
		{in: "'str'", msg: `syntax error at or near "'str'"`},
		{in: "select", msg: `syntax error at or near "select"`},
		{in: "coalesce", msg: `syntax error at or near "coalesce"`},
		{in: "float(0)", code: errs.InvalidParameterValue, msg: "precision for type float must be at least 1 bit"},
		{in: "float(54)", code: errs.InvalidParameterValue, msg: "precision for type float must be less than 54 bits"},
		{in: "", msg: `invalid type name ""`},
		{in: " \t", msg: "invalid type name \" \t\""},
		{in: "setof int4", msg: `invalid type name "setof int4"`},
		{in: "int4\x00", code: CodeCharacterNotInRepertoire, msg: `invalid byte sequence for encoding "UTF8": 0x00`},
	} {
		names, typmods, array, err := TypeName(c.in)
		if c.msg == "" {
			if err != nil || strings.Join(names, ".") != c.names || typmods != c.typmods || array != c.array {
				t.Errorf("%q: got %q %v %v %v, want %q %v %v", c.in, names, typmods, array, err, c.names, c.typmods, c.array)
			}
			continue
		}
		if c.code == "" {
			c.code = errs.SyntaxError
		}
		e := errs.From(err)
		if err == nil || e.Code != c.code || e.Message != c.msg || e.Position != 0 {
			t.Errorf("%q: got %v (%+v), want %s %s", c.in, err, e, c.code, c.msg)
		}
		if wantWhere := c.code != CodeCharacterNotInRepertoire && !strings.HasPrefix(c.msg, "invalid type name"); wantWhere != (e.Where != "") {
			t.Errorf("%q: CONTEXT %q", c.in, e.Where)
		}
	}
}

// FuzzTypeName: any text either reads as a type name or fails with an
// *errs.Error, and never crashes the parser.
func FuzzTypeName(f *testing.F) {
	for _, s := range []string{"int4", "numeric(10,2)[]", "interval day to second", `"a""b".c`, "setof int", "int4(((1)))", "float(0)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		names, _, _, err := TypeName(s)
		if err != nil {
			if errs.From(err).Code == errs.InternalError {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(names) == 0 || slices.Contains(names, "") && !strings.Contains(s, `""`) {
			t.Fatalf("%q: names %q", s, names)
		}
	})
}
