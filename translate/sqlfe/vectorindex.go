package sqlfe

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// isHNSW reports whether a CREATE INDEX asks for pgvector's hnsw access
// method (the ordered-index translation takes the others).
func isHNSW(s *pg.IndexStmt) bool { return strings.EqualFold(s.AccessMethod, "hnsw") }

// hnswOpclasses maps pgvector's operator classes to index metrics.
var hnswOpclasses = map[string]string{
	"vector_l2_ops":     "l2",
	"vector_cosine_ops": "cosine",
	"vector_ip_ops":     "ip",
}

// createVectorIndex translates CREATE INDEX ... USING hnsw (col opclass)
// WITH (m = .., ef_construction = ..) with pgvector's errors.
func (tr *translator) createVectorIndex(s *pg.IndexStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	if s.Relation == nil {
		return nil, errAt(errs.SyntaxError, p, "missing table name")
	}
	switch {
	case s.WhereClause != nil:
		return nil, unsupported(p, "partial hnsw indexes")
	case s.Unique:
		return nil, errAt(errs.FeatureNotSupported, p, "access method \"hnsw\" does not support unique indexes")
	case len(s.IndexParams) != 1:
		return nil, errAt(errs.FeatureNotSupported, p, "access method \"hnsw\" does not support multicolumn indexes")
	case len(s.IndexIncludingParams) > 0:
		return nil, errAt(errs.FeatureNotSupported, p, "access method \"hnsw\" does not support included columns")
	}
	t, err := tr.table(s.Relation)
	if err != nil {
		return nil, err
	}
	if t.Temporary() {
		// The executor keeps HNSW graphs under the statement's database.
		return nil, unsupported(p, "hnsw indexes on temporary tables")
	}
	elem := s.IndexParams[0].GetIndexElem()
	if elem == nil || elem.Name == "" {
		return nil, unsupported(p, "hnsw indexes on expressions")
	}
	f, _, ok := t.FieldByName(elem.Name)
	if !ok {
		return nil, errAt(errs.UndefinedColumn, p, "column %q does not exist", elem.Name)
	}
	if len(elem.Opclass) == 0 {
		return nil, errAt(errs.UndefinedObject, p, "data type %s has no default operator class for access method \"hnsw\"", value.Type{Kind: f.Type.Kind}.SQLName()).
			WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
	}
	opclass := elem.Opclass[len(elem.Opclass)-1].GetString_().GetSval()
	metric, ok := hnswOpclasses[opclass]
	if !ok {
		return nil, errAt(errs.UndefinedObject, p, "operator class %q does not exist for access method \"hnsw\"", opclass)
	}
	if f.Type.Kind != value.KindVector {
		return nil, errAt(errs.DatatypeMismatch, p, "operator class %q does not accept data type %s", opclass, f.Type.SQLName())
	}
	if f.Type.Dims == 0 {
		return nil, errAt(errs.DataException, p, "column does not have dimensions")
	}
	opts := map[string]string{"metric": metric}
	for _, o := range s.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		n, err := hnswOption(d, p)
		if err != nil {
			return nil, err
		}
		opts[d.Defname] = strconv.Itoa(n)
	}
	if m, ef := optInt(opts, "m", 16), optInt(opts, "ef_construction", 64); ef < 2*m {
		return nil, errAt(errs.InvalidParameterValue, p, "ef_construction must be greater than or equal to 2 * m")
	}
	name := s.Idxname
	if name == "" {
		name = t.Name + "_" + elem.Name + "_idx"
	}
	ix := catalog.Index{Name: name, Kind: catalog.IndexHNSW, Parts: []catalog.IndexPart{{Path: []string{elem.Name}}}, Options: opts}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateIndex,
		Root: &plan.CreateVectorIndex{Table: t.Name, Index: ix, IfNotExists: s.IfNotExists}}, nil
}

// hnswOption reads m or ef_construction with pgvector's bounds.
func hnswOption(d *pg.DefElem, p int) (int, error) {
	lo, hi := 0, 0
	switch d.Defname {
	case "m":
		lo, hi = 2, 100
	case "ef_construction":
		lo, hi = 4, 1000
	default:
		return 0, errAt(errs.InvalidParameterValue, p, "unrecognized parameter %q", d.Defname)
	}
	var text string
	switch {
	case d.Arg.GetInteger() != nil:
		text = strconv.Itoa(int(d.Arg.GetInteger().Ival))
	case d.Arg.GetString_() != nil:
		text = d.Arg.GetString_().Sval
	case d.Arg.GetFloat() != nil:
		text = d.Arg.GetFloat().Fval
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return 0, errAt(errs.InvalidParameterValue, p, "invalid value for integer option %q: %s", d.Defname, text)
	}
	if n < lo || n > hi {
		return 0, errAt(errs.InvalidParameterValue, p, "value %d out of bounds for option %q", n, d.Defname).
			WithDetail("Valid values are between \"%d\" and \"%d\".", lo, hi)
	}
	return n, nil
}

func optInt(opts map[string]string, name string, def int) int {
	if n, err := strconv.Atoi(opts[name]); err == nil {
		return n
	}
	return def
}
