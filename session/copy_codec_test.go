package session

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// copyFormats are the option sets the codec tests use.
var copyFormats = []plan.Copy{
	{Format: plan.CopyText, Delimiter: '\t', Null: `\N`, Quote: '"', Escape: '"'},
	{Format: plan.CopyText, Delimiter: '|', Null: "", Quote: '"', Escape: '"'},
	{Format: plan.CopyCSV, Delimiter: ',', Null: "", Quote: '"', Escape: '"'},
	{Format: plan.CopyCSV, Delimiter: ';', Null: "NA", Quote: '\'', Escape: '\\'},
}

// decodeAll splits data into records with the options of c.
func decodeAll(c *plan.Copy, data string) ([][]copyField, error) {
	d := newCopyDecoder(strings.NewReader(data), c)
	var out [][]copyField
	for {
		fs, err := d.record()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, append([]copyField(nil), fs...))
	}
}

// TestCopyCodecRoundTrip: whatever the fields (any bytes, NULLs, the
// NULL string itself, delimiters, quotes, line ends, "\."), what COPY TO
// writes, COPY FROM reads back the same.
func TestCopyCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := copyFormats[rapid.IntRange(0, len(copyFormats)-1).Draw(t, "format")]
		ncols := rapid.IntRange(1, 4).Draw(t, "cols")
		c.Columns = make([]plan.Column, ncols)
		piece := rapid.SampledFrom([]string{"a", "b c", "\t", "|", ",", ";", "\"", "'", "\\", "\n", "\r\n", "\r", `\.`, `\N`, "NA", "é", ""})
		rows := rapid.SliceOfN(rapid.SliceOfN(rapid.Custom(func(t *rapid.T) copyField {
			if rapid.IntRange(0, 5).Draw(t, "null") == 0 {
				return copyField{null: true}
			}
			return copyField{s: strings.Join(rapid.SliceOfN(piece, 0, 4).Draw(t, "pieces"), "")}
		}), ncols, ncols), 1, 5).Draw(t, "rows")
		if ncols == 1 {
			// A one-column row whose only field renders as an empty line
			// is ambiguous in PostgreSQL too (it reads as the empty
			// string or NULL by format); leave it out.
			for _, r := range rows {
				if !r[0].null && r[0].s == "" || r[0].null && c.Null == "" {
					t.Skip("empty line")
				}
			}
		}
		if c.Format == plan.CopyText {
			// In the text format a value spelled like the NULL string
			// reads back as NULL, in PostgreSQL too (CSV quotes it).
			for _, r := range rows {
				for _, f := range r {
					if !f.null && f.s == c.Null {
						t.Skip("value equal to the NULL string")
					}
				}
			}
		}
		enc := copyEncoder{c: &c}
		var data bytes.Buffer
		for _, r := range rows {
			for i, f := range r {
				if f.null {
					enc.null(i)
				} else {
					enc.field(i, []byte(f.s), true)
				}
			}
			enc.line = append(enc.line, '\n')
			data.Write(enc.line)
			enc.line = enc.line[:0]
		}
		got, err := decodeAll(&c, data.String())
		if err != nil {
			t.Fatalf("decode %q: %v", data.String(), err)
		}
		if len(got) != len(rows) {
			t.Fatalf("%q: %d records, want %d: %+v", data.String(), len(got), len(rows), got)
		}
		for i := range rows {
			for j := range rows[i] {
				want := rows[i][j]
				if got[i][j] != want {
					t.Fatalf("%q: record %d field %d = %+v, want %+v", data.String(), i, j, got[i][j], want)
				}
			}
		}
	})
}

