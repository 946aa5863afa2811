package plan

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Actual is what EXPLAIN ANALYZE measured of one plan node: its rows,
// loops and time (inclusive of its inputs), and the workers of a
// parallel node.
type Actual struct {
	Rows, Loops int64
	TimeMS      float64
	Workers     int
}

// ExplainJSON renders a plan as EXPLAIN (FORMAT JSON) does: PostgreSQL's
// layout — a list holding one object whose "Plan" is the root node, each
// node's inputs in its "Plans" — that tools which draw plans read
// (pgAdmin, explain.dalibo.com). A node's "Node Type" is its header as
// Explain prints it, its detail lines "key: value" become fields named
// as PostgreSQL names them ("Filter", "Index Cond"), the others a
// "Details" list. With actual (EXPLAIN ANALYZE) each node gets
// PostgreSQL's "Actual Total Time", "Actual Rows" and "Actual Loops"
// (loops 0 for a node that never ran), and the result its "Execution
// Time" (execMS).
func ExplainJSON(n Node, actual func(Node) (Actual, bool), execMS float64) string {
	p := &explainer{}
	top := jsonObject{{"Plan", p.jsonNode(n, "", actual)}}
	if actual != nil {
		top = append(top, jsonField{"Execution Time", round3(execMS)})
	}
	var b strings.Builder
	writeJSON(&b, []any{top}, 0)
	return b.String()
}

// jsonObject is a JSON object whose fields keep their order.
type jsonObject []jsonField

type jsonField struct {
	key string
	val any
}

func (p *explainer) jsonNode(n Node, relationship string, actual func(Node) (Actual, bool)) jsonObject {
	header, props, children := p.describe(n)
	obj := jsonObject{{"Node Type", header}}
	if relationship != "" {
		obj = append(obj, jsonField{"Parent Relationship", relationship})
	}
	if actual != nil {
		a, ran := actual(n)
		if ran {
			obj = append(obj, jsonField{"Actual Total Time", round3(a.TimeMS)}, jsonField{"Actual Rows", a.Rows}, jsonField{"Actual Loops", a.Loops})
			if a.Workers > 0 {
				obj = append(obj, jsonField{"Workers Launched", a.Workers})
			}
		} else {
			obj = append(obj, jsonField{"Actual Loops", 0})
		}
	}
	var details []any
	for _, l := range props {
		k, v, ok := strings.Cut(l, ": ")
		if !ok || k == "" || strings.ContainsAny(k, "(){}") {
			details = append(details, l)
			continue
		}
		obj = append(obj, jsonField{jsonKey(k), v})
	}
	if details != nil {
		obj = append(obj, jsonField{"Details", details})
	}
	subs := p.pending
	p.pending = nil
	var plans []any
	for _, s := range subs {
		sub := p.jsonNode(s.node, "SubPlan", actual)
		sub = append(sub[:1], append(jsonObject{{"Subplan Name", "SubPlan " + strconv.Itoa(s.n)}}, sub[1:]...)...)
		plans = append(plans, sub)
	}
	for i, c := range children {
		rel := "Outer"
		if i > 0 {
			rel = "Inner"
		}
		plans = append(plans, p.jsonNode(c, rel, actual))
	}
	if plans != nil {
		obj = append(obj, jsonField{"Plans", plans})
	}
	return obj
}

// jsonKey is a detail's key as PostgreSQL would name the field: each
// word capitalized ("index cond" is "Index Cond").
func jsonKey(k string) string {
	words := strings.Fields(k)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func round3(ms float64) json.Number {
	return json.Number(strconv.FormatFloat(ms, 'f', 3, 64))
}

// writeJSON writes v indented as PostgreSQL's EXPLAIN writes JSON: two
// spaces a level, a field per line.
func writeJSON(b *strings.Builder, v any, indent int) {
	pad := strings.Repeat("  ", indent+1)
	switch v := v.(type) {
	case jsonObject:
		b.WriteString("{\n")
		for i, f := range v {
			b.WriteString(pad)
			writeJSONScalar(b, f.key)
			b.WriteString(": ")
			writeJSON(b, f.val, indent+1)
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad[2:] + "}")
	case []any:
		b.WriteString("[\n")
		for i, e := range v {
			b.WriteString(pad)
			writeJSON(b, e, indent+1)
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad[2:] + "]")
	default:
		writeJSONScalar(b, v)
	}
}

// writeJSONScalar writes a string or number as JSON, leaving <, > and &
// as they are (json.Marshal escapes them for HTML).
func writeJSONScalar(b *strings.Builder, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	b.Write(bytes.TrimRight(buf.Bytes(), "\n"))
}
