package plan

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
)

// VectorSearch yields the rows of Table nearest to Query by the HNSW
// index Index, nearest first, as scan rows [key, object]: at most K of
// them, only rows for which Filter (on the scan row) is true, and never
// fewer than K while at least K indexed rows pass it. Rows whose vector is
// none (or, under cosine, zero) are not in the index; when fewer than K
// indexed rows pass, it yields every row of the table that passes Filter
// instead (the Sort above then gives the exact answer). The optimizer puts
// it under the Sort of `ORDER BY v <-> q LIMIT k` (which still orders the
// rows exactly), for an index whose Options["metric"] ("l2", "cosine" or
// "ip") is the Sort's.
type VectorSearch struct {
	Table  *catalog.Table
	Alias  string
	Index  *catalog.Index
	Query  Expr
	K      Expr
	Filter Expr
}

// CreateVectorIndex creates an HNSW index (catalog.IndexHNSW) on a table
// and fills it from the table's records, in the statement's transaction.
type CreateVectorIndex struct {
	Table       string
	Index       catalog.Index
	IfNotExists bool
}

func (n *VectorSearch) Columns() []Column      { return recordCols(n.Table) }
func (n *CreateVectorIndex) Columns() []Column { return zeroCols }

func (p *explainer) vectorSearch(n *VectorSearch) (string, []string, []Node) {
	h := "Index Scan using " + n.Index.Name + " (hnsw) on " + tableName(n.Table)
	if n.Alias != "" && n.Alias != n.Table.Name {
		h += " " + n.Alias
	}
	paths := make([]string, len(n.Index.Parts))
	for i, pt := range n.Index.Parts {
		paths[i] = strings.Join(pt.Path, ".")
	}
	props := []string{"order by: " + strings.Join(paths, ", ") + " " + vectorOperator(n.Index.Options["metric"]) + " " + p.expr(n.Query)}
	if n.Filter != nil {
		props = append(props, "filter: "+p.expr(n.Filter))
	}
	props = append(props, "limit: "+p.expr(n.K))
	return h, props, nil
}

// vectorOperator is pgvector's operator for a metric.
func vectorOperator(metric string) string {
	switch metric {
	case "cosine":
		return "<=>"
	case "ip":
		return "<#>"
	}
	return "<->"
}

func (p *explainer) createVectorIndex(n *CreateVectorIndex) (string, []string, []Node) {
	h := "Create Index " + n.Index.Name + " on " + n.Table + " using hnsw"
	if n.IfNotExists {
		h += " if not exists"
	}
	paths := make([]string, len(n.Index.Parts))
	for i, pt := range n.Index.Parts {
		paths[i] = strings.Join(pt.Path, ".")
	}
	props := []string{"column: " + strings.Join(paths, ", ")}
	for _, k := range []string{"metric", "m", "ef_construction", "dims"} {
		if v, ok := n.Index.Options[k]; ok {
			props = append(props, k+": "+v)
		}
	}
	return h, props, nil
}
