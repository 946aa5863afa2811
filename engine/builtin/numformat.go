package builtin

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// to_char of a number follows PostgreSQL's template language (9 0 . , D G
// S MI PL SG PR FM L V EEEE TH RN and quoted text) with the C locale's
// symbols, and reproduces its layout rules, which are not obvious: a sign
// position is reserved before the digits unless the template places the
// sign, digits that do not fit turn every digit position into '#', a
// leading zero of a fraction is blank (' .50'), and FM drops padding and
// trailing fractional zeros but keeps the decimal point ('5.').

// numFormat is a parsed number template.
type numFormat struct {
	nodes []numNode
	// pre and post count the digit positions before and after the
	// decimal point; multi those after V.
	pre, post, multi int
	// zeroStart is the 0-based digit position of the first 0 before the
	// decimal point (when zero is set), from where leading zeros print;
	// zeroEnd the count of digit positions up to the last 0 anywhere.
	zero               bool
	zeroStart, zeroEnd int
	decimal, fill      bool
	// lsign: S before (lsignPre) or after (lsignPost) the digits; preAtS
	// the integer digit positions before a leading S.
	lsign, preAtS           int
	minus, plus, bracket    bool
	roman, eeee, multiplied bool
	// spell is SP, which to_char refuses and to_number passes over.
	spell bool
}

const (
	lsignNone = iota
	lsignPre
	lsignPost
)

// numNode is one element of a template: a keyword or literal text.
type numNode struct {
	key  string // "9", "0", ".", "D", ",", "G", "S", "MI", "PL", "SG", "PR", "L", "V", "TH", "th", "RN", "rn", "FM", "EEEE", "B"
	text string // literal text when key is ""
}

// numKeywords are the template's keywords, longest first where one is a
// prefix of another; matching ignores case except for TH and RN, whose
// case picks the output's.
var numKeywords = []string{"EEEE", "FM", "MI", "PL", "PR", "RN", "SG", "SP", "TH", "9", "0", ".", ",", "B", "D", "G", "L", "S", "V"}

func parseNumFormat(f string) (*numFormat, error) {
	nf := &numFormat{}
	literal := func(s string) {
		if n := len(nf.nodes); n > 0 && nf.nodes[n-1].key == "" {
			nf.nodes[n-1].text += s
			return
		}
		nf.nodes = append(nf.nodes, numNode{text: s})
	}
	for i := 0; i < len(f); {
		c := f[i]
		if c == '"' {
			j := i + 1
			var b strings.Builder
			for j < len(f) && f[j] != '"' {
				if f[j] == '\\' && j+1 < len(f) {
					j++
				}
				b.WriteByte(f[j])
				j++
			}
			literal(b.String())
			i = j + 1
			continue
		}
		if c == '\\' && i+1 < len(f) && f[i+1] == '"' {
			literal(`"`)
			i += 2
			continue
		}
		key := ""
		for _, k := range numKeywords {
			if len(f)-i >= len(k) && strings.EqualFold(f[i:i+len(k)], k) {
				key = k
				break
			}
		}
		if key == "" {
			literal(f[i : i+1])
			i++
			continue
		}
		src := f[i : i+len(key)]
		i += len(key)
		switch key {
		case "TH", "RN":
			if src[0] >= 'a' {
				key = strings.ToLower(key)
			}
		case "SP":
			nf.spell = true
		}
		if err := nf.add(key); err != nil {
			return nil, err
		}
		nf.nodes = append(nf.nodes, numNode{key: key})
	}
	return nf, nil
}

func numFormatError(msg string) error {
	return errs.New(errs.SyntaxError, "%s", msg)
}

