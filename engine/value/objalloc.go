package value

// Decoded records are small objects read field by field right after they
// are made. Carving the Object, its names and its values out of one
// allocation saves two allocations per record and keeps a field lookup on
// one or two cache lines instead of three scattered objects; a join probing
// thousands of decoded rows is bound by those misses.
type (
	objBlock2 struct {
		o     Object
		names [2]string
		vals  [2]Value
	}
	objBlock3 struct {
		o     Object
		names [3]string
		vals  [3]Value
	}
	objBlock4 struct {
		o     Object
		names [4]string
		vals  [4]Value
	}
	objBlock6 struct {
		o     Object
		names [6]string
		vals  [6]Value
	}
	objBlock8 struct {
		o     Object
		names [8]string
		vals  [8]Value
	}
)

// maxBlockFields is the largest object newObjectLen makes in one
// allocation.
const maxBlockFields = 8

// newObjectLen makes an object of n fields (names and values to be
// filled in), in one allocation when n is small.
func newObjectLen(n int) *Object {
	switch {
	case n <= 2:
		b := &objBlock2{}
		b.o.names, b.o.vals = b.names[:n:n], b.vals[:n:n]
		return &b.o
	case n <= 3:
		b := &objBlock3{}
		b.o.names, b.o.vals = b.names[:n:n], b.vals[:n:n]
		return &b.o
	case n <= 4:
		b := &objBlock4{}
		b.o.names, b.o.vals = b.names[:n:n], b.vals[:n:n]
		return &b.o
	case n <= 6:
		b := &objBlock6{}
		b.o.names, b.o.vals = b.names[:n:n], b.vals[:n:n]
		return &b.o
	case n <= 8:
		b := &objBlock8{}
		b.o.names, b.o.vals = b.names[:n:n], b.vals[:n:n]
		return &b.o
	}
	return &Object{names: make([]string, n), vals: make([]Value, n)}
}
