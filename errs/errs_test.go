package errs

import (
	"errors"
	"fmt"
	"testing"
)

// TestFromTypedNil: a nil *Error that reached an error interface (a bug
// of the code returning it) reads as an internal error, not a panic.
func TestFromTypedNil(t *testing.T) {
	var e *Error
	var err error = e
	if got := Code(err); got != InternalError {
		t.Fatalf("Code of a nil *Error = %q, want %q", got, InternalError)
	}
	if got := Code(fmt.Errorf("wrapped: %w", err)); got != InternalError {
		t.Fatalf("Code of a wrapped nil *Error = %q, want %q", got, InternalError)
	}
	if Code(nil) != "" || From(nil) != nil {
		t.Fatal("a nil error must stay nil")
	}
	if got := Code(New(DivisionByZero, "x")); got != DivisionByZero {
		t.Fatalf("Code = %q", got)
	}
	if got := Code(errors.New("plain")); got != InternalError {
		t.Fatalf("Code of a plain error = %q", got)
	}
}

func TestPositionCopies(t *testing.T) {
	e := &Error{Code: SyntaxError, Message: "m", Position: 7}
	for _, c := range []struct {
		name string
		got  *Error
		want int
	}{
		{"WithPos keeps a position", e.WithPos(3), 7},
		{"WithPos sets a missing one", (&Error{}).WithPos(3), 3},
		{"WithoutPos drops it", e.WithoutPos(), 0},
	} {
		if c.got.Position != c.want {
			t.Errorf("%s: position %d, want %d", c.name, c.got.Position, c.want)
		}
	}
	if e.Position != 7 {
		t.Errorf("the original changed: position %d", e.Position)
	}
}