// add records what keyword key says about the number's layout, with
// PostgreSQL's refusals of contradictory templates.
func (nf *numFormat) add(key string) error {
	if nf.eeee {
		return numFormatError(`"EEEE" must be the last pattern used`)
	}
	switch key {
	case "9", "0":
		if nf.bracket {
			return numFormatError(`"` + key + `" must be ahead of "PR"`)
		}
		if nf.multiplied {
			nf.multi++
			break
		}
		if key == "0" && !nf.zero && !nf.decimal {
			nf.zero = true
			nf.zeroStart = nf.pre
		}
		if nf.decimal {
			nf.post++
		} else {
			nf.pre++
		}
		if key == "0" {
			nf.zeroEnd = nf.pre + nf.post
		}
	case ".", "D":
		if nf.decimal {
			return numFormatError("multiple decimal points")
		}
		if nf.multiplied {
			return numFormatError(`cannot use "V" and decimal point together`)
		}
		nf.decimal = true
	case "FM":
		nf.fill = true
	case "S":
		if nf.lsign != lsignNone {
			return numFormatError(`cannot use "S" twice`)
		}
		if nf.plus || nf.minus || nf.bracket {
			return numFormatError(`cannot use "S" and "PL"/"MI"/"SG"/"PR" together`)
		}
		nf.lsign = lsignPost
		if !nf.decimal {
			nf.lsign = lsignPre
			// An S after every integer digit position is a trailing
			// sign after all (toCharNumber).
			nf.preAtS = nf.pre
		}
	case "MI", "PL", "SG":
		if nf.lsign != lsignNone {
			return numFormatError(`cannot use "S" and "` + key + `" together`)
		}
		nf.minus = nf.minus || key != "PL"
		nf.plus = nf.plus || key != "MI"
	case "PR":
		if nf.lsign != lsignNone || nf.plus || nf.minus {
			return numFormatError(`cannot use "PR" and "S"/"PL"/"MI"/"SG" together`)
		}
		nf.bracket = true
	case "RN", "rn":
		nf.roman = true
	case "V":
		if nf.decimal {
			return numFormatError(`cannot use "V" and decimal point together`)
		}
		nf.multiplied = true
	case "EEEE":
		if nf.eeee {
			return numFormatError(`cannot use "EEEE" twice`)
		}
		if nf.fill || nf.lsign != lsignNone || nf.bracket || nf.minus || nf.plus || nf.roman || nf.multiplied {
			return numFormatError(`"EEEE" is incompatible with other formats`)
		}
		nf.eeee = true
	}
	return nil
}

// toCharNumber is to_char of a number (an integer, a float or a numeric)
// by template f.
func toCharNumber(v value.Value, f string) (string, error) {
	nf, err := parseNumFormat(f)
	if err != nil {
		return "", err
	}
	if nf.spell {
		// PostgreSQL's SP (spell out) is not implemented there either
		// for numbers.
		return "", errs.New(errs.FeatureNotSupported, `"SP" not supported`)
	}
	floatBits := 0
	if v.Kind() == value.KindFloat {
		floatBits = 64
		if v.FloatBits() == 32 {
			floatBits = 32
		}
	}
	if nf.roman {
		return nf.romanOf(v)
	}
	if nf.eeee {
		return sciOf(v, nf.pre, nf.post)
	}
	pre, post := nf.pre, nf.post
	var number string
	neg := false
	if floatBits != 0 {
		x := v.AsFloat()
		if nf.multiplied {
			x *= math.Pow(10, float64(nf.multi))
			pre += nf.multi
		}
		// PostgreSQL prints a float's digits only as far as they are
		// significant (15 for double precision, 6 for real).
		digits := 15
		if floatBits == 32 {
			digits = 6
		}
		switch {
		case math.IsNaN(x):
			number = "NaN"
		case math.IsInf(x, 0):
			number = "Infinity"
		default:
			number = strconv.FormatFloat(math.Abs(x), 'f', 0, 64)
		}
		if len(number) >= digits {
			post = 0
		} else if len(number)+post > digits {
			post = digits - len(number)
		}
		switch {
		case math.IsInf(x, -1):
			number = "-Infinity"
		case !math.IsNaN(x) && !math.IsInf(x, 0):
			number = strconv.FormatFloat(x, 'f', post, 64)
		}
	} else {
		d, ok := decimalOf(v)
		if !ok {
			return "", errs.New(errs.UndefinedFunction, "function to_char(%s, text) does not exist", value.TypeOf(v).SQLName())
		}
		if nf.multiplied {
			m := new(apd.Decimal)
			m.Set(d)
			m.Exponent += int32(nf.multi)
			d = m
			pre += nf.multi
		}
		switch d.Form {
		case apd.NaN, apd.NaNSignaling:
			number = "NaN"
		case apd.Infinite:
			number = "Infinity"
			if d.Negative {
				number = "-Infinity"
			}
		case apd.Finite:
			if int64(d.NumDigits())+int64(d.Exponent) > int64(pre) {
				// Too wide however it rounds: no need to print its
				// (possibly very many) digits.
				neg, number = d.Negative, overflowed(pre, post)
				break
			}
			fallthrough
		default:
			r, err := value.RoundDecimal(d, post)
			if err != nil {
				return "", err
			}
			if r.IsZero() {
				r.Negative = false
			}
			number = r.Text('f')
		}
	}
	if strings.HasPrefix(number, "-") {
		neg, number = true, number[1:]
	}
	whole := strings.IndexByte(number, '.')
	if whole < 0 {
		whole = len(number)
	}
	outPre := 0
	switch {
	case whole < pre:
		outPre = pre - whole
	case whole > pre:
		number = overflowed(pre, post)
	}
	return nf.render(pre, post, neg, number, outPre), nil
}

