package sysview

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// The errors are PostgreSQL 15's for to_regtype of the same text.
func TestCheckTypeSyntax(t *testing.T) {
	for _, c := range []struct {
		in, code, msg string
	}{
		{in: "int4"},
		{in: "  int4  "},
		{in: "numeric(10,2)"},
		{in: "character varying(255)"},
		{in: "national character varying(10)"},
		{in: "bit varying(5)"},
		{in: "timestamp(6) with time zone"},
		{in: "time(3) without time zone"},
		{in: "numeric(10)[]"},
		{in: "interval day to second"},
		{in: "interval second(3)"},
		{in: "interval(3)"},
		{in: "int4 ARRAY"},
		{in: "int4 array[3]"},
		{in: "int4[][]"},
		{in: "int4 []"},
		{in: "double precision[]"},
		{in: "double"},
		{in: `"char"`},
		{in: `"My""Type"`},
		{in: "pg_catalog.int4"},
		{in: "a.b.c", code: errs.FeatureNotSupported, msg: "cross-database references are not implemented: a.b.c"},
		{in: "a.b.c.d", msg: "improper qualified name (too many dotted names): a.b.c.d"},
		{in: "int4(-1)"}, // a modifier the type then refuses
		{in: "int4(", msg: "syntax error at end of input"},
		{in: "int4)", msg: `syntax error at or near ")"`},
		{in: "int4[", msg: "syntax error at end of input"},
		{in: "int4 x", msg: `syntax error at or near "x"`},
		{in: "int4(1,", msg: "syntax error at end of input"},
		{in: "int4()", msg: `syntax error at or near ")"`},
		{in: "int4(,)", msg: `syntax error at or near ","`},
		{in: "int4,", msg: `syntax error at or near ","`},
		{in: "int4 [3", msg: "syntax error at end of input"},
		{in: "int4[]]", msg: `syntax error at or near "]"`},
		{in: "varchar(10)(5)", msg: `syntax error at or near "("`},
		{in: "time with zone", msg: `syntax error at or near "with"`},
		{in: "1abc", msg: `trailing junk after numeric literal at or near "1abc"`},
		{in: `"unterminated`, msg: `unterminated quoted identifier at or near ""unterminated"`},
		{in: "'str'", msg: `syntax error at or near "'str'"`},
		{in: "select", msg: `syntax error at or near "select"`},
		{in: "coalesce", msg: `syntax error at or near "coalesce"`},
		{in: "left"},
		{in: "public.select"},
		{in: "", msg: `invalid type name ""`},
		{in: "setof int4", msg: `invalid type name "setof int4"`},
	} {
		_, err := parseTypeName(c.in)
		if c.msg == "" {
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			}
			continue
		}
		if c.code == "" {
			c.code = errs.SyntaxError
		}
		e := errs.From(err)
		if err == nil || e.Code != c.code || e.Message != c.msg {
			t.Errorf("%q: got %v (%+v), want %s", c.in, err, e, c.msg)
		}
	}
}
