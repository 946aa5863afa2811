package plpgsql

import (
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name, src, code string
	}{
		{"do", `DO $$DECLARE x int := 1; BEGIN x := x + 1; RAISE NOTICE 'x=%', x; END$$`, ""},
		{"trigger", `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$`, ""},
		{"loops", `DO $$DECLARE r record; a int[] := '{1,2}'; s int := 0; BEGIN
			FOR i IN 1..3 LOOP s := s + i; END LOOP;
			FOR r IN SELECT 1 AS c LOOP s := s + r.c; END LOOP;
			FOREACH s IN ARRAY a LOOP EXIT WHEN s > 1; END LOOP;
			<<l>> LOOP EXIT l; END LOOP;
			WHILE s < 10 LOOP s := s + 1; END LOOP;
		END$$`, ""},
		{"exceptions", `DO $$BEGIN PERFORM 1/0; EXCEPTION WHEN division_by_zero OR SQLSTATE '23505' THEN RAISE NOTICE '%', SQLERRM; WHEN others THEN RAISE; END$$`, ""},
		{"syntax", `DO $$BEGIN x := ; END$$`, errs.SyntaxError},
		{"unknown condition", `DO $$BEGIN NULL; EXCEPTION WHEN no_such_thing THEN NULL; END$$`, errs.UndefinedObject},
		{"cursor", `DO $$DECLARE c refcursor; BEGIN NULL; END$$`, errs.FeatureNotSupported},
		{"open", `DO $$DECLARE c CURSOR FOR SELECT 1; BEGIN OPEN c; END$$`, errs.FeatureNotSupported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.src)
			if got := errs.Code(err); err != nil && got != c.code || err == nil && c.code != "" {
				t.Fatalf("Parse: %v (code %q), want code %q", err, got, c.code)
			}
			if err == nil && f.Body == nil {
				t.Fatal("no body")
			}
		})
	}
}

func TestBind(t *testing.T) {
	f, err := Parse(`CREATE FUNCTION f(a int, b text) RETURNS trigger LANGUAGE plpgsql AS $$DECLARE x int; BEGIN x := a + NEW.c + $2::int; RETURN NEW; END$$`)
	if err != nil {
		t.Fatal(err)
	}
	as := f.Body.Body[0].(*Assign)
	b, err := f.bind(as.Value)
	if err != nil {
		t.Fatal(err)
	}
	if want := "SELECT $1 + $2 + $3::int"; b.sql != want {
		t.Errorf("bind: %q, want %q", b.sql, want)
	}
	if len(b.refs) != 3 || b.refs[0].v.Name != "a" || b.refs[1].field != "c" || b.refs[2].v.Name != "b" {
		t.Errorf("refs: %+v", b.refs)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`DO $$BEGIN NULL; END$$`,
		`DO $$DECLARE x int := 1; BEGIN IF x > 0 THEN RAISE NOTICE '%', x; END IF; END$$`,
		`CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.a := 1; RETURN NEW; END $$`,
		`DO $$BEGIN FOR i IN 1..3 LOOP CONTINUE WHEN i = 2; END LOOP; EXCEPTION WHEN others THEN NULL; END$$`,
		`DO $$DECLARE p pair := ROW(1, 'a'); q t%ROWTYPE; BEGIN p.a := 2; q.b := p.b; RAISE NOTICE '%', p; END$$`,
		`CREATE PROCEDURE p(INOUT a int, OUT b text) LANGUAGE plpgsql AS $$ DECLARE x int; BEGIN CALL q(x, b => a); COMMIT; ROLLBACK AND CHAIN; END $$`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fn, err := Parse(src)
		if err != nil {
			if errs.Code(err) == "" {
				t.Fatalf("error without SQLSTATE: %v", err)
			}
			return
		}
		walk(fn.Body, func(e *Expr) {
			_, _ = fn.bind(e)
			if _, err := fn.callTargets(e.Query); err != nil && errs.Code(err) == "" {
				t.Fatalf("error without SQLSTATE: %v", err)
			}
		})
	})
}

