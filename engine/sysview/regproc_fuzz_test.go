package sysview

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// FuzzRegInput: the reg* types' text input (qualified names, quoted
// parts, "name(type, ...)" of regprocedure and regoperator) reads any
// text a client casts, or fails with a SQLSTATE of its own: never a
// panic, nor XX000.
func FuzzRegInput(f *testing.F) {
	for _, s := range []string{"t", `public."T"`, "main.public.t", "a.b.c.d", "lower(text)", `"x""y"( int4 , text[] )`,
		"+(int4, int4)", "-(none, int8)", "pg_catalog.abs(numeric(10,2))", "f(", `"`, " . ", "numeric(1", "int[][]"} {
		f.Add(s)
	}
	e := fixture(f)
	names := []string{"to_regclass", "regclass", "regtype", "regnamespace", "regproc", "regrole", "to_regtype",
		"to_regnamespace", "to_regrole", "to_regproc", "to_regprocedure", "to_regoper", "to_regoperator"}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range names {
			fn, _ := LookupFunc(name)
			if _, err := fn.Fn(e, []value.Value{value.String(s)}); err != nil {
				if c := errs.Code(err); c == "" || c == errs.InternalError {
					t.Fatalf("%s(%q): %v (%s)", name, s, err, c)
				}
			}
		}
	})
}
