package zqlfe

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestEdgeEndsChecked: a written edge's ends must exist at the end of its
// statement (engine/exec/edgecheck.go), checked in one pass over all the
// statement's edges.
func TestEdgeEndsChecked(t *testing.T) {
	d := newDB(t)
	d.mustRun("table::create(@p)")
	d.mustRun("edge::create(@e, { from: p, to: p })")
	d.mustRun("p::add([{ id: p.@a }, { id: p.@b }, { id: p.@c }])")
	for _, tc := range []struct {
		name, text string
		code       string // "" = succeeds
		message    string // part of the error's message
	}{
		{"missing target", "p.@a -> e -> p.@zz", "23503", `vertex p.@zz in field "out" does not exist`},
		{"missing source", "p.@zz -> e -> p.@a", "23503", `vertex p.@zz in field "in" does not exist`},
		{"one missing among many", "e::add([{ in: p.@a, out: p.@b }, { in: p.@b, out: p.@y }, { in: p.@c, out: p.@a }]) |> count", "23503", `vertex p.@y in field "out"`},
		// Only the statement's end state counts, as for foreign keys.
		{"vertex added after its edge", "{ p.@a -> e -> p.@late; p::add(@late, {}); 1 }", "", ""},
		{"edge gone with its vertex", "{ p.@a -> e -> p.@gone; p::add(@gone, {}); remove p.@gone; p.@b -> e -> p.@c; 1 }", "", ""},
		{"vertex removed after its edge", "{ p.@c -> e -> p.@b; p.@b -> e -> p.@c; remove p.@b; 1 }", "", ""},
		// A let binding is a statement too.
		{"let binding to a missing vertex", "let bad = p.@a -> e -> p.@ghost", "23503", `vertex p.@ghost in field "out"`},
		// An edge written twice counts with its last ends.
		{"edge rewritten to an end that exists", "{ e::add(@r1, { in: p.@a, out: p.@nope }); e.@r1.update({ out: p.@c }); 1 }", "", ""},
		{"edge rewritten away from an end removed later", "{ p::add(@tmp, {}); e::add(@r2, { in: p.@a, out: p.@tmp }); e.@r2.update({ out: p.@c }); remove p.@tmp; 1 }", "", ""},
		{"edge rewritten to an end that does not exist", "{ e::add(@r3, { in: p.@a, out: p.@c }); e.@r3.update({ out: p.@nope }); 1 }", "23503", `vertex p.@nope in field "out"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d.tb = t
			before := d.mustRun("e |> count")
			_, err := d.run(tc.text)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("%s: %v", tc.text, err)
				}
				return
			}
			d.fails(tc.text, tc.code)
			if msg := d.errMessage(tc.text); !strings.Contains(msg, tc.message) {
				t.Errorf("%s: message %q, want it to hold %q", tc.text, msg, tc.message)
			}
			// The failed statement wrote nothing.
			if after := d.mustRun("e |> count"); after[0] != before[0] {
				t.Errorf("%s: %s edges before, %s after", tc.text, before[0], after[0])
			}
		})
	}
	// What the statements that succeeded left: no edge to a record that
	// does not exist.
	d.tb = t
	d.check("[ [x.in, x.out] : x in e ] |> sort", `["p.@a","p.@c"]`, `["p.@a","p.@c"]`, `["p.@a","p.@late"]`)
}

// TestEdgeEndsCheckedInBatches: a statement writing more edges than the
// check queue holds runs the checks queued so far and keeps the failing
// ones for its end, where a vertex added after them counts.
func TestEdgeEndsCheckedInBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 70,000 edges")
	}
	d := newDB(t)
	d.mustRun("table::create(@p)")
	d.mustRun("edge::create(@e, { from: p, to: p })")
	d.mustRun("p::add([" + strings.Repeat("{}, ", 99) + "{}]) |> count")
	ids := d.mustRun("p |> map .id |> sort")
	edges := func(first string) string {
		var b strings.Builder
		b.WriteString("e::add([{ in: " + first + ", out: " + strings.Trim(ids[0], `"`) + " }")
		for i := range 70000 {
			fmt.Fprintf(&b, ", { in: %s, out: %s }", strings.Trim(ids[i%100], `"`), strings.Trim(ids[(i+1)%100], `"`))
		}
		b.WriteString("])")
		return b.String()
	}
	// The vertex of the first edge comes at the end of the statement.
	// (The statements are too long to print: the failures name them.)
	rows, err := d.run("{ " + edges("p.@late") + "; p::add(@late, {}); e |> count }")
	if err != nil || len(rows) != 1 || rows[0] != "70001" {
		t.Errorf("70,001 edges, the first to a vertex added last: %v, %v", rows, err)
	}
	_, err = d.run("{ " + edges("p.@never") + "; 1 }")
	if errs.Code(err) != errs.ForeignKeyViolation || !strings.Contains(err.Error(), "p.@never") {
		t.Errorf("70,001 edges, the first to a vertex never added: %v, want 23503 naming p.@never", err)
	}
}
