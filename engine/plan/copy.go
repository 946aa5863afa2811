package plan

// CopyFormat is the data format of COPY.
type CopyFormat uint8

const (
	// CopyText is PostgreSQL's text format: delimiter-separated fields,
	// backslash escapes, \N for NULL.
	CopyText CopyFormat = iota
	// CopyCSV is comma-separated values with quoting.
	CopyCSV
	// CopyBinary is PostgreSQL's binary format (COPY FROM only).
	CopyBinary
)

// Copy describes a COPY FROM STDIN (StmtCopyFrom) or COPY TO STDOUT
// (StmtCopyTo) statement; the session moves the data.
//
// COPY FROM: Statement.Root is an Insert whose Input is a Values of one
// row of parameters $1..$n, one per column of Columns in order, each
// expected to hold a value of its column's type (NULL as none); Batch
// makes the Insert for several rows at once. COPY TO: Root is the query
// whose rows are written, Columns its columns.
type Copy struct {
	// Table names the table in error contexts ("COPY t, line 3"); empty
	// for COPY (query) TO.
	Table   string
	Format  CopyFormat
	Columns []Column
	// Delimiter separates fields; Null is the text that stands for NULL;
	// Quote and Escape are CSV's quoting characters.
	Delimiter byte
	Null      string
	Quote     byte
	Escape    byte
	// Header: FROM skips the first line, TO writes the column names.
	Header bool
	// ForceQuote lists, for COPY TO in CSV, the columns quoted whatever
	// their value (FORCE_QUOTE; all when ForceQuoteAll).
	ForceQuote    []bool
	ForceQuoteAll bool
}

// CopyBatch returns the Insert of a COPY FROM (tmpl, as translated) for
// rows rows at once: row i reads parameters $(i*cols+1)..$(i*cols+cols),
// where cols is the number of parameters of tmpl's one row.
func CopyBatch(tmpl *Insert, rows int) *Insert {
	one := tmpl.Input.(*Values)
	cols := len(one.Rows[0])
	vals := &Values{Cols: one.Cols, Rows: make([][]Expr, rows)}
	params := make([]Param, rows*cols)
	exprs := make([]Expr, rows*cols)
	for i := range params {
		params[i] = Param{N: i + 1}
		exprs[i] = &params[i]
	}
	for i := range vals.Rows {
		vals.Rows[i] = exprs[i*cols : (i+1)*cols : (i+1)*cols]
	}
	ins := *tmpl
	ins.Input = vals
	return &ins
}
