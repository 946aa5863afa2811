package builtin

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
)

// A gin index on a jsonb column keeps, for each document, one entry per
// scalar it holds, named by the scalar's path of object keys (array
// elements add no step, as in PostgreSQL's jsonb_path_ops) and the
// scalar, and one entry per key at its top level (for ?). Every
// document that contains a query document (@>) then has the entries of
// the query's scalars: the optimizer reads those of one of them
// (jsonb_gin_key) and checks the whole predicate on each record.
//
// A scalar is named by its string, or its truth value, or by nothing
// else than being another scalar (numbers and null): two scalars that
// containment counts as equal (1 and 1.0, say) must have one name.

// JSONGINWords are the gin entries of a jsonb document v (without the
// entry every covered record has).
func JSONGINWords(v value.Value) []string {
	var words []string
	// path is the steps to v; a step appended for a child is cut off
	// again by the next sibling's, as each call appends at its own length.
	var walk func(v value.Value, path []byte)
	walk = func(v value.Value, path []byte) {
		switch v.Kind() {
		case value.KindObject:
			o := v.AsObject()
			for i := 0; i < o.Len(); i++ {
				k, c := o.At(i)
				walk(c, appendJSONGINStep(path, k))
			}
		case value.KindList, value.KindTuple:
			for _, c := range v.AsList() {
				walk(c, path)
			}
		default:
			words = append(words, "p"+string(path)+"="+jsonGINScalar(v))
		}
	}
	walk(v, make([]byte, 0, 64))
	switch v.Kind() {
	case value.KindObject:
		o := v.AsObject()
		for i := 0; i < o.Len(); i++ {
			k, _ := o.At(i)
			words = append(words, JSONGINExistsKey(k))
		}
	case value.KindList, value.KindTuple:
		for _, c := range v.AsList() {
			if c.Kind() == value.KindString {
				words = append(words, JSONGINExistsKey(c.AsString()))
			}
		}
	case value.KindString:
		words = append(words, JSONGINExistsKey(v.AsString()))
	}
	return words
}

// JSONGINContainsKey is the gin entry every document that contains q
// has: its first string's or truth value's scalar, else its first
// scalar's (a number's entry is shared by every number at its path); ""
// (every record's entry) when q holds no scalar ('{}', '[]').
func JSONGINContainsKey(q value.Value) string {
	key := ""
	for _, w := range JSONGINWords(q) {
		if w[0] != 'p' {
			continue
		}
		if !strings.HasSuffix(w, "=o") {
			return w
		}
		if key == "" {
			key = w
		}
	}
	return key
}

// JSONGINExistsKey is the gin entry of the documents that have k at
// their top level (?): a key, a string element or the string itself.
func JSONGINExistsKey(k string) string { return "k" + k }

func appendJSONGINStep(path []byte, k string) []byte {
	path = strconv.AppendInt(path, int64(len(k)), 10)
	return append(append(path, ':'), k...)
}

func jsonGINScalar(v value.Value) string {
	switch v.Kind() {
	case value.KindString:
		return "s" + v.AsString()
	case value.KindBool:
		if v.AsBool() {
			return "t"
		}
		return "f"
	}
	return "o"
}
