package value

import (
	"encoding/binary"
	"unicode/utf8"
)

// AppendJSONB appends to buf the stored encoding of the jsonb value
// ParseText(s, TypeJSONB) returns (encodeValue's bytes, without Encode's
// version byte: what EncodeFieldsEncoded takes for a field), or returns
// that call's error, without building the value: a COPY of documents
// into a jsonb column encodes each straight into its record instead of
// making an object tree only to encode and drop it. On an error buf's
// contents past its length are unspecified. s need not outlive the
// call. A nil *TextParser works, with scratch of its own.
func (tp *TextParser) AppendJSONB(buf []byte, s string) ([]byte, error) {
	if tp == nil {
		tp = new(TextParser)
	}
	if !utf8.ValidString(s) {
		// The error, from the one place that words it.
		v, err := ParseText(s, TypeJSONB)
		if err != nil {
			return buf, err
		}
		return encodeValue(buf, v), nil
	}
	p := jsonParser{s: s, jsonb: true, utf8: true, out: buf, names: tp.names[:0], spans: tp.spans[:0], idx: tp.idx[:0], tmp: tp.tmp[:0]}
	err := p.encDocument()
	tp.names, tp.spans, tp.idx, tp.tmp = p.names[:0], p.spans[:0], p.idx[:0], p.tmp[:0]
	if err != nil {
		return buf, err
	}
	return p.out, nil
}

// The encoding parser mirrors document, value, array and object, with
// their errors in the same order, appending to p.out what encodeValue
// would append for the value they return. Scalars go through value and
// encodeValue themselves.

func (p *jsonParser) encDocument() error {
	if err := p.encValue(); err != nil {
		return err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return p.unexpected("end of input")
	}
	return nil
}

func (p *jsonParser) encValue() error {
	p.skipSpace()
	if p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '{':
			return p.encObject()
		case c == '[':
			return p.encArray()
		case c == '"':
			// A document's strings and small integers skip the
			// Value, which costs them a third.
			s, err := p.str()
			if err != nil {
				return err
			}
			p.out = appendStringEnc(p.out, s)
			return nil
		case c == '-' || c >= '0' && c <= '9':
			if n, ok := p.smallInt(); ok {
				p.out = appendIntEnc(p.out, n)
				return nil
			}
		}
	}
	v, err := p.value()
	if err != nil {
		return err
	}
	p.out = encodeValue(p.out, v)
	return nil
}

func (p *jsonParser) encArray() error {
	if err := p.enter(); err != nil {
		return err
	}
	err := p.encArrayElems()
	p.depth--
	return err
}

// encArrayElems writes a list: its tag, its count (one byte reserved,
// which holds any count below 128) and its elements.
func (p *jsonParser) encArrayElems() error {
	p.i++ // [
	p.out = append(p.out, tList)
	at := len(p.out)
	p.out = append(p.out, 0)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return nil
	}
	n := 0
	for {
		if err := p.encValue(); err != nil {
			return err
		}
		n++
		p.skipSpace()
		if p.i < len(p.s) {
			switch p.s[p.i] {
			case ',':
				p.i++
				continue
			case ']':
				p.i++
				p.out = putReservedUvarint(p.out, at, uint64(n))
				return nil
			}
		}
		return p.unexpected(`"," or "]"`)
	}
}

func (p *jsonParser) encObject() error {
	if err := p.enter(); err != nil {
		return err
	}
	base := len(p.names)
	err := p.encObjectFields(base)
	p.names, p.spans = p.names[:base], p.spans[:base]
	p.depth--
	return err
}

// encObjectFields encodes the fields' values one after another as they
// come, noting where each lies, then rewrites them as the object in
// jsonb's key order (jsonbKeyOrder, as buildObject).
func (p *jsonParser) encObjectFields(base int) error {
	p.i++ // {
	start := len(p.out)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.out = append(p.out, tObject, 0)
		return nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			if len(p.names) == base {
				return p.unexpected(`string or "}"`)
			}
			return p.unexpected("string")
		}
		name, err := p.str()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return p.unexpected(`":"`)
		}
		p.i++
		at := len(p.out)
		if err := p.encValue(); err != nil {
			return err
		}
		p.names = append(p.names, name)
		p.spans = append(p.spans, [2]int{at, len(p.out)})
		p.skipSpace()
		if p.i < len(p.s) {
			switch p.s[p.i] {
			case ',':
				p.i++
				continue
			case '}':
				p.i++
				p.encFinishObject(start, p.names[base:], p.spans[base:])
				return nil
			}
		}
		return p.unexpected(`"," or "}"`)
	}
}

// encFinishObject replaces the values written from start on, where
// spans says, with the object of the fields names[i] = those values.
func (p *jsonParser) encFinishObject(start int, names []string, spans [][2]int) {
	idx := jsonbKeyOrder(names, p.idx[:0])
	b := binary.AppendUvarint(append(p.tmp[:0], tObject), uint64(len(idx)))
	for _, i := range idx {
		val := p.out[spans[i][0]:spans[i][1]]
		b = appendLenBytes(b, names[i])
		b = binary.AppendUvarint(b, uint64(len(val)))
		b = append(b, val...)
	}
	p.out = append(p.out[:start], b...)
	p.idx, p.tmp = idx[:0], b[:0]
}

// smallInt reads at the cursor a JSON number that is an integer of at
// most 18 digits, which jsonNumber would make an Int; ok=false leaves
// the cursor for value to read (and to word any error).
func (p *jsonParser) smallInt() (n int64, ok bool) {
	i := p.i
	neg := i < len(p.s) && p.s[i] == '-'
	if neg {
		i++
	}
	start := i
	for i < len(p.s) && i-start <= 18 && p.s[i] >= '0' && p.s[i] <= '9' {
		n = n*10 + int64(p.s[i]-'0')
		i++
	}
	switch {
	case i == start || i-start > 18, p.s[start] == '0' && i-start > 1:
		return 0, false
	case i < len(p.s) && !isJSONDelim(p.s[i]):
		return 0, false // a fraction, an exponent, or a bad token
	}
	p.i = i
	if neg {
		n = -n
	}
	return n, true
}