// walk calls fn for each expression of the statements under b.
func walk(b *Block, fn func(*Expr)) {
	var stmts func([]Stmt)
	each := func(es ...*Expr) {
		for _, e := range es {
			if e != nil {
				fn(e)
			}
		}
	}
	stmts = func(ss []Stmt) {
		for _, s := range ss {
			switch s := s.(type) {
			case *Block:
				stmts(s.Body)
				for _, h := range s.Handlers {
					stmts(h.Body)
				}
			case *Assign:
				each(s.Value)
			case *CallProc:
				each(s.SQL)
			case *If:
				each(s.Conds...)
				for _, b := range s.Bodies {
					stmts(b)
				}
				stmts(s.Else)
			case *Loop:
				each(s.Cond)
				stmts(s.Body)
			case *ExecSQL:
				each(s.SQL)
			case *Return:
				each(s.Value)
			}
		}
	}
	stmts([]Stmt{b})
}

// TestRowDeclarations: a variable whose field is assigned is declared a
// record for pg_query's parser, keeping its type and default.
func TestRowDeclarations(t *testing.T) {
	for _, tc := range []struct {
		src, name, typ, def string
	}{
		{`DO $$DECLARE p pair; BEGIN p.a := 1; END$$`, "p", "pair", ""},
		{`DO $$DECLARE x int; p public.pair := ROW(1, (2)); BEGIN p.a := 1; END$$`, "p", "public.pair", "ROW(1, (2))"},
		{`DO $$DECLARE q t%ROWTYPE DEFAULT NULL; BEGIN q.b := 'x;y'; END$$`, "q", "t%ROWTYPE", "NULL"},
		{`CREATE FUNCTION f(k int) RETURNS int LANGUAGE plpgsql AS 'DECLARE r t; BEGIN r.a := k; RETURN r.a; END'`, "r", "t", ""},
		{`DO $$DECLARE a pair; BEGIN DECLARE b pair; BEGIN b.a := 1; a.a := b.a; END; END$$`, "b", "pair", ""},
	} {
		fn, err := Parse(tc.src)
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		v := fn.byName[tc.name]
		if v == nil || !v.Record || v.TypeName != tc.typ {
			t.Errorf("%s: %s is %+v, want a record of type %s", tc.src, tc.name, v, tc.typ)
			continue
		}
		def := ""
		if v.Default != nil {
			def = v.Default.Query
		}
		if def != tc.def {
			t.Errorf("%s: default %q, want %q", tc.src, def, tc.def)
		}
	}
	// A field of a variable that is not declared stays an error.
	if _, err := Parse(`DO $$BEGIN p.a := 1; END$$`); errs.Code(err) != errs.SyntaxError {
		t.Errorf("undeclared p.a: %v", err)
	}
}

func TestAssignedValue(t *testing.T) {
	for _, c := range []struct {
		q, typ, want, code string
	}{
		{q: "x := a + 1", want: "a + 1"},
		{q: `"a[b]" = 2`, want: "2"},
		{q: "x[i] := v", want: "array_set(x, (v), (i))"},
		{q: "x [1] [n + 1] = 'a]'", want: "array_set(x, ('a]'), (1), (n + 1))"},
		{q: "x[a[1]] := 2", want: "array_set(x, (2), (a[1]))"},
		{q: "x[i::int] := 2", want: "array_set(x, (2), (i::int))"},
		{q: "x[1:2] := '{1,2}'", typ: "int[]", want: "array_set_slice(x, ('{1,2}')::int[], (1), (2))"},
		{q: "x[:2][3] := y", typ: "pg_catalog.int4", want: "array_set_slice(x, (y), (NULL), (2), (1), (3))"},
		{q: "x[1", code: errs.SyntaxError},
		{q: "x[1].f := 2", code: errs.FeatureNotSupported},
		{q: "x", code: errs.SyntaxError},
	} {
		got, err := assignedValue(c.q, c.typ)
		if errs.Code(err) != c.code || err == nil && got != c.want {
			t.Errorf("%q: got %q, %v; want %q, %s", c.q, got, err, c.want, c.code)
		}
	}
}

// FuzzAssignedValue: any assignment text gives a value expression or an
// error with a SQLSTATE, never a panic.
func FuzzAssignedValue(f *testing.F) {
	for _, s := range []string{"x := 1", "x[1][2] := 3", "x[1:2] = y", `x["]"] := 1`, "x['[' || ']'] := 1", "x[", "x[]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := assignedValue(q, "int[]"); err != nil {
			if _, ok := err.(*errs.Error); !ok {
				t.Fatalf("%q: error %T %v is not an *errs.Error", q, err, err)
			}
		}
	})
}
