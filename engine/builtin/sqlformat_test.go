package builtin

import (
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// TestSQLFormat checks format's specifiers against PostgreSQL's answers:
// argument positions, widths (given, from an argument, negative), the
// left flag, identifiers quoted only when they must be, and the errors.
func TestSQLFormat(t *testing.T) {
	for _, c := range []struct {
		f    string
		args []value.Value
		want string
		code string
	}{
		{"%s-%s", []value.Value{vs("a"), value.None}, "a-", ""},
		{"%I %I %I", []value.Value{vs("foo"), vs("Foo Bar"), vs("a\"b")}, `foo "Foo Bar" "a""b"`, ""},
		{"%2$s %1$s", []value.Value{vs("a"), vs("b")}, "b a", ""},
		{"%1$s %1$s %s", []value.Value{vs("z"), vs("y")}, "z z y", ""},
		{"%5s|%-5s|", []value.Value{vs("x"), vs("y")}, "    x|y    |", ""},
		{"%*s|%-*s|", []value.Value{vi4(6), vs("ab"), vi4(4), vs("ab")}, "    ab|ab  |", ""},
		{"%*s|", []value.Value{vi4(-3), vs("a")}, "a  |", ""},
		{"%*s|", []value.Value{value.None, vs("a")}, "a|", ""},
		{"%1$*2$s|", []value.Value{vs("a"), vi4(3)}, "  a|", ""},
		{"%*2$s|", []value.Value{vs("a"), vi4(3)}, "", errs.InvalidParameterValue},
		{"%2$s %s", []value.Value{vs("a"), vs("b"), vs("c")}, "b c", ""},
		{"%-*s|", []value.Value{vi4(-3), vs("a")}, "a  |", ""},
		{"%*s", []value.Value{vs("4"), vs("a")}, "   a", ""},
		{"%3s|%3L|", []value.Value{value.None, value.None}, "   |NULL|", ""},
		{"%2s", []value.Value{vs("héllo")}, "héllo", ""},
		{"%3s", []value.Value{vs("é")}, "  é", ""},
		{"%L", []value.Value{vs("O'Reilly")}, "'O''Reilly'", ""},
		{"100%%", nil, "100%", ""},
		{"%s %s", []value.Value{vs("a")}, "", errs.InvalidParameterValue},
		{"%0$s", []value.Value{vs("a")}, "", errs.InvalidParameterValue},
		{"%*1s", []value.Value{vi4(1), vs("a")}, "", errs.InvalidParameterValue},
		{"%5", []value.Value{vs("a")}, "", errs.InvalidParameterValue},
		{"%z", []value.Value{vs("a")}, "", errs.InvalidParameterValue},
		{"%I", []value.Value{value.None}, "", errs.NullValueNotAllowed},
		{"%99999999999s", []value.Value{vs("a")}, "", errs.NumericValueOutOfRange},
	} {
		got, err := sqlFormat(nil, c.f, append([]value.Value{vs(c.f)}, c.args...))
		if errs.Code(err) != c.code {
			t.Errorf("format(%q): error %v, want %q", c.f, err, c.code)
			continue
		}
		if err == nil && got.AsString() != c.want {
			t.Errorf("format(%q) = %q, want %q", c.f, got.AsString(), c.want)
		}
	}
}
