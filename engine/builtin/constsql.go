package builtin

import (
	"strings"

	"github.com/zerodb/zerodb/engine/value"
)

// PlainNumber reports whether t is one of the number types whose
// constants PostgreSQL's deparser writes bare or quoted by type: the
// integers, floats and numeric, not money or pg_lsn (integers here too).
func PlainNumber(t value.Type) bool {
	switch t.OID() {
	case value.OIDInt2, value.OIDInt4, value.OIDInt8, value.OIDFloat4, value.OIDFloat8, value.OIDNumeric:
		return true
	}
	return false
}

// NumberConstSQL writes the constant v of the plain number type t as
// PostgreSQL's deparser (ruleutils' get_const_expr) does, so that it
// reads back as the same type: an integer bare unless negative, a numeric
// bare when it has a point or an exponent and no sign, every other one
// quoted with its type ('1'::bigint, '-1'::integer, '3'::numeric).
func NumberConstSQL(v value.Value, t value.Type) (string, error) {
	b, err := value.AppendText(nil, v, t)
	if err != nil {
		return "", err
	}
	s := string(b)
	switch t.OID() {
	case value.OIDInt4:
		if !strings.HasPrefix(s, "-") {
			return s, nil
		}
	case value.OIDNumeric:
		if s != "" && s[0] >= '0' && s[0] <= '9' && strings.ContainsAny(s, ".eE") {
			return s, nil
		}
	}
	return "'" + s + "'::" + t.SQLName(), nil
}
