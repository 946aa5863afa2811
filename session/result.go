package session

import (
	"strconv"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/pgwire"
)

// zqlResultColumn is the one column of every ZQL result (zql.md §12).
var zqlResultColumn = pgwire.Column{Name: "result", TypeOID: value.OIDJSONB, TypeSize: -1, TypeModifier: -1}

var emptyValue = []byte{}

// rowWriter renders one statement's rows for the wire. The RowDescription
// goes out with the first row (or at the end, for an empty result), so a
// statement that fails before producing rows has sent nothing and can be
// retried.
type rowWriter struct {
	w     pgwire.ResultWriter
	st    *plan.Statement
	cols  []pgwire.Column
	types []value.Type
	sent  bool
	count int
	vals  [][]byte
	buf   []byte
	ends  []int
}

func newRowWriter(w pgwire.ResultWriter, st *plan.Statement) *rowWriter {
	r := &rowWriter{w: w, st: st}
	if !st.ReturnsRows {
		return r
	}
	if st.ZQL {
		r.cols = []pgwire.Column{zqlResultColumn}
		r.types = []value.Type{value.TypeJSONB}
	} else {
		r.cols = make([]pgwire.Column, len(st.Columns))
		r.types = make([]value.Type, len(st.Columns))
		for i, c := range st.Columns {
			r.cols[i] = pgwire.Column{
				Name:         c.Name,
				TypeOID:      c.Type.OID(),
				TypeSize:     c.Type.TypeSize(),
				TypeModifier: c.Type.TypeModifier(),
				AttrNum:      c.AttrNum,
			}
			r.types[i] = c.Type
		}
	}
	r.vals = make([][]byte, len(r.cols))
	return r
}

func (r *rowWriter) row(row []value.Value) error {
	if !r.sent {
		if err := r.w.Columns(r.cols); err != nil {
			return err
		}
		r.sent = true
	}
	r.buf = r.buf[:0]
	// Encode every value into one buffer, then slice it, so a row costs
	// one growing buffer rather than an allocation per value.
	ends := r.ends[:0]
	for i := range r.cols {
		if i >= len(row) || row[i].IsNone() {
			ends = append(ends, -1)
			continue
		}
		var err error
		if r.st.ZQL {
			r.buf = value.AppendJSON(r.buf, row[i])
		} else {
			r.buf, err = value.AppendText(r.buf, row[i], r.types[i])
			if err != nil {
				return err
			}
		}
		ends = append(ends, len(r.buf))
	}
	r.ends = ends
	start := 0
	for i, end := range ends {
		if end < 0 {
			r.vals[i] = nil
			continue
		}
		if start == end {
			// An empty value is not NULL: never hand out a nil slice.
			r.vals[i] = emptyValue
			continue
		}
		r.vals[i] = r.buf[start:end:end]
		start = end
	}
	r.count++
	return r.w.Row(r.vals)
}

// finish sends the RowDescription of an empty result and returns the tag.
func (r *rowWriter) finish() (string, error) {
	if r.st.ReturnsRows && !r.sent {
		if err := r.w.Columns(r.cols); err != nil {
			return "", err
		}
		r.sent = true
	}
	n := strconv.Itoa(r.count)
	switch r.st.Kind {
	case plan.StmtDDL:
		return r.st.Tag, nil
	case plan.StmtWrite:
		switch r.st.Tag {
		case "INSERT":
			return "INSERT 0 " + n, nil
		case "":
			return "SELECT " + n, nil
		}
		return r.st.Tag + " " + n, nil
	}
	if r.st.Tag == "" {
		return "SELECT " + n, nil
	}
	return r.st.Tag + " " + n, nil
}
