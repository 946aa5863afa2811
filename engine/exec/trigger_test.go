package exec

import (
	"testing"
	"unsafe"

	"github.com/zerodb/zerodb/engine/value"
)

// TestAfterEventSize keeps a queued AFTER row trigger small: a
// million-row UPDATE queues a million of them.
func TestAfterEventSize(t *testing.T) {
	if n := unsafe.Sizeof(afterEvent{}); n > 32 {
		t.Errorf("afterEvent is %d bytes, want at most 32", n)
	}
}

// TestRowArena stores rows across chunks and reads each back.
func TestRowArena(t *testing.T) {
	var a rowArena
	if sp := a.add(value.None); sp != (rowSpan{}) {
		t.Fatalf("none stored as %+v", sp)
	}
	var spans []rowSpan
	for i := 0; i < 50_000; i++ {
		o := value.NewObject(2)
		o.Set("id", value.Int(int64(i)))
		o.Set("name", value.String("row of some length to fill chunks"))
		spans = append(spans, a.add(value.ObjectOf(o)))
	}
	if len(a.chunks) < 2 {
		t.Fatalf("%d chunks, want several", len(a.chunks))
	}
	for i, sp := range spans {
		v, err := a.get(sp)
		if err != nil {
			t.Fatal(err)
		}
		if id, _ := v.AsObject().Get("id"); !value.Equal(id, value.Int(int64(i))) {
			t.Fatalf("row %d reads back as %s", i, v.String())
		}
	}
	if v, err := a.get(rowSpan{}); err != nil || !v.IsNone() {
		t.Fatalf("the zero span reads %v, %v", v, err)
	}
}
