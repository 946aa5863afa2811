package session

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
)

// COPY FROM STDIN reads the client's data a line at a time, parses each
// field with its column type's input function and writes the row, all in
// the statement's transaction: a bad row anywhere rolls the whole COPY
// back. Into a schemafull SQL table each row goes straight to the
// executor's exec.CopyIn (checked and encoded field by field, no plan
// per row; the jsonb fields it stores as they come are encoded straight
// from their text, copyJSONB); otherwise the rows are inserted copyBatchRows at a time
// through one Insert plan (plan.CopyBatch). Only one row, or one batch,
// of parsed values is held at a time (the transaction's write buffer
// holds the records until commit).
const copyBatchRows = 1024

// codeBadCopyFileFormat is PostgreSQL's ERRCODE_BAD_COPY_FILE_FORMAT.
const codeBadCopyFileFormat = "22P04"

// copy runs a StmtCopyFrom or StmtCopyTo in txn. A COPY FROM has always
// consumed client data when it fails, so sent is true: it is not retried.
func (s *Session) copy(ctx context.Context, txn kv.Txn, p *prepared, w pgwire.ResultWriter) (tag string, sent bool, err error) {
	cw, ok := w.(pgwire.CopyResultWriter)
	if !ok {
		return "", false, errs.New(errs.FeatureNotSupported, "COPY is not supported in this protocol context")
	}
	env := &exec.Env{Txn: txn, Namespace: s.namespace, Database: s.database, Temp: s.visibleTemp(), SessionVars: s.vars, Now: time.Now(), Deferred: s.deferredIn(txn), Zone: s.settings.timeZone(), PL: s, Session: s}
	if err := s.statementEnv(ctx, env, p.st); err != nil {
		return "", false, err
	}
	if p.st.Kind == plan.StmtCopyFrom {
		n, err := s.copyFrom(ctx, env, p.st, cw)
		if err != nil {
			return "", true, err
		}
		return countTag("COPY", n), true, nil
	}
	n, sent, err := s.copyTo(ctx, env, p.st, cw)
	if err != nil {
		return "", sent, err
	}
	return countTag("COPY", n), sent, nil
}

