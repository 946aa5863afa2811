package plan

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
)

// IndexSpan is one range of an ordered index's entries: Eq gives the
// values of the index's leading parts, and Lo/Hi (when set) bound the
// part after them. Expressions are evaluated once per scan (they may use
// parameters and outer rows, never the scanned row).
type IndexSpan struct {
	Eq                       []Expr
	Lo, Hi                   Expr
	LoInclusive, HiInclusive bool
	// EqAny: the last of Eq yields an array, and the span stands for one
	// span per element with the element in its place (none when the
	// array is empty or NULL): the entries of a gin index that a query
	// computes several of (`tags && $1`). An IndexScan's spans only.
	EqAny bool
}

// IndexScan reads the records of a table through an ordered secondary
// index: the entries of Spans (in span order, each in index order or
// reversed), then each entry's record. Rows are [key, object], exactly as
// a Scan's, so an IndexScan replaces a Scan anywhere. Filter holds
// every condition the spans do not enforce exactly (the optimizer drops
// only conditions whose span selects exactly the rows they admit). With
// several spans a record is yielded once even when spans overlap.
type IndexScan struct {
	Table *catalog.Table
	Alias string
	Views []*catalog.View // as Scan.Views
	// RowSecurity: as Scan's (the optimizer copies it).
	RowSecurity bool
	Index       *catalog.Index
	Spans       []IndexSpan // nil = every entry
	Reverse     bool
	Filter      Expr
	Limit       Expr
	// NullsLast reads the entries whose part after the Eq parts of the
	// (single) span is none after the others: the index keeps none first,
	// SQL's ORDER BY wants NULLs last ascending (first descending, which
	// Reverse gives).
	NullsLast bool
	// KeyOrder yields the records in key order (reversed with Reverse),
	// as the Scan the IndexScan replaces would: the executor sorts the
	// record keys the spans find before reading the records.
	KeyOrder bool
	// SQLNulls makes a span whose equality value or bound is none (a
	// NULL parameter) empty, as SQL's comparisons with NULL are never
	// true. Without it (ZQL) none is a value like any other.
	SQLNulls bool
	// Intersect, when set, is a second index of the table: only records
	// whose key is also in its spans are read (index intersection, for
	// AND-ed conditions on two indexes).
	Intersect *IndexIntersect
	// KeysOnly yields [none, none] rows without reading the records or
	// decoding the keys: the consumer only counts rows (count(*) with no
	// filter left).
	KeysOnly bool
}

// IndexIntersect is the second index of an intersecting IndexScan.
type IndexIntersect struct {
	Index *catalog.Index
	Spans []IndexSpan
}

// CreateIndex creates a secondary index on an existing table and fills
// it from the table's records in the same transaction.
type CreateIndex struct {
	Table       string
	Index       catalog.Index
	IfNotExists bool
	// AutoName marks Index.Name as a default the user did not write:
	// when it is taken, the executor appends 1, 2, ... as PostgreSQL does.
	AutoName bool
	// Only (ON ONLY, ALTER TABLE ONLY) makes the index of a partitioned
	// table without making it on its partitions, whose own indexes come
	// by themselves (pg_dump); otherwise the partitions get it too.
	Only bool
}

// Analyze refreshes the statistics of the named tables (their row counts)
// and of their ordered indexes (every table of the database when Tables
// is empty).
type Analyze struct {
	Tables []string
	// Schema names the schema the tables are in when it is not the
	// statement's ("public" for the database's): an ANALYZE of tables
	// of several schemas is one Analyze per schema.
	Schema string
}

func (n *Analyze) ObjectSchema() string { return n.Schema }

func (n *Analyze) Columns() []Column { return zeroCols }

func (n *IndexScan) Columns() []Column {
	return recordCols(n.Table)
}
func (n *CreateIndex) Columns() []Column { return zeroCols }

