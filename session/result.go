package session

import (
	"strconv"
	"sync"
	"time"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

// zqlResultColumn is the one column of every ZQL result (zql.md §12).
var zqlResultColumn = pgwire.Column{Name: "result", TypeOID: value.OIDJSONB, TypeSize: -1, TypeModifier: -1}

var emptyValue = []byte{}

// resultShape is how a statement's rows go to the client: the
// RowDescription's columns and the types their values are rendered as.
// A prepared statement computes it once; it is never modified.
type resultShape struct {
	cols  []pgwire.Column
	types []value.Type
}

func shapeOf(st *plan.Statement) resultShape {
	// A DECLARE returns no rows, but its shape is its cursor's.
	if !st.ReturnsRows && st.Kind != plan.StmtDeclare {
		return resultShape{}
	}
	if st.ZQL {
		return resultShape{cols: []pgwire.Column{zqlResultColumn}, types: []value.Type{value.TypeJSONB}}
	}
	sh := resultShape{cols: make([]pgwire.Column, len(st.Columns)), types: make([]value.Type, len(st.Columns))}
	for i, c := range st.Columns {
		sh.cols[i] = pgwire.Column{
			Name:         c.Name,
			TypeOID:      c.Type.OID(),
			TypeSize:     c.Type.TypeSize(),
			TypeModifier: c.Type.TypeModifier(),
			AttrNum:      c.AttrNum,
		}
		sh.types[i] = c.Type
	}
	return sh
}

// rowWriter renders one statement's rows for the wire. The RowDescription
// goes out with the first row (or at the end, for an empty result), so a
// statement that fails before producing rows has sent nothing and can be
// retried. A session reuses one rowWriter, and so its buffers, from
// statement to statement.
type rowWriter struct {
	w     pgwire.ResultWriter
	st    *plan.Statement
	cols  []pgwire.Column // shared: read only
	types []value.Type    // shared: read only
	sent  bool
	// described: the RowDescription is out (a notice sets sent, not this).
	described bool
	count     int
	vals      [][]byte
	buf       []byte
	ends      []int
	// set, when given, are the session's settings, whose time zone SQL's
	// timestamptz is written in when the row is (a set_config in the
	// row's own statement counts, as in PostgreSQL); nil writes UTC.
	set *settings
}

// zone is the time zone a row's timestamptz values are written in.
func (r *rowWriter) zone() *time.Location {
	if r.set == nil {
		return time.UTC
	}
	return r.set.timeZone()
}

func newRowWriter(w pgwire.ResultWriter, st *plan.Statement) *rowWriter {
	r := &rowWriter{}
	r.reset(w, st, shapeOf(st))
	return r
}

// reset prepares r for a statement's rows, keeping its buffers.
func (r *rowWriter) reset(w pgwire.ResultWriter, st *plan.Statement, sh resultShape) {
	r.w, r.st, r.cols, r.types, r.set = w, st, sh.cols, sh.types, nil
	r.sent, r.described, r.count = false, false, 0
	if cap(r.vals) < len(sh.cols) {
		r.vals = make([][]byte, len(sh.cols))
	}
	r.vals = r.vals[:len(sh.cols)]
}

// Notice sends a notice of the statement; once one is out, the statement
// has sent something (sent) and is not run again.
func (r *rowWriter) Notice(n errs.Notice) error {
	r.sent = true
	return r.w.Notice(n)
}

func (r *rowWriter) row(row []value.Value) error {
	if err := r.columns(); err != nil {
		return err
	}
	if r.st.ZQL && len(r.cols) == 1 {
		return r.zqlRow(row)
	}
	r.buf = r.buf[:0]
	// Encode every value into one buffer, then slice it, so a row costs
	// one growing buffer rather than an allocation per value.
	ends := r.ends[:0]
	loc := r.zone()
	for i := range r.cols {
		// A jsonb null is a value in SQL; ZQL has one none.
		if i >= len(row) || row[i].IsSQLNull() || r.st.ZQL && row[i].IsNone() {
			ends = append(ends, -1)
			continue
		}
		var err error
		if r.st.ZQL {
			r.buf = value.AppendJSON(r.buf, row[i])
		} else if row[i].Kind() == value.KindDuration && r.types[i].Kind == value.KindDuration && r.set != nil && r.set.isoIntervals() {
			r.buf = value.AppendIntervalISO(r.buf, row[i].AsInterval())
		} else {
			r.buf, err = value.AppendTextIn(r.buf, row[i], r.types[i], loc)
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

// zqlRow is row for ZQL's one jsonb column (zqlResultColumn): a
// traversal's results are hundreds of such rows of one record id each,
// which need none of row's bookkeeping of several values.
func (r *rowWriter) zqlRow(row []value.Value) error {
	// ZQL has one none, which is NULL.
	if len(row) == 0 || row[0].IsNone() {
		r.vals[0] = nil
	} else {
		r.buf = value.AppendJSON(r.buf[:0], row[0])
		r.vals[0] = r.buf[:len(r.buf):len(r.buf)]
	}
	r.count++
	return r.w.Row(r.vals)
}

// columns sends the RowDescription unless a row already did.
func (r *rowWriter) columns() error {
	if r.described {
		return nil
	}
	r.sent, r.described = true, true
	return r.w.Columns(r.cols)
}

// finish sends the RowDescription of an empty result and returns the tag.
func (r *rowWriter) finish() (string, error) {
	if r.st.ReturnsRows {
		if err := r.columns(); err != nil {
			return "", err
		}
	}
	switch r.st.Kind {
	case plan.StmtDDL:
		return r.st.Tag, nil
	case plan.StmtWrite:
		switch r.st.Tag {
		case "INSERT":
			return countTag("INSERT 0", r.count), nil
		case "":
			return countTag("SELECT", r.count), nil
		case "CALL":
			return r.st.Tag, nil
		}
		return countTag(r.st.Tag, r.count), nil
	}
	if r.st.Tag == "" {
		return countTag("SELECT", r.count), nil
	}
	return countTag(r.st.Tag, r.count), nil
}

// madeTags are the tags of the commonest counts, made once: a query's
// "SELECT n" up to 1023 rows, a write's count of none or one. Each verb's
// tags are cut from one string made at the first use; any other tag is
// a new string for every statement.
var madeTags = sync.OnceValue(func() map[string][]string {
	counts := map[string]int{"SELECT": 1024, "INSERT 0": 2, "UPDATE": 2, "DELETE": 2}
	tags := make(map[string][]string, len(counts))
	for verb, count := range counts {
		var b []byte
		ends := make([]int, count)
		for i := range ends {
			b = strconv.AppendInt(append(append(b, verb...), ' '), int64(i), 10)
			ends[i] = len(b)
		}
		all, start := string(b), 0
		tags[verb] = make([]string, count)
		for i, end := range ends {
			tags[verb][i], start = all[start:end], end
		}
	}
	return tags
})

// countTag is verb followed by the count.
func countTag(verb string, n int) string {
	if t := madeTags()[verb]; n >= 0 && n < len(t) {
		return t[n]
	}
	return verb + " " + strconv.Itoa(n)
}
