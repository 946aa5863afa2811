package exec

import (
	"context"
	"strings"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// closure is a function value made by plan.Closure: the closure's code
// plus the environment it captured (rows and local frames). It implements
// value.Func so builtins such as map and filter can call it.
type closure struct {
	r     *run
	c     *plan.Closure
	row   []value.Value
	outer *rowLink
	frame *frame
}

func (r *run) newClosure(c *plan.Closure, sc *scope) *closure {
	// Iterators reuse their row buffers, so the rows a closure sees are
	// copied: it may be called after they have moved on (a closure stored
	// in a list and applied later). Frames are never reused.
	return &closure{r: r, c: c, row: copyRow(sc.row), outer: copyLinks(sc.outer), frame: sc.frame}
}

func copyRow(row []value.Value) []value.Value {
	if len(row) == 0 {
		return nil
	}
	return append([]value.Value(nil), row...)
}

func copyLinks(l *rowLink) *rowLink {
	if l == nil {
		return nil
	}
	return &rowLink{row: copyRow(l.row), up: copyLinks(l.up)}
}

func (c *closure) Arity() int { return len(c.c.Params) }

func (c *closure) String() string {
	return "|" + strings.Join(c.c.Params, ", ") + "| ..."
}

// Call runs the closure. A builtin calling back passes the context it got
// from the executor, which carries the running statement; a closure kept
// in a session variable and called by a later statement runs in that
// statement, not in the one that made it.
func (c *closure) Call(ctx context.Context, args []value.Value) (value.Value, error) {
	r := c.r
	if cur, ok := ctx.Value(runKey{}).(*run); ok {
		r = cur
	}
	if n := len(c.c.Params); len(args) != n {
		return value.None, errs.New(errs.UndefinedFunction, "%s takes %d arguments, not %d", c.String(), n, len(args))
	}
	return c.callIn(r, args)
}

// maxCallDepth bounds recursion so that a runaway recursive function
// fails with 54001 instead of exhausting the goroutine stack.
const maxCallDepth = 4000

func (c *closure) callIn(r *run, args []value.Value) (value.Value, error) {
	if r.depth >= maxCallDepth {
		return value.None, errs.New(codeStackDepth, "stack depth limit exceeded").WithHint("A function recursed more than %d levels deep.", maxCallDepth)
	}
	r.depth++
	defer func() { r.depth-- }()
	n := c.c.NumSlots
	if n < len(args) {
		n = len(args)
	}
	f := &frame{slots: make([]value.Value, n), parent: c.frame}
	copy(f.slots, args)
	sc := scope{row: c.row, outer: c.outer, frame: f}
	return r.eval(c.c.Body, &sc)
}