// decimalOf is an integer's or a numeric's exact value.
func decimalOf(v value.Value) (*apd.Decimal, bool) {
	switch v.Kind() {
	case value.KindInt:
		return apd.New(v.AsInt(), 0), true
	case value.KindDecimal:
		return v.AsDecimal(), true
	}
	return nil, false
}

// overflowed is the digits of a number too wide for the template: '#'
// in every position.
func overflowed(pre, post int) string {
	return strings.Repeat("#", pre) + "." + strings.Repeat("#", post)
}

// sciOf is to_char's EEEE form: a numeric's significand is its value over
// 10^exponent, the exponent taken before rounding (so 999.995 is
// 10.00e+02, as PostgreSQL prints it); an integer or float goes through C's
// %e. A positive number gets a leading space.
func sciOf(v value.Value, pre, post int) (string, error) {
	var s string
	if d, ok := decimalOf(v); ok && v.Kind() == value.KindDecimal {
		if d.Form != apd.Finite {
			return sciOverflow(pre, post), nil
		}
		exp := 0
		if !d.IsZero() {
			exp = int(d.NumDigits()) + int(d.Exponent) - 1
		}
		sig := new(apd.Decimal)
		sig.Set(d)
		sig.Exponent -= int32(exp)
		r, err := value.RoundDecimal(sig, post)
		if err != nil {
			return "", err
		}
		sign := "+"
		if exp < 0 {
			sign = "-"
		}
		e := strconv.Itoa(abs(exp))
		if len(e) < 2 {
			e = "0" + e
		}
		s = r.Text('f') + "e" + sign + e
	} else {
		var x float64
		if v.Kind() == value.KindInt {
			x = float64(v.AsInt())
		} else {
			x = v.AsFloat()
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return sciOverflow(pre, post), nil
		}
		s = strconv.FormatFloat(x, 'e', post, 64)
	}
	if !strings.HasPrefix(s, "-") {
		s = " " + s
	}
	return s, nil
}