func (s *Session) copyFrom(ctx context.Context, env *exec.Env, st *plan.Statement, cw pgwire.CopyResultWriter) (int, error) {
	c := st.Copy
	tmpl, ok := st.Root.(*plan.Insert)
	if !ok {
		return 0, errs.New(errs.InternalError, "COPY FROM planned as %T", st.Root)
	}
	binary := c.Format == plan.CopyBinary
	formats := make([]int16, len(c.Columns))
	if binary {
		for i := range formats {
			formats[i] = 1
		}
	}
	r, err := cw.CopyIn(binary, formats)
	if err != nil {
		return 0, err
	}
	var src copyRowReader
	if binary {
		src = &binaryCopyReader{br: bufio.NewReaderSize(r, 64<<10), c: c}
	} else {
		dec := newCopyDecoder(r, c)
		dec.tp.Zone = env.Zone
		src = &textCopyReader{dec: dec}
	}
	ncols := len(c.Columns)
	ci, err := s.db.exec.NewCopyIn(ctx, env, tmpl)
	if err != nil {
		return 0, err
	}
	if ci != nil {
		defer ci.Close()
		src.jsonbEncoder().enable(ci, c)
		return copyDirect(ci, c, src, r, ncols)
	}
	// The batches are one statement for the table's triggers.
	env.Batch = &exec.Batch{}
	defer func() { env.Batch = nil }()
	full := plan.CopyBatch(tmpl, copyBatchRows)
	params := make([]value.Value, 0, copyBatchRows*ncols)
	lines := make([]int, 0, copyBatchRows)
	total := 0
	flush := func() error {
		if len(lines) == 0 && env.Batch.Opened() {
			return nil
		}
		root := plan.Node(full)
		if len(lines) < copyBatchRows {
			root = plan.CopyBatch(tmpl, len(lines))
		}
		env.Params = params
		rows, err := s.db.exec.Run(ctx, env, root)
		if err != nil {
			return err
		}
		done := 0
		for rows.Next() {
			done++
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			e := errs.From(err)
			if e.Where == "" && done < len(lines) {
				e = e.WithWhere("COPY %s, line %d", c.Table, lines[done])
			}
			return e
		}
		total += len(lines)
		params, lines = params[:0], lines[:0]
		return nil
	}
	err = readCopyRows(src, r, &params, func(line int) error {
		lines = append(lines, line)
		if len(lines) == copyBatchRows {
			return flush()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := flush(); err != nil {
		return 0, err
	}
	if err := s.db.exec.FinishBatch(ctx, env); err != nil {
		return 0, err
	}
	return total, nil
}

// copyDirect writes each row as it is read through ci, the executor's
// direct COPY path (exec.CopyIn): no plan runs per row or per batch.
func copyDirect(ci *exec.CopyIn, c *plan.Copy, src copyRowReader, r io.Reader, ncols int) (int, error) {
	params := make([]value.Value, 0, ncols)
	total := 0
	jsonb := src.jsonbEncoder()
	err := readCopyRows(src, r, &params, func(line int) error {
		if err := ci.RowEncoded(params, jsonb.row()); err != nil {
			e := errs.From(err)
			if e.Where != "" {
				return err
			}
			// PostgreSQL quotes the row for what it checks before
			// the insert (its multi-insert finds a duplicate later).
			rt, ok := src.(interface{ rowText() string })
			if code := e.Code; ok && (code == errs.NotNullViolation || code == errs.CheckViolation) {
				return e.WithWhere("COPY %s, line %d: \"%s\"", c.Table, line, rt.rowText())
			}
			return e.WithWhere("COPY %s, line %d", c.Table, line)
		}
		params = params[:0]
		total++
		return nil
	})
	if err != nil {
		return 0, err
	}
	return total, nil
}

// readCopyRows reads src's rows into *params, calling row after each
// with its line number, then discards what follows the end marker in r
// (the client's CopyDone ends the data).
func readCopyRows(src copyRowReader, r io.Reader, params *[]value.Value, row func(line int) error) error {
	for {
		line, err := src.readRow(params)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := row(line); err != nil {
			return err
		}
	}
	_, err := io.Copy(io.Discard, r)
	return err
}

// copyRowReader reads the rows of COPY FROM data: readRow appends the
// values of the next row to params and returns its line number (in the
// binary format, the row's number), io.EOF after the last row.
type copyRowReader interface {
	readRow(params *[]value.Value) (line int, err error)
	// jsonbEncoder is the reader's, for the direct path to enable.
	jsonbEncoder() *copyJSONB
}

// copyJSONB has a reader encode the jsonb fields of the rows it reads
// straight into their stored form (value.TextParser.AppendJSONB) for
// exec.CopyIn.RowEncoded, in place of the values, when the columns
// allow it: a document is then parsed once into its encoding instead of
// into an object tree that the write encodes and drops. The zero
// copyJSONB encodes nothing.
type copyJSONB struct {
	cols  []bool   // per COPY column: encode its fields
	enc   [][]byte // the current row's encodings, per column (nil: its value is in params)
	buf   []byte   // the current row's encodings
	spans [][2]int // where in buf each column's encoding lies (empty: none)
}

// enable has j encode the jsonb columns ci takes encoded.
func (j *copyJSONB) enable(ci *exec.CopyIn, c *plan.Copy) {
	for i, col := range c.Columns {
		if col.Type.IsJSONB() && ci.TakesEncodedJSONB(i) {
			if j.cols == nil {
				j.cols = make([]bool, len(c.Columns))
				j.enc = make([][]byte, len(c.Columns))
				j.spans = make([][2]int, len(c.Columns))
			}
			j.cols[i] = true
		}
	}
}

// encodes reports whether column i's fields are encoded.
func (j *copyJSONB) encodes(i int) bool { return j.cols != nil && j.cols[i] }

// startRow begins a row.
func (j *copyJSONB) startRow() {
	if j.cols != nil {
		j.buf = j.buf[:0]
		clear(j.spans)
	}
}

// field encodes s, the text of column i's field in the current row; its
// value in params is to be none.
func (j *copyJSONB) field(tp *value.TextParser, i int, s string) error {
	start := len(j.buf)
	var err error
	j.buf, err = tp.AppendJSONB(j.buf, s)
	if err != nil {
		return err
	}
	j.spans[i] = [2]int{start, len(j.buf)}
	return nil
}

// row returns the current row's encodings for RowEncoded (nil: none),
// valid until the next row starts.
func (j *copyJSONB) row() [][]byte {
	if j.cols == nil {
		return nil
	}
	for i, s := range j.spans {
		// An encoding is never empty: an empty span is no field
		// encoded (NULL, whose none in params the write refuses or
		// stores).
		j.enc[i] = nil
		if s[1] > s[0] {
			j.enc[i] = j.buf[s[0]:s[1]]
		}
	}
	return j.enc
}

// textCopyReader reads the text and CSV formats.
type textCopyReader struct {
	dec        *copyDecoder
	headerDone bool
	jsonb      copyJSONB
}

func (t *textCopyReader) jsonbEncoder() *copyJSONB { return &t.jsonb }

// rowText is the text of the row last read, which the CONTEXT of an
// error writing it quotes, as PostgreSQL's does for the text formats.
func (t *textCopyReader) rowText() string { return t.dec.text() }

func (t *textCopyReader) readRow(params *[]value.Value) (int, error) {
	d := t.dec
	if d.c.Header && !t.headerDone {
		t.headerDone = true
		if _, err := d.record(); err != nil {
			return 0, err
		}
	}
	fields, err := d.record()
	if err != nil {
		return 0, err
	}
	return d.line, copyRow(d.c, d, fields, params, &t.jsonb)
}

// copyRow parses the fields of one line into params, or has jsonb encode
// them.
func copyRow(c *plan.Copy, dec *copyDecoder, fields []copyField, params *[]value.Value, jsonb *copyJSONB) error {
	if len(fields) > len(c.Columns) {
		return errs.New(codeBadCopyFileFormat, "extra data after last expected column").
			WithWhere("COPY %s, line %d: \"%s\"", c.Table, dec.line, dec.text())
	}
	// As in PostgreSQL, columns are read in order: a bad value before the
	// first missing one is reported first.
	jsonb.startRow()
	for i := range c.Columns {
		if i >= len(fields) {
			return errs.New(codeBadCopyFileFormat, "missing data for column \"%s\"", c.Columns[i].Name).
				WithWhere("COPY %s, line %d: \"%s\"", c.Table, dec.line, dec.text())
		}
		f := fields[i]
		if f.null {
			*params = append(*params, value.None)
			continue
		}
		var v value.Value
		var err error
		if jsonb.encodes(i) {
			err = jsonb.field(&dec.tp, i, f.s)
		} else {
			v, err = dec.tp.Parse(f.s, c.Columns[i].Type)
		}
		if err != nil {
			// Under the value's own context (a JSON error's), as
			// PostgreSQL stacks them.
			e := errs.From(err)
			where := fmt.Sprintf("COPY %s, line %d, column %s: \"%s\"", c.Table, dec.line, c.Columns[i].Name, f.s)
			if e.Where != "" {
				where = e.Where + "\n" + where
			}
			return e.WithWhere("%s", where)
		}
		*params = append(*params, v)
	}
	return nil
}

// copyField is one field of a COPY line: its text, or NULL.
type copyField struct {
	s    string
	null bool
}

// copyDecoder splits COPY data into records of fields, in text or CSV
// format.
type copyDecoder struct {
	br     *bufio.Reader
	c      *plan.Copy
	line   int    // number of the line the current record started on
	next   int    // number of the next line to read
	buf    []byte // the current record's bytes (one line, more for CSV with quoted newlines)
	fields []copyField
	sb     strings.Builder
	ended  bool             // the \. line was seen
	tp     value.TextParser // keeps the JSON parser's scratch from row to row
}

func newCopyDecoder(r io.Reader, c *plan.Copy) *copyDecoder {
	return &copyDecoder{br: bufio.NewReaderSize(r, 64<<10), c: c, next: 1}
}

// text is the current record without its line end, for error contexts.
func (d *copyDecoder) text() string {
	return string(bytes.TrimRight(d.buf, "\r\n"))
}

// readLine appends the next line (with its \n, when there is one) to
// d.buf; io.EOF when there is none.
func (d *copyDecoder) readLine() error {
	start := len(d.buf)
	for {
		chunk, err := d.br.ReadSlice('\n')
		d.buf = append(d.buf, chunk...)
		switch {
		case err == nil:
			d.next++
			return nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			if len(d.buf) > start {
				d.next++
				return nil
			}
			return io.EOF
		default:
			return err
		}
	}
}

// record returns the fields of the next record (valid until the next
// call), io.EOF at the end of the data or at the \. line.
func (d *copyDecoder) record() ([]copyField, error) {
	if d.ended {
		return nil, io.EOF
	}
	d.buf = d.buf[:0]
	d.line = d.next
	if err := d.readLine(); err != nil {
		return nil, err
	}
	// The end marker \. (with any line end); TrimRight builds its set
	// of cut bytes per call, so only a line that starts like it pays.
	if len(d.buf) >= 2 && d.buf[0] == '\\' && d.buf[1] == '.' && len(bytes.TrimRight(d.buf, "\r\n")) == 2 {
		d.ended = true
		return nil, io.EOF
	}
	if d.c.Format == plan.CopyCSV {
		return d.csvRecord()
	}
	return d.textRecord()
}

// trimEOL cuts the line end (\n or \r\n) off a line.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// textRecord splits a line of the text format: fields separated by the
// delimiter, backslash escapes, the NULL string compared before
// unescaping.
func (d *copyDecoder) textRecord() ([]copyField, error) {
	line := string(trimEOL(d.buf))
	d.fields = d.fields[:0]
	delim := d.c.Delimiter
	// Most fields hold no backslash: each is found by IndexByte (vector
	// instructions), and only a field with a backslash is walked byte by
	// byte, since an escaped delimiter does not end it.
	for start := 0; ; {
		end := strings.IndexByte(line[start:], delim)
		if end < 0 {
			end = len(line)
		} else {
			end += start
		}
		escaped := strings.IndexByte(line[start:end], '\\') >= 0
		if escaped {
			end = escapedFieldEnd(line, start, delim)
		}
		raw := line[start:end]
		f := copyField{s: raw}
		if raw == d.c.Null {
			f = copyField{null: true}
		} else if escaped {
			f.s = d.unescape(raw)
		}
		d.fields = append(d.fields, f)
		if end == len(line) {
			return d.fields, nil
		}
		start = end + 1
	}
}

// escapedFieldEnd is where the text-format field of line starting at
// start ends: at the first delimiter not preceded by a backslash, or at
// the line's end.
func escapedFieldEnd(line string, start int, delim byte) int {
	for i := start; i < len(line); i++ {
		switch line[i] {
		case '\\':
			if i+1 < len(line) { // a trailing backslash stays itself
				i++
			}
		case delim:
			return i
		}
	}
	return len(line)
}

// unescape decodes the text format's backslash sequences.
func (d *copyDecoder) unescape(s string) string {
	b := &d.sb
	b.Reset()
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch != '\\' || i+1 >= len(s) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch c := s[i]; c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for k := 0; k < 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			b.WriteByte(byte(v))
		case 'x':
			if i+1 < len(s) && hexVal(s[i+1]) >= 0 {
				i++
				v := hexVal(s[i])
				if i+1 < len(s) && hexVal(s[i+1]) >= 0 {
					i++
					v = v*16 + hexVal(s[i])
				}
				b.WriteByte(byte(v))
			} else {
				b.WriteByte('x')
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// csvRecord splits a CSV record, reading more lines while a quoted field
// is open. An unquoted field equal to the NULL string is NULL; a quoted
// one never is.
func (d *copyDecoder) csvRecord() ([]copyField, error) {
	d.fields = d.fields[:0]
	delim, quote, esc := d.c.Delimiter, d.c.Quote, d.c.Escape
	pos := 0
	for {
		b := &d.sb
		b.Reset()
		quoted, inQuote := false, false
		start := pos
		for {
			if pos >= len(d.buf) || (!inQuote && (d.buf[pos] == '\n' || d.buf[pos] == '\r' && pos+1 < len(d.buf) && d.buf[pos+1] == '\n')) {
				if inQuote {
					// The field goes on in the next line.
					if err := d.readLine(); err != nil {
						if err == io.EOF {
							return nil, errs.New(codeBadCopyFileFormat, "unterminated CSV quoted field").
								WithWhere("COPY %s, line %d: \"%s\"", d.c.Table, d.line, d.text())
						}
						return nil, err
					}
					continue
				}
				break
			}
			ch := d.buf[pos]
			switch {
			case inQuote && ch == esc && pos+1 < len(d.buf) && (d.buf[pos+1] == quote || d.buf[pos+1] == esc) && (esc != quote || d.buf[pos+1] == quote):
				b.WriteByte(d.buf[pos+1])
				pos += 2
				continue
			case inQuote && ch == quote:
				inQuote = false
			case !inQuote && ch == quote:
				inQuote, quoted = true, true
			case !inQuote && ch == delim:
			default:
				b.WriteByte(ch)
				pos++
				continue
			}
			if ch == delim && !inQuote {
				break
			}
			pos++
		}
		raw := string(d.buf[start:pos])
		f := copyField{s: b.String()}
		if !quoted && raw == d.c.Null {
			f = copyField{null: true}
		}
		d.fields = append(d.fields, f)
		if pos < len(d.buf) && d.buf[pos] == delim {
			pos++
			continue
		}
		return d.fields, nil
	}
}

// copyTo runs the query of a COPY TO STDOUT and sends one CopyData per
// row.
func (s *Session) copyTo(ctx context.Context, env *exec.Env, st *plan.Statement, cw pgwire.CopyResultWriter) (n int, sent bool, err error) {
	c := st.Copy
	rows, err := s.db.exec.Run(ctx, env, st.Root)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	out, err := cw.CopyOut(false, make([]int16, len(c.Columns)))
	if err != nil {
		return 0, true, err
	}
	enc := copyEncoder{c: c, zone: env.Zone, isoIntervals: s.settings.isoIntervals()}
	if c.Header {
		for i, col := range c.Columns {
			enc.field(i, []byte(col.Name), false)
		}
		if err := enc.send(out); err != nil {
			return 0, true, err
		}
	}
	for rows.Next() {
		for i, v := range rows.Row() {
			if v.IsSQLNull() {
				enc.null(i)
				continue
			}
			if enc.isoIntervals && v.Kind() == value.KindDuration && c.Columns[i].Type.Kind == value.KindDuration {
				enc.scratch = value.AppendIntervalISO(enc.scratch[:0], v.AsInterval())
			} else {
				enc.scratch, err = value.AppendTextIn(enc.scratch[:0], v, c.Columns[i].Type, enc.zone)
			}
			if err != nil {
				return n, true, err
			}
			enc.field(i, enc.scratch, true)
		}
		if err := enc.send(out); err != nil {
			return n, true, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, true, err
	}
	return n, true, out.Done()
}

// copyEncoder renders rows of COPY TO in text or CSV format.
type copyEncoder struct {
	c    *plan.Copy
	zone *time.Location // the session time zone timestamptz is written in
	// isoIntervals writes intervals in ISO 8601 (IntervalStyle).
	isoIntervals bool
	line         []byte
	scratch      []byte
}

func (e *copyEncoder) sep(i int) {
	if i > 0 {
		e.line = append(e.line, e.c.Delimiter)
	}
}

func (e *copyEncoder) null(i int) {
	e.sep(i)
	e.line = append(e.line, e.c.Null...)
}

// field appends a non-null field; data says it is a value rather than a
// header name (FORCE_QUOTE applies to values only).
func (e *copyEncoder) field(i int, s []byte, data bool) {
	e.sep(i)
	if e.c.Format != plan.CopyCSV {
		for _, ch := range s {
			switch ch {
			case '\\':
				e.line = append(e.line, '\\', '\\')
			case '\n':
				e.line = append(e.line, '\\', 'n')
			case '\r':
				e.line = append(e.line, '\\', 'r')
			case '\t':
				e.line = append(e.line, '\\', 't')
			case '\b':
				e.line = append(e.line, '\\', 'b')
			case '\f':
				e.line = append(e.line, '\\', 'f')
			case '\v':
				e.line = append(e.line, '\\', 'v')
			case e.c.Delimiter:
				e.line = append(e.line, '\\', ch)
			default:
				e.line = append(e.line, ch)
			}
		}
		return
	}
	q, esc := e.c.Quote, e.c.Escape
	// PostgreSQL's rules: FORCE_QUOTE, the NULL string, a lone \. in a
	// one-column row (it would end the data), delimiter, quote and line
	// ends.
	quote := data && (e.c.ForceQuoteAll || e.c.ForceQuote != nil && e.c.ForceQuote[i]) ||
		string(s) == e.c.Null || len(e.c.Columns) == 1 && string(s) == `\.` ||
		bytes.IndexByte(s, e.c.Delimiter) >= 0 || bytes.IndexByte(s, q) >= 0 || bytes.ContainsAny(s, "\r\n")
	if !quote {
		e.line = append(e.line, s...)
		return
	}
	e.line = append(e.line, q)
	for _, ch := range s {
		if ch == q || ch == esc {
			e.line = append(e.line, esc)
		}
		e.line = append(e.line, ch)
	}
	e.line = append(e.line, q)
}

func (e *copyEncoder) send(out pgwire.CopyWriter) error {
	e.line = append(e.line, '\n')
	_, err := out.Write(e.line)
	e.line = e.line[:0]
	return err
}
