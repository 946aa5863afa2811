package value

import "github.com/zerodb/zerodb/engine/tsearch"

// searchInput is the input function of tsvector and tsquery: their text
// read and written back in canonical form (sorted lexemes, quoted
// operands), which is the value's string. Words are taken as written, as
// PostgreSQL's casts do; to_tsvector and to_tsquery normalize them.
func searchInput(s string, ts TextSearch) (Value, error) {
	if ts == TSVector {
		v, err := tsearch.ParseVector(s)
		if err != nil {
			return None, err
		}
		return String(v.String()), nil
	}
	q, err := tsearch.ParseQuery(s, tsearch.SyntaxStandard, nil)
	if err != nil {
		return None, err
	}
	return String(q.String()), nil
}
