package exec

import (
	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/tsearch"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// A gin index (catalog.IndexGIN) on a tsvector, and an index of pg_trgm's
// operator classes (catalog.IndexTrgm: its entries are the trigrams of
// its text, builtin.TrigramKeys), is an inverted index laid out as an
// ordered index of one text part: a record has one entry per lexeme of
// its indexed value (a jsonb document's scalars and keys, an array's
// elements: catalog.Index.GINEntries), and one more under the empty
// string (ginAll) that every record it covers has, so that a query
// without a lexeme every match must contain reads all of them once
// (tsearch.Query.IndexKey). The optimizer reads the entries of one
// lexeme (or a few: an array's) and checks the whole predicate on those
// records (engine/opt).

// ginAll is the part of the entry every covered record has.
const ginAll = ""

// ginEntries are the entry keys of a record in a gin index, and its
// encoded key; none when the index does not cover the record.
func (r *run) ginEntries(t *catalog.Table, ix *catalog.Index, key, obj value.Value) (map[string]struct{}, []byte, error) {
	if ok, err := r.covers(t, ix, key, obj); err != nil || !ok {
		return nil, nil, err
	}
	ns, err := r.nsID()
	if err != nil {
		return nil, nil, err
	}
	rk, err := value.AppendKey(nil, key)
	if err != nil {
		return nil, nil, errs.From(err)
	}
	words := []string{ginAll}
	v, err := r.partValue(t, key, obj, &ix.Parts[0])
	if err != nil {
		return nil, nil, err
	}
	switch entries := ix.GINEntries(); {
	case ix.Kind == catalog.IndexTrgm:
		// pg_trgm's: the text's trigrams.
		if v.Kind() == value.KindString {
			words = append(words, builtin.TrigramKeys(v.AsString())...)
		}
	case entries == catalog.GINJSONB:
		// A JSON null document has its entry too ('[null]' and 'null'
		// contain 'null'); a missing one's is checked away.
		words = append(words, builtin.JSONGINWords(v)...)
	case entries == catalog.GINArray:
		words = append(words, builtin.ArrayGINWords(v)...)
	case entries == catalog.GINHstore:
		words = append(words, builtin.HstoreGINWords(v)...)
	case v.Kind() == value.KindString:
		vec, err := tsearch.ParseVector(v.AsString())
		if err != nil {
			return nil, nil, err
		}
		for _, l := range vec {
			if l.Word != ginAll {
				words = append(words, l.Word)
			}
		}
	}
	out := make(map[string]struct{}, len(words))
	for _, w := range words {
		k := keys.IndexEntryKey(nil, ns, t.Database, ix.ID, keys.AppendIndexPart(nil, value.String(w), false), rk, false)
		out[string(k)] = struct{}{}
	}
	return out, rk, nil
}

// maintainGINIndex writes the entries a record change adds to a gin
// index and deletes those it removes.
func (r *run) maintainGINIndex(t *catalog.Table, ix *catalog.Index, key, old, new value.Value) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	var before, after map[string]struct{}
	var rk []byte
	if !old.IsNone() {
		if before, rk, err = r.ginEntries(t, ix, key, old); err != nil {
			return err
		}
	}
	if !new.IsNone() {
		if after, rk, err = r.ginEntries(t, ix, key, new); err != nil {
			return err
		}
	}
	for k := range before {
		if _, keep := after[k]; !keep {
			if err := txn.Delete([]byte(k)); err != nil {
				return errs.From(err)
			}
		}
	}
	for k := range after {
		if _, had := before[k]; !had {
			if err := txn.Put([]byte(k), rk); err != nil {
				return errs.From(err)
			}
		}
	}
	return nil
}

// backfillGINIndex writes the entries of every record of t.
func (r *run) backfillGINIndex(t *catalog.Table, ix *catalog.Index) (*catalog.Index, error) {
	err := r.eachRecord(t, func(k, obj value.Value) error {
		return r.maintainGINIndex(t, ix, k, value.None, obj)
	})
	return ix, err
}