func TestCopyDecoder(t *testing.T) {
	text, csv := &copyFormats[0], &copyFormats[2]
	tests := []struct {
		c    *plan.Copy
		in   string
		want string // records separated by "/", fields by ",", NULL as <null>
	}{
		{text, "1\ta\n2\t\\N\n", "1,a/2,<null>"},
		{text, "1\ta\r\n2\tb", "1,a/2,b"},
		{text, "a\\tb\\\\c\\nd\\x41\\101\\q\n", "a\tb\\c\nd" + "AAq"},
		{text, "x\\\ty\n", "x\ty"},
		{text, "a\tb\\\n", "a,b\\"},
		{text, "1\n\\.\nignored\n", "1"},
		{text, "\\N\n\\\\N\n", "<null>/\\N"},
		{csv, "\"a,b\",\"\"\n", "a,b,"},
		{csv, "\"a\nb\",c\n", "a\nb,c"},
		{csv, "\"x\"\"y\",\n", "x\"y,<null>"},
		{csv, "1\n\\.\n", "1"},
	}
	for _, tc := range tests {
		recs, err := decodeAll(tc.c, tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		var parts []string
		for _, r := range recs {
			var fs []string
			for _, f := range r {
				if f.null {
					fs = append(fs, "<null>")
				} else {
					fs = append(fs, f.s)
				}
			}
			parts = append(parts, strings.Join(fs, ","))
		}
		if got := strings.Join(parts, "/"); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzCopyDecoder: any input decodes or fails with an error, never a
// panic, in every format.
func FuzzCopyDecoder(f *testing.F) {
	for _, s := range []string{"1\ta\n", "\"a\nb\",c\n", "\\x4", "\\", "\"", "\\.\n", "a\\\n", "\r\n\r"} {
		f.Add(s)
	}
	f.Add(string(copyBinarySignature) + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x09\xff\xff\xff\xff\xff\xff")
	bin := &plan.Copy{Format: plan.CopyBinary, Table: "t", Columns: []plan.Column{{Name: "a", Type: value.TypeInt8}, {Name: "b", Type: value.TypeText}}}
	f.Fuzz(func(t *testing.T, data string) {
		for i := range copyFormats {
			_, _ = decodeAll(&copyFormats[i], data)
		}
		r := &binaryCopyReader{br: bufio.NewReader(strings.NewReader(data)), c: bin}
		var params []value.Value
		for {
			if _, err := r.readRow(&params); err != nil {
				break
			}
		}
	})
}

// splitTextRef is the text format's field split done byte by byte (the
// decoder's first implementation): the reference textRecord's IndexByte
// scan must agree with.
func splitTextRef(d *copyDecoder, line string) []copyField {
	var out []copyField
	start, escaped := 0, false
	for i := 0; i <= len(line); i++ {
		if i < len(line) {
			switch line[i] {
			case '\\':
				escaped = true
				if i+1 < len(line) {
					i++
				}
				continue
			case d.c.Delimiter:
			default:
				continue
			}
		}
		raw := line[start:i]
		f := copyField{s: raw}
		if raw == d.c.Null {
			f = copyField{null: true}
		} else if escaped {
			f.s = d.unescape(raw)
		}
		out = append(out, f)
		start, escaped = i+1, false
	}
	return out
}

// TestTextRecordAgreesWithByteSplit: lines of delimiters, backslashes,
// NULL strings and other bytes split into the same fields as the byte by
// byte reference.
func TestTextRecordAgreesWithByteSplit(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := &copyFormats[rapid.IntRange(0, 1).Draw(rt, "format")]
		pieces := rapid.SliceOf(rapid.SampledFrom([]string{"a", "7", "\t", "|", "\\", "\\N", "N", "\\t", "\\\\", "x41", " "}))
		line := strings.Join(pieces.Draw(rt, "line"), "")
		d := newCopyDecoder(strings.NewReader(line+"\n"), c)
		got, err := d.record()
		if err != nil {
			rt.Fatal(err)
		}
		want := splitTextRef(newCopyDecoder(nil, c), line)
		if len(got) != len(want) {
			rt.Fatalf("%q: %d fields %v, want %d %v", line, len(got), got, len(want), want)
		}
		for i := range got {
			if got[i] != want[i] {
				rt.Fatalf("%q: field %d is %+v, want %+v", line, i, got[i], want[i])
			}
		}
	})
}

// TestBinaryCopyFieldLengthAllocation: a binary COPY field's length is
// the client's word; a row claiming a 2 GB field in a few bytes fails
// with a truncated-file error having allocated about what it sent (it
// allocated the 2 GB first).
func TestBinaryCopyFieldLengthAllocation(t *testing.T) {
	bin := &plan.Copy{Format: plan.CopyBinary, Table: "t", Columns: []plan.Column{{Name: "b", Type: value.TypeBytea}}}
	data := string(copyBinarySignature) + "\x00\x00\x00\x00\x00\x00\x00\x00" + "\x00\x01" + "\x7f\xff\xff\xf0" + "abc"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := &binaryCopyReader{br: bufio.NewReader(strings.NewReader(data)), c: bin}
	var params []value.Value
	_, err := r.readRow(&params)
	runtime.ReadMemStats(&after)
	if errs.Code(err) != codeBadCopyFileFormat {
		t.Errorf("err = %v, want %s", err, codeBadCopyFileFormat)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes for a 3-byte field", n)
	}
}
