package session

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"unsafe"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// copyBinarySignature starts PostgreSQL's binary COPY format.
var copyBinarySignature = []byte("PGCOPY\n\xff\r\n\x00")

// binaryCopyReader reads COPY FROM data in PostgreSQL's binary format
// (what pgx's CopyFrom sends): the signature, flags and a header
// extension, then per row a 16-bit field count (-1 ends the data) and
// per field a 32-bit length (-1 is NULL) and the value in its type's
// binary form.
type binaryCopyReader struct {
	br     *bufio.Reader
	c      *plan.Copy
	row    int
	header bool
	buf    []byte
	tp     value.TextParser // keeps the JSON parser's scratch from row to row
	jsonb  copyJSONB
}

func (b *binaryCopyReader) jsonbEncoder() *copyJSONB { return &b.jsonb }

func (b *binaryCopyReader) fail(format string, args ...any) error {
	e := errs.New(codeBadCopyFileFormat, format, args...)
	if b.row > 0 {
		e = e.WithWhere("COPY %s, line %d", b.c.Table, b.row)
	}
	return e
}

// read fills b.buf with the next n bytes; end of data there is a
// truncated file. n is a field length the client wrote: past what b.buf
// holds, the buffer grows (doubling) as the bytes arrive, so a short
// message claiming a 2 GB field costs what it sent, not 2 GB at once.
func (b *binaryCopyReader) read(n int) error {
	b.buf = b.buf[:0]
	for len(b.buf) < n {
		if len(b.buf) == cap(b.buf) {
			b.buf = slices.Grow(b.buf, min(max(cap(b.buf), 4096), n-len(b.buf)))
		}
		m, err := io.ReadFull(b.br, b.buf[len(b.buf):min(cap(b.buf), n)])
		b.buf = b.buf[:len(b.buf)+m]
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return b.fail("unexpected EOF in COPY data")
			}
			return err
		}
	}
	return nil
}

func (b *binaryCopyReader) readHeader() error {
	if err := b.read(len(copyBinarySignature) + 8); err != nil {
		if errs.Code(err) == codeBadCopyFileFormat {
			return b.fail("COPY file signature not recognized")
		}
		return err
	}
	if !bytes.Equal(b.buf[:len(copyBinarySignature)], copyBinarySignature) {
		return b.fail("COPY file signature not recognized")
	}
	flags := binary.BigEndian.Uint32(b.buf[len(copyBinarySignature):])
	if flags&(1<<16) != 0 {
		return b.fail("invalid COPY file header (WITH OIDS)")
	}
	if flags&^(1<<16)>>16 != 0 {
		return b.fail("unrecognized critical flags in COPY file header")
	}
	ext := int32(binary.BigEndian.Uint32(b.buf[len(copyBinarySignature)+4:]))
	if ext < 0 {
		return b.fail("invalid COPY file header (missing length)")
	}
	_, err := b.br.Discard(int(ext))
	if err != nil {
		return b.fail("invalid COPY file header (wrong length)")
	}
	return nil
}

func (b *binaryCopyReader) readRow(params *[]value.Value) (int, error) {
	if !b.header {
		b.header = true
		if err := b.readHeader(); err != nil {
			return 0, err
		}
	}
	if _, err := b.br.Peek(1); errors.Is(err, io.EOF) {
		// Data without the trailer ends here too.
		return 0, io.EOF
	}
	b.row++
	if err := b.read(2); err != nil {
		return 0, err
	}
	n := int16(binary.BigEndian.Uint16(b.buf))
	if n == -1 {
		return 0, io.EOF
	}
	if int(n) != len(b.c.Columns) {
		return 0, b.fail("row field count is %d, expected %d", n, len(b.c.Columns))
	}
	b.jsonb.startRow()
	for i, col := range b.c.Columns {
		if err := b.read(4); err != nil {
			return 0, err
		}
		size := int32(binary.BigEndian.Uint32(b.buf))
		if size == -1 {
			*params = append(*params, value.None)
			continue
		}
		if size < 0 {
			return 0, b.fail("invalid field size")
		}
		if err := b.read(int(size)); err != nil {
			return 0, err
		}
		var v value.Value
		var err error
		if b.jsonb.encodes(i) {
			var text []byte
			if text, err = binaryJSONBText(b.buf); err == nil {
				// The encoding copies what it keeps of the text, so
				// the text may stay in b.buf, which the next read
				// overwrites.
				err = b.jsonb.field(&b.tp, i, unsafe.String(unsafe.SliceData(text), len(text)))
			}
		} else if col.Type.OID() == value.OIDJSONB {
			v, err = decodeBinaryJSONB(&b.tp, b.buf, col.Type)
		} else {
			v, err = decodeBinaryParam(b.buf, col.Type, i+1)
		}
		if err != nil {
			e := errs.From(err)
			if e.Code == errs.InvalidBinaryRepresentation {
				e = errs.New(errs.InvalidBinaryRepresentation, "incorrect binary data format")
			}
			return 0, e.WithWhere("COPY %s, line %d, column %s", b.c.Table, b.row, col.Name)
		}
		*params = append(*params, v)
	}
	return b.row, nil
}
