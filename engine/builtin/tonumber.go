package builtin

import (
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// to_number reads text by to_char's number template (parseNumFormat),
// as PostgreSQL's NUM_processor does in its reading direction: each
// template element takes at most a character or two of the input, and
// what it does not recognise it passes over rather than rejects, so the
// result is whatever digits, decimal point and sign the elements found
// (C locale: '.', ',', '-', '+'; L is one non-data character). The
// digits then go through numeric's input with the template's precision
// and the scale read, and V divides by ten per digit after it at
// numeric_power's 16 decimal places.

// numReader is the state of one to_number reading.
type numReader struct {
	nf  *numFormat
	in  string
	pos int
	// sign is ' ' until a sign is read; number the digits and '.' read.
	sign              byte
	number            []byte
	readPre, readPost int
	readDec           bool
}

func (r *numReader) over() bool { return r.pos >= len(r.in) }

// at is the input's byte i, NUL past its end (as the C it follows reads).
func (r *numReader) at(i int) byte {
	if i < len(r.in) {
		return r.in[i]
	}
	return 0
}

func (r *numReader) cur() byte { return r.at(r.pos) }

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// skipChar passes one input character (a whole UTF-8 sequence).
func (r *numReader) skipChar() {
	_, n := utf8.DecodeRuneInString(r.in[r.pos:])
	r.pos += max(n, 1)
}

// eatNonData is NUM_eat_non_data_chars: up to n characters that are not
// digits, '.', ',', '+' or '-'.
func (r *numReader) eatNonData(n int) {
	for ; n > 0 && !r.over(); n-- {
		if strings.IndexByte("0123456789.,+-", r.cur()) >= 0 {
			return
		}
		r.skipChar()
	}
}

// numpart is NUM_numpart_from_char: a digit or the decimal point, and a
// sign before the first digit or after the last.
func (r *numReader) numpart(key string) {
	if r.over() {
		return
	}
	if r.cur() == ' ' {
		r.pos++
	}
	if r.over() {
		return
	}
	nf := r.nf
	digitKey := key == "9" || key == "0"
	if r.sign == ' ' && digitKey && r.readPre+r.readPost == 0 {
		switch {
		case nf.lsign == lsignPre && (r.cur() == '-' || r.cur() == '+'):
			r.sign = r.cur()
			r.pos++
		case nf.lsign == lsignPre:
		case r.cur() == '-' || nf.bracket && r.cur() == '<':
			r.sign = '-'
			r.pos++
		case r.cur() == '+':
			r.sign = '+'
			r.pos++
		}
	}
	if r.over() {
		return
	}
	read := false
	if c := r.cur(); isDigitByte(c) {
		if r.readDec && r.readPost == nf.post {
			return
		}
		r.number = append(r.number, c)
		if r.readDec {
			r.readPost++
		} else {
			r.readPre++
		}
		read = true
	} else if nf.decimal && !r.readDec && c == '.' {
		r.number = append(r.number, '.')
		r.readDec = true
		read = true
	}
	if r.over() {
		return
	}
	if r.sign != ' ' || r.readPre+r.readPost == 0 {
		return
	}
	switch {
	case nf.lsign != lsignNone && read && r.pos+1 < len(r.in) && !isDigitByte(r.at(r.pos+1)):
		// S is anchored after the last digit.
		if c := r.at(r.pos + 1); c == '-' || c == '+' {
			r.sign = c
			r.pos++
		}
	case !read && nf.lsign == lsignNone && (nf.plus || nf.minus):
		if c := r.cur(); c == '-' || c == '+' {
			r.sign = c
		}
	}
}

// toNumber is to_number(s, f): NULL for an empty template, as
// PostgreSQL's.
func toNumber(s, f string) (value.Value, error) {
	if f == "" {
		return value.None, nil
	}
	nf, err := parseNumFormat(f)
	if err != nil {
		return value.None, err
	}
	if nf.eeee {
		return value.None, errs.New(errs.FeatureNotSupported, `"EEEE" not supported for input`)
	}
	if nf.roman {
		return value.None, errs.New(errs.FeatureNotSupported, `"RN" not supported for input`)
	}
	r := &numReader{nf: nf, in: s, sign: ' '}
	for _, n := range nf.nodes {
		if r.over() {
			break
		}
		if n.key == "" {
			// Each literal character of the template passes one input
			// character, whatever it is.
			for range utf8.RuneCountInString(n.text) {
				if r.over() {
					break
				}
				r.skipChar()
			}
			continue
		}
		switch n.key {
		case "9", "0", ".", "D":
			r.numpart(n.key)
		case ",", "G":
			if nf.fill || r.cur() != ',' {
				continue
			}
		case "L":
			r.eatNonData(1)
			continue
		case "TH", "th":
			if !nf.decimal {
				r.eatNonData(2)
			}
			continue
		case "MI", "PL", "SG":
			c := r.cur()
			if c == '-' && n.key != "PL" || c == '+' && n.key != "MI" {
				r.sign = c
			} else {
				r.eatNonData(1)
				continue
			}
		default:
			continue
		}
		r.pos++
	}
	number := r.number
	if len(number) > 0 && number[len(number)-1] == '.' {
		number = number[:len(number)-1]
	}
	text := string(r.sign) + string(number)
	v, err := value.ParseText(text, value.TypeNumeric)
	if err != nil {
		return value.None, err
	}
	precision, scale := nf.pre+nf.multi+r.readPost, r.readPost
	if precision == 0 {
		// numeric(0, 0): only a zero fits.
		if !v.AsDecimal().IsZero() {
			return value.None, errs.New(errs.NumericValueOutOfRange, "numeric field overflow").
				WithDetail("A field with precision 0, scale 0 must round to an absolute value less than 1.")
		}
	} else if v, err = value.ConvertIn(v, value.Type{Kind: value.KindDecimal, Precision: precision, Scale: scale}, nil); err != nil {
		return value.None, err
	}
	if nf.multiplied {
		v = value.Decimal(shiftV(v.AsDecimal(), nf.multi))
	}
	return v, nil
}

// shiftV is V's division: d times 10^-multi as numeric_power computes
// it, to 16 decimal places (zero beyond them).
func shiftV(d *apd.Decimal, multi int) *apd.Decimal {
	var out apd.Decimal
	out.Negative = d.Negative
	out.Exponent = d.Exponent - 16
	if multi <= 16 {
		var scale apd.BigInt
		scale.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(16-multi)), nil)
		out.Coeff.Mul(&d.Coeff, &scale)
	}
	return &out
}
