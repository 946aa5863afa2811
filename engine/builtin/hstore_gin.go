package builtin

import "github.com/zerodb/zerodb/engine/value"

// A gin index of an hstore column (catalog.GINHstore) has an entry per
// key, "k" and the key, and per pair, "p", the key, a NUL (which no
// text holds) and "v" and the value or "n" for a NULL one, as
// PostgreSQL's gin_hstore_ops has keys and values. The optimizer reads
// the entry every match has (@>: one of the query's pairs; ?: the key;
// ?&: one of the keys) or those one of which it has (?|: the keys), and
// checks the whole predicate on those records.

func hstoreGINKey(k string) string { return "k" + k }

func hstoreGINPair(p value.HPair) string {
	if p.Null {
		return "p" + p.Key + "\x00n"
	}
	return "p" + p.Key + "\x00v" + p.Val
}

// HstoreGINWords are an hstore's gin entries (none for a NULL).
func HstoreGINWords(v value.Value) []string {
	if !v.IsHstore() {
		return nil
	}
	pairs := value.HstorePairs(v)
	words := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		words = append(words, hstoreGINKey(p.Key), hstoreGINPair(p))
	}
	return words
}

func hstoreGINFuncs() []*Func {
	text, texts := resultOf(value.TypeText), resultOf(value.ArrayOf(value.TypeText))
	ab, _ := value.ParseHstore("a=>1, b=>NULL")
	return []*Func{
		sqlDef("hstore_gin_key", 1, 1, "hstore_gin_key(hstore): the gin index entry every hstore containing this one has (\"\" for every record); the optimizer's, for index scans.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				pairs, err := hstoreArg(name, args, 0)
				if err != nil || len(pairs) == 0 {
					return value.String(""), err
				}
				return value.String(hstoreGINPair(pairs[0])), nil
			}, ex(`"pa\u0000v1"`, ab)),
		sqlDef("hstore_gin_exists_key", 1, 1, "hstore_gin_exists_key(text): the gin index entry of the hstores with the key; the optimizer's, for index scans.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				k, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.String(hstoreGINKey(k[0])), nil
			}, ex(`"ka"`, vs("a"))),
		sqlDef("hstore_gin_all_key", 1, 1, "hstore_gin_all_key(text[]): the gin index entry every hstore with all of the keys has (\"\" for every record); the optimizer's, for index scans.", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				keys, err := hstoreKeys(name, args, 0)
				if err != nil || len(keys) == 0 {
					return value.String(""), err
				}
				return value.String(hstoreGINKey(keys[0])), nil
			}, ex(`"ka"`, vl(vs("a"), vs("b")))),
		sqlDef("hstore_gin_any_keys", 1, 1, "hstore_gin_any_keys(text[]): the gin index entries one of which every hstore with any of the keys has; the optimizer's, for index scans.", texts,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				keys, err := hstoreKeys(name, args, 0)
				if err != nil {
					return value.None, err
				}
				out := make([]string, len(keys))
				for i, k := range keys {
					out[i] = hstoreGINKey(k)
				}
				return stringList(out), nil
			}, ex(`["ka", "kb"]`, vl(vs("a"), vs("b")))),
	}
}
