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
		walk(fn.Body, func(e *Expr) { _, _ = fn.bind(e) })
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
