package plan

import (
	"encoding/json"
	"testing"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// TestExplainJSON: the JSON form is valid JSON in PostgreSQL's layout,
// with a node's details as fields, its inputs in "Plans" and, under
// ANALYZE, the measured figures.
func TestExplainJSON(t *testing.T) {
	scan := &Scan{Table: &catalog.Table{Name: "t"}}
	root := &Limit{Input: &Filter{Input: scan, Cond: &Binary{Op: OpGt, SQL: true, L: &Const{V: value.Int(2)}, R: &Const{V: value.Int(1)}}}, Count: &Const{V: value.Int(3)}}
	for _, analyze := range []bool{false, true} {
		var actual func(Node) (Actual, bool)
		if analyze {
			actual = func(n Node) (Actual, bool) {
				if n == scan {
					return Actual{}, false
				}
				return Actual{Rows: 2, Loops: 1, TimeMS: 0.25}, true
			}
		}
		out := ExplainJSON(root, actual, 1.5)
		var doc []struct {
			Plan          map[string]any
			ExecutionTime *float64 `json:"Execution Time"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if len(doc) != 1 || doc[0].Plan["Node Type"] == nil {
			t.Fatalf("layout:\n%s", out)
		}
		plans, _ := doc[0].Plan["Plans"].([]any)
		if len(plans) != 1 {
			t.Fatalf("the Limit's input:\n%s", out)
		}
		filter := plans[0].(map[string]any)
		if filter["Node Type"] != "Filter" || filter["Parent Relationship"] != "Outer" || filter["Cond"] != "(2 > 1)" {
			t.Fatalf("the Filter node:\n%s", out)
		}
		scanNode := filter["Plans"].([]any)[0].(map[string]any)
		if analyze != (doc[0].ExecutionTime != nil) || analyze && (doc[0].Plan["Actual Rows"] != 2.0 || scanNode["Actual Loops"] != 0.0) {
			t.Fatalf("ANALYZE %v:\n%s", analyze, out)
		}
	}
}
