package builtin

import (
	"encoding/hex"
	"slices"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// A gin index on an array column (PostgreSQL's array_ops) keeps, for
// each array, one entry per non-NULL element, named by the element's key
// encoding (value.AppendKey, in hex so that the name is text): equal
// elements, 1 and 1.0 say, have one name, as the key encoding is
// consistent with value.Compare. Strings are named as citext's, folded
// to lower case, since a citext equals a text of any case (zerodb lets
// citext[] and text[] meet where PostgreSQL has no operator); 'A' and
// 'a' then share their entries, and the check of each record tells them
// apart. An empty array has an
// entry of its own (arrayGINEmpty), since it is contained in every
// array and equal to '{}'; a NULL element has none, as it is equal to no
// element (a NULL array has only the entry every covered record has).
// An element without a key encoding has no entry either: a query naming
// one reads every record's entry. The optimizer reads the entries
// ArrayGINKeys names and checks the whole predicate on each record.

// arrayGINEmpty is the entry of an empty array; element entries start
// with 'v'.
const arrayGINEmpty = "empty"

// ArrayGINWords are the gin entries of an array v (without the entry
// every covered record has); an element repeated repeats its entry.
func ArrayGINWords(v value.Value) []string {
	if v.Kind() != value.KindList && v.Kind() != value.KindTuple {
		return nil
	}
	xs := v.AsList()
	if len(xs) == 0 {
		return []string{arrayGINEmpty}
	}
	words := make([]string, 0, len(xs))
	var n arrayGINNamer
	for _, x := range xs {
		if w, ok := n.word(x); ok {
			words = append(words, w)
		}
	}
	return words
}

// ArrayGINKeys are the gin entries an index scan reads for `col op q`
// (op @>, &&, <@ or =; q a non-NULL array): every array op is true for
// has one of them. "" is every covered record's entry; no key means no
// array can match (one that contains a NULL, or overlaps '{}').
func ArrayGINKeys(op string, q value.Value) ([]string, error) {
	xs, err := arrayArg("array_gin_keys", []value.Value{q}, 0)
	if err != nil {
		return nil, err
	}
	var n arrayGINNamer
	switch op {
	case "@>", "=":
		if op == "=" && len(xs) == 0 {
			return []string{arrayGINEmpty}, nil
		}
		// Every match holds each element of q: one's entry will do.
		key := ""
		for _, x := range xs {
			if x.IsNone() && op == "@>" {
				return nil, nil // NULL is contained in nothing
			}
			if key == "" {
				key, _ = n.word(x)
			}
		}
		return []string{key}, nil
	case "&&", "<@":
		// A match holds some element of q (&&), or only elements of q
		// or none (<@).
		keys := make([]string, 0, len(xs)+1)
		if op == "<@" {
			keys = append(keys, arrayGINEmpty)
		}
		for _, x := range xs {
			if x.IsNone() {
				continue // equal to no element
			}
			w, ok := n.word(x)
			if !ok {
				return []string{""}, nil
			}
			keys = append(keys, w)
		}
		slices.Sort(keys)
		return slices.Compact(keys), nil
	}
	return nil, errs.New(errs.InvalidParameterValue, "array_gin_keys: unknown operator %q", op)
}

// arrayGINNamer names elements' entries, reusing its buffers.
type arrayGINNamer struct{ key, name []byte }

// word is the entry name of a non-NULL element with a key encoding; ok
// is false for other elements.
func (n *arrayGINNamer) word(x value.Value) (_ string, ok bool) {
	if x.IsNone() {
		return "", false
	}
	if k := x.Kind(); k == value.KindString || k == value.KindSymbol {
		// citext's elements equal text's of any case.
		x = value.CIString(x.AsString())
	}
	var err error
	if n.key, err = value.AppendKey(n.key[:0], x); err != nil {
		return "", false
	}
	n.name = hex.AppendEncode(append(n.name[:0], 'v'), n.key)
	return string(n.name), true
}
