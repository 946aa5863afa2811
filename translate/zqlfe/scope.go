package zqlfe

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
)

// The executor keeps two independent stacks that expressions reach into
// (engine/exec): rows — the current row (ColRef Depth 0) and the rows of
// enclosing queries, one level more for every Subquery node and for the
// right side of a lateral Join — and local frames — one per Block,
// closure call and Match (Local Depth). The translator mirrors both: it
// tracks the row level of the expression being built (translator.level)
// and the frames opened around it (translator.frames), and every name
// records the level or frame it was bound in, so a reference becomes a
// depth by subtraction.

// bindKind is where a name's value lives at run time.
type bindKind uint8

const (
	// bindCol: column col of the row at row level level.
	bindCol bindKind = iota
	// bindRecord: a stored record read by a Scan (or yielded by a write):
	// its key is column col and its stored object column obj of the row at
	// level level. Its value is the record view {id, ...fields}; field
	// reads go straight to the object so the optimizer sees them.
	bindRecord
	// bindLocal: slot slot of the local frame opened at frame level frame.
	bindLocal
)

// binding is a name in scope: a comprehension or pipeline variable, `.`,
// a closure parameter, a block `let` or a match binding. Stream elements
// are described by bindings too (with an empty name).
type binding struct {
	name  string
	kind  bindKind
	level int
	col   int
	obj   int
	frame int
	slot  int
	// table is the table whose record the binding holds (a record view or
	// a record id), when it is known statically: writes through the name
	// (x.update(...), remove x) need it.
	table *catalog.Table
}

// scope is one lexical level of names.
type scope struct {
	parent *scope
	binds  []binding
}

func (t *translator) pushScope() { t.scope = &scope{parent: t.scope} }
func (t *translator) popScope()  { t.scope = t.scope.parent }

// bind adds a name to the innermost scope; later names shadow earlier
// ones of the same scope.
func (t *translator) bind(b binding) { t.scope.binds = append(t.scope.binds, b) }

// lookup finds the innermost binding of name.
func (t *translator) lookup(name string) *binding {
	for s := t.scope; s != nil; s = s.parent {
		for i := len(s.binds) - 1; i >= 0; i-- {
			if s.binds[i].name == name {
				return &s.binds[i]
			}
		}
	}
	return nil
}

// frameInfo counts the slots of an open local frame.
type frameInfo struct{ slots int }

func (t *translator) pushFrame() { t.frames = append(t.frames, frameInfo{}) }

// popFrame closes the innermost frame and returns its slot count.
func (t *translator) popFrame() int {
	n := t.frames[len(t.frames)-1].slots
	t.frames = t.frames[:len(t.frames)-1]
	return n
}

// newSlot allocates a slot in the innermost frame.
func (t *translator) newSlot() int {
	f := &t.frames[len(t.frames)-1]
	f.slots++
	return f.slots - 1
}

// bindLocalName binds name to a fresh slot of the innermost frame.
func (t *translator) bindLocalName(name string, table *catalog.Table) int {
	slot := t.newSlot()
	t.bind(binding{name: name, kind: bindLocal, frame: len(t.frames), slot: slot, table: table})
	return slot
}

// ref builds the expression reading a binding from the current position.
func (t *translator) ref(b *binding, pos int) plan.Expr {
	switch b.kind {
	case bindLocal:
		name := b.name
		if name == "." {
			name = "it"
		}
		return &plan.Local{At: at(pos), Depth: len(t.frames) - b.frame, Slot: b.slot, Name: name}
	case bindRecord:
		return &plan.RecordView{
			At:    at(pos),
			Table: b.table.Name,
			Key:   t.colRef(b, b.col, pos),
			Obj:   t.colRef(b, b.obj, pos),
		}
	}
	return t.colRef(b, b.col, pos)
}

// colRef reads column col of the row a binding lives in, and notes how far
// out the reference reaches (see translator.minRef).
func (t *translator) colRef(b *binding, col, pos int) *plan.ColRef {
	if b.level < t.minRef {
		t.minRef = b.level
	}
	name := b.name
	if name == "" || name == "." {
		name = "elem"
	}
	if b.kind == bindRecord && col == b.col {
		// The object column reads as the name (p.age); the key needs
		// telling apart in EXPLAIN.
		name += "#key"
	}
	return &plan.ColRef{At: at(pos), Idx: col, Depth: t.level - b.level, Name: name}
}

// objRef reads the stored object of a record binding.
func (t *translator) objRef(b *binding, pos int) plan.Expr { return t.colRef(b, b.obj, pos) }

// keyRef reads the key of a record binding.
func (t *translator) keyRef(b *binding, pos int) plan.Expr { return t.colRef(b, b.col, pos) }

func at(p int) plan.At { return plan.At{P: p} }
