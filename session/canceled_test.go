package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

func TestCanceledStatement(t *testing.T) {
	sqlErr := errs.New(errs.DivisionByZero, "division by zero")
	for _, tc := range []struct {
		name     string
		err      error
		wantCode string // "": err comes back unchanged
		wantMsg  string
	}{
		{"nil", nil, "", ""},
		{"timeout at begin", fmt.Errorf("kv: begin: %w", context.DeadlineExceeded), errs.QueryCanceled, "canceling statement due to statement timeout"},
		{"timeout in a catalog read", fmt.Errorf("catalog: read type %q: %w", "t", fmt.Errorf("kv: get: %w", context.DeadlineExceeded)), errs.QueryCanceled, "canceling statement due to statement timeout"},
		{"cancel", fmt.Errorf("kv: begin: %w", context.Canceled), errs.QueryCanceled, "canceling statement due to user request"},
		{"a SQL error", sqlErr, "", ""},
		{"a SQL error of a timeout", fmt.Errorf("wrapped: %w", errs.From(context.DeadlineExceeded)), "", ""},
		{"the client went away", io.ErrUnexpectedEOF, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := canceledStatement(tc.err)
			if tc.wantCode == "" {
				if got != tc.err {
					t.Fatalf("got %v, want %v unchanged", got, tc.err)
				}
				return
			}
			var e *errs.Error
			if !errors.As(got, &e) || e.Code != tc.wantCode || e.Message != tc.wantMsg {
				t.Fatalf("got %#v, want %s %q", got, tc.wantCode, tc.wantMsg)
			}
			if !errors.Is(got, tc.err) && !errors.Is(got, context.DeadlineExceeded) && !errors.Is(got, context.Canceled) {
				t.Fatalf("%v lost its cause", got)
			}
		})
	}
}