// IndexPartText renders an index part the way EXPLAIN and error details
// show it: the column name, or a path expression for a nested part.
func IndexPartText(p catalog.IndexPart) string {
	if p.Expr != "" {
		return p.Expr
	}
	if len(p.Path) == 1 && !p.AsText {
		return p.Path[0]
	}
	var b strings.Builder
	b.WriteString("(")
	b.WriteString(p.Path[0])
	for i, s := range p.Path[1:] {
		if p.AsText && i == len(p.Path)-2 {
			b.WriteString(" ->> ")
		} else {
			b.WriteString(" -> ")
		}
		b.WriteString("'" + strings.ReplaceAll(s, "'", "''") + "'")
	}
	if len(p.Path) == 1 {
		b.WriteString(")::text")
		return b.String()
	}
	b.WriteString(")")
	return b.String()
}

func (p *explainer) indexScan(n *IndexScan) (string, []string, []Node) {
	h := "Index Scan"
	if n.Reverse {
		h += " Backward"
	}
	h += " using " + indexName(n.Index) + " on " + tableName(n.Table)
	if n.Alias != "" && (n.Table == nil || n.Alias != n.Table.Name) {
		h += " " + n.Alias
	}
	var props []string
	if n.Index != nil {
		for _, s := range n.Spans {
			props = append(props, "index cond: "+p.indexSpan(n.Index, s))
		}
	}
	if x := n.Intersect; x != nil && x.Index != nil {
		props = append(props, "intersect with "+x.Index.Name)
		for _, s := range x.Spans {
			props = append(props, "  index cond: "+p.indexSpan(x.Index, s))
		}
	}
	if n.NullsLast {
		// Where the nulls of the ordered part come out.
		if n.Reverse {
			props = append(props, "nulls first")
		} else {
			props = append(props, "nulls last")
		}
	}
	if n.KeyOrder {
		props = append(props, "in key order")
	}
	if n.KeysOnly {
		props = append(props, "keys only")
	}
	if n.Filter != nil {
		props = append(props, "filter: "+p.expr(n.Filter))
	}
	if n.Limit != nil {
		props = append(props, "limit: "+p.expr(n.Limit))
	}
	return h, props, nil
}

func indexName(ix *catalog.Index) string {
	if ix == nil {
		return "<nil>"
	}
	return ix.Name
}

func (p *explainer) indexSpan(ix *catalog.Index, s IndexSpan) string {
	var cs []string
	for i, e := range s.Eq {
		if i < len(ix.Parts) {
			c := IndexPartText(ix.Parts[i]) + " = " + p.expr(e)
			if s.EqAny && i == len(s.Eq)-1 {
				c = IndexPartText(ix.Parts[i]) + " = ANY (" + p.expr(e) + ")"
			}
			cs = append(cs, c)
		}
	}
	if k := len(s.Eq); k < len(ix.Parts) {
		part := IndexPartText(ix.Parts[k])
		if s.Lo != nil {
			op := ">"
			if s.LoInclusive {
				op = ">="
			}
			cs = append(cs, part+" "+op+" "+p.expr(s.Lo))
		}
		if s.Hi != nil {
			op := "<"
			if s.HiInclusive {
				op = "<="
			}
			cs = append(cs, part+" "+op+" "+p.expr(s.Hi))
		}
	}
	if len(cs) == 0 {
		return "(all)"
	}
	return "(" + strings.Join(cs, " AND ") + ")"
}

func (p *explainer) analyze(n *Analyze) (string, []string, []Node) {
	if len(n.Tables) == 0 {
		return "Analyze", nil, nil
	}
	return "Analyze " + strings.Join(n.Tables, ", "), nil, nil
}

func (p *explainer) createIndex(n *CreateIndex) (string, []string, []Node) {
	h := "Create"
	if n.Index.Unique {
		h += " Unique"
	}
	h += " Index " + n.Index.Name + " on " + n.Table
	if n.IfNotExists {
		h += " (if not exists)"
	}
	parts := make([]string, len(n.Index.Parts))
	for i, pt := range n.Index.Parts {
		parts[i] = IndexPartText(pt)
		if pt.Desc {
			parts[i] += " DESC"
		}
	}
	return h, []string{"using " + string(n.Index.Kind) + " (" + strings.Join(parts, ", ") + ")"}, nil
}
