package builtin

import (
	"context"
	"testing"
	"time"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// A generate_series that materializes millions of rows stops when its
// statement is canceled (a client that gave up, statement_timeout)
// instead of going on holding memory; calls by the internal name with
// ends of different types are 42883, not a panic or a runaway loop.
func TestGenerateSeriesStops(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		args []value.Value
		code string
	}{
		{"canceled ints", canceled, []value.Value{value.Int(0), value.Int(1 << 40)}, errs.QueryCanceled},
		{"canceled numeric", canceled, []value.Value{value.Int(0), asDecimal(value.Int(1 << 40))}, errs.QueryCanceled},
		{"int and timestamp", context.Background(), []value.Value{value.Int(0), value.Datetime(time.Unix(0, 0), true)}, errs.UndefinedFunction},
		{"numeric and text", context.Background(), []value.Value{asDecimal(value.Int(1)), value.String("")}, errs.UndefinedFunction},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := generateSeries(&Context{Ctx: tc.ctx, SQL: true}, "generate_series", tc.args)
			if got := errs.Code(err); got != tc.code {
				t.Fatalf("error %v (%s), want %s", err, got, tc.code)
			}
		})
	}
}

// Internal functions the translator calls with typed arguments (the
// operators & and | of inet and macaddr, an enum's label by position)
// may be called by name with anything: 42883, not a panic.
func TestInternalFunctionsCheckArguments(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []value.Value
	}{
		{"sql::net_and", []value.Value{value.String("abc"), value.Int(0)}},
		{"sql::net_or", []value.Value{value.String(""), value.String("")}},
		{"sql::enum_label", []value.Value{value.Int(0), value.Int(0)}},
	} {
		if _, err := call(t, tc.name, tc.args...); errs.Code(err) != errs.UndefinedFunction {
			t.Errorf("%s%v: %v, want 42883", tc.name, tc.args, err)
		}
	}
}
