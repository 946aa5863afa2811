package zqlfe

import (
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// isHNSWCall reports whether index::create asks for kind: @hnsw (the
// ordered-index translation takes the others).
func isHNSWCall(c *lang.Call) bool {
	if len(c.Args) != 2 {
		return false
	}
	o, ok := c.Args[1].(*lang.Object)
	if !ok {
		return false
	}
	for _, f := range o.Fields {
		if s, ok := f.Value.(*lang.SymbolLit); ok && f.Key == "kind" && s.Name == "hnsw" {
			return true
		}
	}
	return false
}

// zqlIndexMetrics are index::create's metrics by the index metric names
// the catalog stores (pgvector's l2, cosine, ip).
var zqlIndexMetrics = map[string]string{"l2": "l2", "cosine": "cosine", "dot": "ip"}

// createVectorIndex is index::create(@name, { table: @t, fields: [@f],
// kind: @hnsw, metric: @l2 | @cosine | @dot, m: 16, ef_construction: 64,
// dims: N }) (zql.md §4, §10). dims is needed only when the field is not
// typed vector(N) and the table has no vectors yet.
func (t *translator) createVectorIndex(c *lang.Call) (*plan.Statement, error) {
	name, err := t.nameArg(c, "index::create")
	if err != nil {
		return nil, err
	}
	pos := t.at(c.Args[1])
	opts, err := t.options(c.Args[1], "index::create", "table", "fields", "kind", "metric", "m", "ef_construction", "dims")
	if err != nil {
		return nil, err
	}
	tv, ok := opts["table"]
	if !ok {
		return nil, errAt(errs.InvalidParameterValue, pos, "index::create needs a table: { table: @name, ... }")
	}
	table, err := t.nameValue(tv, pos, "table")
	if err != nil {
		return nil, err
	}
	fields := opts["fields"]
	if fields.Kind() != value.KindList || len(fields.AsList()) != 1 {
		return nil, errAt(errs.InvalidParameterValue, pos, "an @hnsw index takes one field: fields: [@name]")
	}
	field, err := t.nameValue(fields.AsList()[0], pos, "a field")
	if err != nil {
		return nil, err
	}
	ix := catalog.Index{Name: name, Kind: catalog.IndexHNSW, Parts: []catalog.IndexPart{{Path: []string{field}}},
		Options: map[string]string{"metric": "l2"}}
	if mv, ok := opts["metric"]; ok {
		m, err := t.nameValue(mv, pos, "metric")
		if err != nil {
			return nil, err
		}
		if ix.Options["metric"], ok = zqlIndexMetrics[m]; !ok {
			return nil, errAt(errs.InvalidParameterValue, pos, "metric is @l2, @cosine or @dot, not @%s", m)
		}
	}
	bounds := map[string][2]int64{"m": {2, 100}, "ef_construction": {4, 1000}, "dims": {1, value.MaxVectorDims}}
	for _, k := range []string{"m", "ef_construction", "dims"} {
		v, ok := opts[k]
		if !ok {
			continue
		}
		b := bounds[k]
		if v.Kind() != value.KindInt || v.AsInt() < b[0] || v.AsInt() > b[1] {
			return nil, errAt(errs.InvalidParameterValue, pos, "%s is a number from %d to %d", k, b[0], b[1])
		}
		ix.Options[k] = strconv.FormatInt(v.AsInt(), 10)
	}
	m, ef := int64(16), int64(64)
	if v, ok := opts["m"]; ok {
		m = v.AsInt()
	}
	if v, ok := opts["ef_construction"]; ok {
		ef = v.AsInt()
	}
	if ef < 2*m {
		return nil, errAt(errs.InvalidParameterValue, pos, "ef_construction must be at least 2 * m")
	}
	return ddl(&plan.CreateVectorIndex{Table: table, Index: ix}, tagCreateIndex), nil
}