// sciOverflow is EEEE's output for NaN and infinity: '#' where the
// digits, the exponent and its sign would be.
func sciOverflow(pre, post int) string {
	return " " + strings.Repeat("#", pre) + "." + strings.Repeat("#", post+4)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// render lays out number (its digits without sign, '.' included when the
// template has decimals, or '#'s) by the template, as PostgreSQL's
// NUM_processor does for to_char: pre is the template's integer digit
// positions (V's included) and post the fractional ones (fewer than the
// template's for a float's insignificant digits), outPre the leading
// integer positions the number leaves blank.
func (nf *numFormat) render(pre, post int, neg bool, number string, outPre int) string {
	var b strings.Builder
	sign := byte('+')
	if neg {
		sign = '-'
	}
	bracket, lsign := nf.bracket, nf.lsign
	var signWrote bool
	if nf.plus || nf.minus {
		// MI, PL and SG write the sign where they stand; only PL alone
		// leaves a minus to the digits.
		signWrote = !(nf.plus && !nf.minus)
	} else {
		if sign != '-' && nf.fill {
			bracket = false
		}
		signWrote = sign == '+' && nf.fill && lsign == lsignNone
		if lsign == lsignPre && pre == nf.preAtS {
			lsign = lsignPost
		}
	}
	// lastRelevant is the last digit FM keeps after the decimal point
	// (the point itself when every fractional digit is a zero, or the
	// last one a 0 of the template asks for); -1 without FM.
	lastRelevant := -1
	if nf.fill && nf.decimal {
		if dot := strings.IndexByte(number, '.'); dot >= 0 {
			lastRelevant = dot
			for i := dot + 1; i < len(number); i++ {
				if number[i] != '0' {
					lastRelevant = i
				}
			}
			if nf.zeroEnd > outPre {
				if z := min(len(number)-1, nf.zeroEnd-outPre); lastRelevant < z {
					lastRelevant = z
				}
			}
		}
	}
	relevantDot := lastRelevant >= 0 && number[lastRelevant] == '.'
	numCount := post + pre - 1
	if !signWrote && outPre == 0 {
		numCount++
	}
	numIn := false
	curr, p := 0, 0
	// predecSpace: the number's leading zero before a decimal point
	// (0.5 with 9.9) is blank unless the template asks for zeros.
	predecSpace := func() bool {
		return !nf.zero && p == 0 && len(number) > 0 && number[0] == '0' && post != 0
	}
	digit := func(key string) {
		numIn = false
		if !signWrote && (curr >= outPre || (nf.zero && nf.zeroStart == curr)) && (!predecSpace() || relevantDot) {
			switch {
			case lsign != lsignNone:
				if lsign == lsignPre {
					b.WriteByte(sign)
					signWrote = true
				}
			case bracket:
				if sign == '+' {
					b.WriteByte(' ')
				} else {
					b.WriteByte('<')
				}
				signWrote = true
			case sign == '+':
				if !nf.fill {
					b.WriteByte(' ')
				}
				signWrote = true
			default:
				b.WriteByte('-')
				signWrote = true
			}
		}
		switch {
		case curr < outPre && (nf.zeroStart > curr || !nf.zero):
			if !nf.fill {
				b.WriteByte(' ')
			}
		case nf.zero && curr < outPre && nf.zeroStart <= curr:
			b.WriteByte('0')
			numIn = true
		default:
			switch {
			case p < len(number) && number[p] == '.':
				b.WriteByte('.')
			case lastRelevant >= 0 && p > lastRelevant && key != "0":
			case predecSpace():
				if !nf.fill {
					b.WriteByte(' ')
				} else if relevantDot {
					b.WriteByte('0')
				}
			case p < len(number):
				b.WriteByte(number[p])
				numIn = true
			}
			if p < len(number) {
				p++
			}
		}
		end := numCount
		if outPre > 0 {
			end++
		}
		if nf.decimal {
			end++
		}
		if lastRelevant >= 0 && lastRelevant == p {
			end = curr
		}
		if curr+1 == end {
			switch {
			case signWrote && bracket:
				if sign == '+' {
					b.WriteByte(' ')
				} else {
					b.WriteByte('>')
				}
			case lsign == lsignPost:
				b.WriteByte(sign)
			}
		}
		curr++
	}
	for _, n := range nf.nodes {
		switch n.key {
		case "":
			b.WriteString(n.text)
		case "9", "0", ".", "D":
			digit(n.key)
		case ",", "G":
			if numIn {
				b.WriteByte(',')
			} else if !nf.fill {
				b.WriteByte(' ')
			}
		case "L":
			b.WriteByte(' ')
		case "TH", "th":
			if number != "" && number[0] != '#' && sign != '-' && !nf.decimal {
				b.WriteString(ordinalSuffix(number, n.key == "TH"))
			}
		case "MI":
			if sign == '-' {
				b.WriteByte('-')
			} else if !nf.fill {
				b.WriteByte(' ')
			}
		case "PL":
			if sign == '+' {
				b.WriteByte('+')
			} else if !nf.fill {
				b.WriteByte(' ')
			}
		case "SG":
			b.WriteByte(sign)
		}
	}
	return b.String()
}

// ordinalSuffix is English's suffix for the integer whose digits are
// number: st, nd, rd, or th (11th to 13th too).
func ordinalSuffix(number string, upper bool) string {
	s := "th"
	last := number[len(number)-1]
	if len(number) < 2 || number[len(number)-2] != '1' {
		switch last {
		case '1':
			s = "st"
		case '2':
			s = "nd"
		case '3':
			s = "rd"
		}
	}
	if upper {
		return strings.ToUpper(s)
	}
	return s
}

// romanOf is to_char's RN: the number rounded to an integer in Roman
// numerals, right-aligned in 15 characters (FM: not padded); outside 1 to
// 3999, fifteen '#'.
func (nf *numFormat) romanOf(v value.Value) (string, error) {
	var n int64
	ok := true
	switch v.Kind() {
	case value.KindFloat:
		x := math.Round(v.AsFloat())
		ok = x >= 1 && x <= 3999
		n = int64(x)
	default:
		d, isNum := decimalOf(v)
		if !isNum {
			return "", errs.New(errs.UndefinedFunction, "function to_char(%s, text) does not exist", value.TypeOf(v).SQLName())
		}
		r, err := value.RoundDecimal(d, 0)
		if err != nil {
			return "", err
		}
		i, err := r.Int64()
		ok = err == nil && i >= 1 && i <= 3999
		n = i
	}
	roman := strings.Repeat("#", 15)
	if ok {
		roman = toRoman(n)
	}
	var b strings.Builder
	for _, node := range nf.nodes {
		switch node.key {
		case "":
			b.WriteString(node.text)
		case "RN", "rn":
			r := roman
			if node.key == "rn" {
				r = strings.ToLower(r)
			}
			if !nf.fill {
				r = strings.Repeat(" ", max(0, 15-len(r))) + r
			}
			b.WriteString(r)
		}
	}
	return b.String(), nil
}

func toRoman(n int64) string {
	var b strings.Builder
	for _, s := range []struct {
		v int64
		r string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= s.v {
			b.WriteString(s.r)
			n -= s.v
		}
	}
	return b.String()
}
