package sqlfe

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// inheritResolver is the fake resolver with parents ip (a int4 NOT NULL
// DEFAULT 5, b text CHECK) and iq (a int4, c int4), ic inheriting from
// both, and a diamond: dd inheriting from ic and ip.
func inheritResolver() *fakeResolver {
	r := newFakeResolver()
	ip := &catalog.Table{ID: 200, Name: "ip", Schemafull: true, CreatedBy: "sql", Children: []string{"ic", "dd"}, Fields: []catalog.Field{
		{Name: "a", Type: value.TypeInt4, HasDefault: true, DefaultValue: value.Int(5)},
		{Name: "b", Type: value.TypeText, Optional: true},
	}, Checks: []catalog.Check{{Name: "ip_b_check", Expr: "b <> 'x'"}}}
	iq := &catalog.Table{ID: 201, Name: "iq", Schemafull: true, CreatedBy: "sql", Children: []string{"ic"}, Fields: []catalog.Field{
		{Name: "a", Type: value.TypeInt4, Optional: true},
		{Name: "c", Type: value.TypeInt4, Optional: true},
	}}
	ic := &catalog.Table{ID: 202, Name: "ic", Schemafull: true, CreatedBy: "sql", Inherits: []string{"ip", "iq"}, Children: []string{"dd"}, Fields: []catalog.Field{
		{Name: "a", Type: value.TypeInt4, InhCount: 2, NotLocal: true},
		{Name: "b", Type: value.TypeText, Optional: true, InhCount: 1, NotLocal: true},
		{Name: "c", Type: value.TypeInt4, Optional: true, InhCount: 1, NotLocal: true},
	}}
	dd := &catalog.Table{ID: 203, Name: "dd", Schemafull: true, CreatedBy: "sql", Inherits: []string{"ic", "ip"}, Fields: ic.Fields}
	for _, t := range []*catalog.Table{ip, iq, ic, dd} {
		r.tables[t.Name] = t
	}
	return r
}

func TestCreateTableInherits(t *testing.T) {
	// field is a column as name:type:inhcount:local:notnull[:default].
	field := func(f catalog.Field) string {
		s := fmt.Sprintf("%s:%s:%d:%t:%t", f.Name, sqlTypeName(f.Type), f.InhCount, !f.NotLocal, !f.Optional)
		if f.HasDefault {
			s += ":" + f.DefaultValue.String()
		}
		return s
	}
	for _, c := range []struct {
		sql     string
		fields  []string
		checks  []string // name:inhcount:local
		notices []string
		code    string
	}{
		{sql: "CREATE TABLE x (d int) INHERITS (ip)",
			fields: []string{"a:integer:1:false:true:5", "b:text:1:false:false", "d:integer:0:true:false"},
			checks: []string{"ip_b_check:1:false"}},
		{sql: "CREATE TABLE x (a int DEFAULT 7, d int) INHERITS (ip, iq)",
			fields:  []string{"a:integer:2:true:true:7_i32", "b:text:1:false:false", "c:integer:1:false:false", "d:integer:0:true:false"},
			checks:  []string{"ip_b_check:1:false"},
			notices: []string{`merging multiple inherited definitions of column "a"`, `merging column "a" with inherited definition`}},
		{sql: "CREATE TABLE x (a int NOT NULL) INHERITS (iq)",
			fields:  []string{"a:integer:1:true:true", "c:integer:1:false:false"},
			notices: []string{`merging column "a" with inherited definition`}},
		{sql: "CREATE TABLE x (a text) INHERITS (ip)", code: errs.DatatypeMismatch},
		{sql: "CREATE TABLE x () INHERITS (ip, ip)", code: errs.DuplicateTable},
		{sql: "CREATE TABLE x () INHERITS (nope)", code: errs.UndefinedTable},
		{sql: "CREATE TABLE x (a int) INHERITS (ip) PARTITION BY RANGE (a)", code: errs.WrongObjectType},
	} {
		t.Run(c.sql, func(t *testing.T) {
			st, err := Translate(context.Background(), inheritResolver(), mustSplit(t, c.sql)[0])
			if c.code != "" {
				if errs.Code(err) != c.code {
					t.Fatalf("err = %v, want %s", err, c.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ct := st.Root.(*plan.CreateTable)
			var fields, checks, notices []string
			for _, n := range ct.Notices {
				notices = append(notices, n.Message)
			}
			for _, f := range ct.Table.Fields {
				fields = append(fields, field(f))
			}
			for _, ck := range ct.Table.Checks {
				checks = append(checks, fmt.Sprintf("%s:%d:%t", ck.Name, ck.InhCount, !ck.NotLocal))
			}
			if !slices.Equal(fields, c.fields) || !slices.Equal(checks, c.checks) || !slices.Equal(notices, c.notices) {
				t.Errorf("fields %v checks %v notices %q\nwant   %v checks %v notices %q", fields, checks, notices, c.fields, c.checks, c.notices)
			}
		})
	}
}

func TestDescendants(t *testing.T) {
	r := inheritResolver()
	for _, c := range []struct{ parent, want string }{
		{"ip", "ic dd"}, // dd, a child of ip and of ic, once
		{"iq", "ic dd"},
		{"ic", "dd"},
		{"dd", ""},
	} {
		ts, err := translate.Descendants(context.Background(), r, r.tables[c.parent])
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, d := range ts {
			names = append(names, d.Name)
		}
		if got := strings.Join(names, " "); got != c.want {
			t.Errorf("Descendants(%s) = %q, want %q", c.parent, got, c.want)
		}
	}
}

func TestInheritedWrites(t *testing.T) {
	// An UPDATE or DELETE of a parent is one write per table, ONLY of a
	// parent the parent's write alone.
	for _, c := range []struct {
		sql    string
		tables []string
	}{
		{"UPDATE ip SET b = 'y'", []string{"ip", "ic", "dd"}},
		{"UPDATE ONLY ip SET b = 'y'", []string{"ip"}},
		{"DELETE FROM ic WHERE a = 1 RETURNING *", []string{"ic", "dd"}},
		{"DELETE FROM dd", []string{"dd"}},
	} {
		st, err := Translate(context.Background(), inheritResolver(), mustSplit(t, c.sql)[0])
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var got []string
		var walk func(n plan.Node)
		walk = func(n plan.Node) {
			switch n := n.(type) {
			case *plan.SetOp:
				walk(n.Left)
				walk(n.Right)
			case *plan.Project:
				walk(n.Input)
			case *plan.Update:
				got = append(got, n.Table.Name)
			case *plan.Delete:
				got = append(got, n.Table.Name)
			}
		}
		walk(st.Root)
		if !slices.Equal(got, c.tables) {
			t.Errorf("%s writes %v, want %v", c.sql, got, c.tables)
		}
	}
}
