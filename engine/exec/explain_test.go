package exec

import (
	"regexp"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
)

func TestExplainAnalyze(t *testing.T) {
	f := newFixture(t)
	tb := f.table(&catalog.Table{Name: "t", CreatedBy: "zql"})
	for i := int64(0); i < 5; i++ {
		f.mustInsert(tb, ki(i), obj("a", ki(i%2)))
	}
	filtered := &plan.Filter{Input: scanOf(tb), Cond: zbin(plan.OpEq, fld(col(1), "a"), ki(1))}
	cases := []struct {
		name string
		n    *plan.ExplainStmt
		want []string // regexps, one per line
	}{
		{"plan only", &plan.ExplainStmt{Input: filtered}, []string{`^Filter$`, `^  cond: `, `^  ->  Scan t$`}},
		{"analyze", &plan.ExplainStmt{Input: filtered, Analyze: true}, []string{
			`^Filter \(actual time=\d+\.\d{3} ms rows=2 loops=1\)$`,
			`^  cond: `,
			`^  ->  Scan t \(actual time=\d+\.\d{3} ms rows=5 loops=1\)$`,
			`^Execution Time: \d+\.\d{3} ms$`,
		}},
		{"analyze runs writes", &plan.ExplainStmt{Analyze: true, Input: &plan.Delete{Table: tb, Input: filtered, KeyCol: 0, ObjCol: 1}}, []string{
			`^Delete from t \(actual time=.* rows=2 loops=1\)$`,
			`^  key: #0$`,
			`^  ->  Filter \(actual time=.* rows=2 loops=1\)$`,
			`^        cond: `,
			`^        ->  Scan t \(actual time=.* rows=5 loops=1\)$`,
			`^Execution Time: `,
		}},
	}
	for _, c := range cases {
		rows := f.mustQuery(c.n)
		var lines []string
		for _, r := range rows {
			lines = append(lines, r[0].AsString())
		}
		if len(lines) != len(c.want) {
			t.Errorf("%s: got\n%s", c.name, strings.Join(lines, "\n"))
			continue
		}
		for i, w := range c.want {
			if !regexp.MustCompile(w).MatchString(lines[i]) {
				t.Errorf("%s: line %d %q does not match %s", c.name, i, lines[i], w)
			}
		}
	}
	left := f.mustQuery(scanOf(tb))
	if len(left) != 3 || left[0][1].Kind() != value.KindObject {
		t.Errorf("EXPLAIN ANALYZE of a DELETE left %d records, want 3", len(left))
	}
}
