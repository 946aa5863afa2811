package builtin

import (
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The fuzzystrmatch extension's functions, as PostgreSQL's
// fuzzystrmatch.c and levenshtein.c compute them: Levenshtein distances
// over characters (at most 255 of them a side), and soundex, difference
// and metaphone over the ASCII letters of a text's bytes (anything else
// separates, as in PostgreSQL's C locale).

// maxLevenshteinLen is MAX_LEVENSHTEIN_STRLEN, and metaphone's limit.
const maxLevenshteinLen = 255

// levenshtein is varstr_levenshtein_less_equal (maxD < 0: no bound,
// varstr_levenshtein): with a bound, a distance above it is some value
// above it, the one PostgreSQL's pruned matrix gives.
func levenshtein(source, target string, insC, delC, subC, maxD int64) (int64, error) {
	s, t := []rune(source), []rune(target)
	m, n := int64(len(s)), int64(len(t))
	if m == 0 {
		return n * insC, nil
	}
	if n == 0 {
		return m * delC, nil
	}
	if m > maxLevenshteinLen || n > maxLevenshteinLen {
		return 0, errs.New(errs.InvalidParameterValue, "levenshtein argument exceeds maximum length of %d characters", maxLevenshteinLen)
	}
	startColumn, stopColumn := int64(0), m+1
	if maxD >= 0 {
		netInserts := n - m
		minTheoD := netCost(netInserts, insC, delC)
		if minTheoD > maxD {
			return maxD + 1, nil
		}
		if insC+delC < subC {
			subC = insC + delC
		}
		maxTheoD := minTheoD + subC*min(m, n)
		if maxD >= maxTheoD {
			maxD = -1
		} else if insC+delC > 0 {
			// How much of the first row can still matter.
			slackD := maxD - minTheoD
			bestColumn := int64(0)
			if netInserts < 0 {
				bestColumn = -netInserts
			}
			stopColumn = bestColumn + slackD/(insC+delC) + 1
			if stopColumn > m {
				stopColumn = m + 1
			}
		}
	}
	m++
	n++
	prev, curr := make([]int64, m), make([]int64, m)
	for i := startColumn; i < stopColumn; i++ {
		prev[i] = i * delC
	}
	src := int64(0) // s[src:] is the source from the start column on
	for j := int64(1); j < n; j++ {
		if maxD >= 0 && stopColumn < m {
			prev[stopColumn] = maxD + 1
			stopColumn++
		}
		i := int64(1)
		if startColumn == 0 {
			curr[0] = j * insC
		} else {
			i = startColumn
		}
		if maxD < 0 {
			stopColumn = m
		}
		x := src
		for ; i < stopColumn; i++ {
			ins := prev[i] + insC
			del := curr[i-1] + delC
			sub := prev[i-1]
			if s[x] != t[j-1] {
				sub += subC
			}
			curr[i] = min(ins, del, sub)
			x++
		}
		prev, curr = curr, prev
		if maxD < 0 {
			continue
		}
		// The column where what is left of both strings is equal in
		// length; the bounds slide towards it while the cells beyond
		// cannot come within maxD.
		zp := j - (n - m)
		within := func(col int64) bool { return prev[col]+netCost(col-zp, insC, delC) <= maxD }
		for stopColumn > 0 && !within(stopColumn-1) {
			stopColumn--
		}
		for startColumn < stopColumn {
			if within(startColumn) {
				break
			}
			prev[startColumn] = maxD + 1
			curr[startColumn] = maxD + 1
			if startColumn != 0 {
				src++
			}
			startColumn++
		}
		if startColumn >= stopColumn {
			return maxD + 1, nil
		}
	}
	return prev[m-1], nil
}

// netCost is the least cost of net insertions (net > 0) or deletions
// (net < 0).
func netCost(net, insC, delC int64) int64 {
	if net > 0 {
		return net * insC
	}
	return -net * delC
}

// soundexCodes are the soundex digits of A to Z.
const soundexCodes = "01230120022455012623010202"

func asciiAlpha(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

func asciiUpper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func soundexCode(c byte) byte {
	if c = asciiUpper(c); c >= 'A' && c <= 'Z' {
		return soundexCodes[c-'A']
	}
	return c
}

// soundex is _soundex: the first letter and three digits, "" for a
// text without letters.
func soundex(s string) string {
	i := 0
	for i < len(s) && !asciiAlpha(s[i]) {
		i++
	}
	if i == len(s) {
		return ""
	}
	out := []byte{asciiUpper(s[i])}
	for i++; i < len(s) && len(out) < 4; i++ {
		if asciiAlpha(s[i]) && soundexCode(s[i]) != soundexCode(s[i-1]) {
			if c := soundexCode(s[i]); c != '0' {
				out = append(out, c)
			}
		}
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out)
}

// metaphoneCodes are the letter classes of A to Z: 1 vowel, 2 passed
// through (FJLMNR), 4 forms a diphthong before H (CGPST), 8 makes C
// and G soft (EIY), 16 keeps GH from becoming F (BDH).
var metaphoneCodes = [26]byte{1, 16, 4, 16, 9, 2, 4, 16, 9, 2, 0, 2, 2, 2, 1, 4, 0, 2, 4, 4, 1, 0, 0, 0, 8, 0}

func metaCode(c byte) byte {
	if c = asciiUpper(c); c >= 'A' && c <= 'Z' {
		return metaphoneCodes[c-'A']
	}
	return 0
}

// metaphone is _metaphone: up to maxPhonemes phonemes of word (its
// bytes; X is SH, 0 is TH).
func metaphone(word string, maxPhonemes int) string {
	at := func(i int) byte { // word[i] upper-cased, 0 beyond either end
		if i < 0 || i >= len(word) {
			return 0
		}
		return asciiUpper(word[i])
	}
	vowel := func(c byte) bool { return metaCode(c)&1 != 0 }
	out := make([]byte, 0, maxPhonemes)
	w := 0
	for ; !asciiAlpha(at(w)); w++ {
		if at(w) == 0 {
			return ""
		}
	}
	next := func() byte { return at(w + 1) }
	afterNext := func() byte {
		if next() == 0 {
			return 0
		}
		return at(w + 2)
	}
	// beforeIOA: the letter is followed by IO or IA (SH in -SIO-, -TIA-).
	beforeIOA := func() bool { return next() == 'I' && (afterNext() == 'O' || afterNext() == 'A') }
	ahead := func(n int) byte { // Look_Ahead_Letter: stops at the end
		i := w
		for k := 0; k < n && i < len(word); k++ {
			i++
		}
		return at(i)
	}
	switch at(w) {
	case 'A':
		if next() == 'E' {
			out = append(out, 'E')
			w += 2
		} else {
			out = append(out, 'A')
			w++
		}
	case 'G', 'K', 'P':
		if next() == 'N' {
			out = append(out, 'N')
			w += 2
		}
	case 'W':
		if next() == 'H' || next() == 'R' {
			out = append(out, next())
			w += 2
		} else if vowel(next()) {
			out = append(out, 'W')
			w += 2
		}
	case 'X':
		out = append(out, 'S')
		w++
	case 'E', 'I', 'O', 'U':
		out = append(out, at(w))
		w++
	}
	for ; at(w) != 0 && len(out) < maxPhonemes; w++ {
		c := at(w)
		if !asciiAlpha(c) {
			continue
		}
		prev := at(w - 1)
		if c == prev && c != 'C' {
			continue
		}
		skip := 0
		switch c {
		case 'B':
			if prev != 'M' {
				out = append(out, 'B')
			}
		case 'C':
			switch {
			case metaCode(next())&8 != 0:
				if afterNext() == 'A' && next() == 'I' {
					out = append(out, 'X')
				} else if prev != 'S' {
					out = append(out, 'S')
				}
			case next() == 'H':
				if afterNext() == 'R' || prev == 'S' {
					out = append(out, 'K')
				} else {
					out = append(out, 'X')
				}
				skip++
			default:
				out = append(out, 'K')
			}
		case 'D':
			if next() == 'G' && metaCode(afterNext())&8 != 0 {
				out = append(out, 'J')
				skip++
			} else {
				out = append(out, 'T')
			}
		case 'G':
			switch {
			case next() == 'H':
				if !(metaCode(at(w-3))&16 != 0 || at(w-4) == 'H') {
					out = append(out, 'F')
					skip++
				}
			case next() == 'N':
				if !(!asciiAlpha(afterNext()) || afterNext() == 'E' && ahead(3) == 'D') {
					out = append(out, 'K')
				}
			case metaCode(next())&8 != 0 && prev != 'G':
				out = append(out, 'J')
			default:
				out = append(out, 'K')
			}
		case 'H':
			if vowel(next()) && metaCode(prev)&4 == 0 {
				out = append(out, 'H')
			}
		case 'K':
			if prev != 'C' {
				out = append(out, 'K')
			}
		case 'P':
			if next() == 'H' {
				out = append(out, 'F')
			} else {
				out = append(out, 'P')
			}
		case 'Q':
			out = append(out, 'K')
		case 'S':
			switch {
			case beforeIOA():
				out = append(out, 'X')
			case next() == 'H':
				out = append(out, 'X')
				skip++
			case next() == 'C' && ahead(2) == 'H' && ahead(3) == 'W':
				out = append(out, 'X')
				skip += 2
			default:
				out = append(out, 'S')
			}
		case 'T':
			switch {
			case beforeIOA(): // -TIA-, -TIO-
				out = append(out, 'X')
			case next() == 'H':
				out = append(out, '0')
				skip++
			default:
				out = append(out, 'T')
			}
		case 'V':
			out = append(out, 'F')
		case 'W', 'Y': // before a vowel, else dropped
			if vowel(next()) {
				out = append(out, c)
			}
		case 'X':
			out = append(out, 'K')
			if len(out) < maxPhonemes {
				out = append(out, 'S')
			}
		case 'Z':
			out = append(out, 'S')
		case 'F', 'J', 'L', 'M', 'N', 'R':
			out = append(out, c)
		}
		w += skip
	}
	return string(out)
}

func fuzzystrmatchFuncs() []*Func {
	int4 := resultOf(value.TypeInt4)
	text := resultOf(value.TypeText)
	lev := func(bounded bool) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := sqlStrings(name, args, 0, 1)
			if err != nil {
				return value.None, err
			}
			nums := make([]int64, len(args)-2)
			for i := range nums {
				if nums[i], err = sqlInt(name, args, i+2); err != nil {
					return value.None, err
				}
			}
			costs, maxD := []int64{1, 1, 1}, int64(-1)
			if len(nums) >= 3 {
				costs = nums[:3]
			}
			if bounded {
				maxD = nums[len(nums)-1]
			}
			d, err := levenshtein(s[0], s[1], costs[0], costs[1], costs[2], maxD)
			if err != nil {
				return value.None, err
			}
			return value.IntW(int64(int32(d)), value.I32), nil
		}
	}
	levenshteinFn, lessEqualFn := lev(false), lev(true)
	return []*Func{
		sqlDef("levenshtein", 2, 5, "levenshtein(source, target [, ins_cost, del_cost, sub_cost]): the edit distance of two texts (fuzzystrmatch; at most 255 characters each).", int4,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if len(args) != 2 && len(args) != 5 {
					return value.None, noSQLFunc(name, args)
				}
				return levenshteinFn(name, c, args)
			}, ex("3", vs("kitten"), vs("sitting")), ex("5", vs("GUMBO"), vs("GAMBOL"), vi4(2), vi4(1), vi4(5))),
		sqlDef("levenshtein_less_equal", 3, 6, "levenshtein_less_equal(source, target [, ins_cost, del_cost, sub_cost], max_d): levenshtein when it is at most max_d, else a value above max_d (fuzzystrmatch).", int4,
			func(name string, c *Context, args []value.Value) (value.Value, error) {
				if len(args) != 3 && len(args) != 6 {
					return value.None, noSQLFunc(name, args)
				}
				return lessEqualFn(name, c, args)
			}, ex("3", vs("extensive"), vs("exhaustive"), vi4(2)), ex("4", vs("extensive"), vs("exhaustive"), vi4(4))),
		sqlDef("soundex", 1, 1, "soundex(text): the Soundex code of a text's ASCII letters (fuzzystrmatch).", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.String(soundex(s[0])), nil
			}, ex(`"A500"`, vs("Anne")), ex(`""`, vs("42"))),
		sqlDef("difference", 2, 2, "difference(text, text): how many of the two Soundex codes' four characters agree (fuzzystrmatch).", int4,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0, 1)
				if err != nil {
					return value.None, err
				}
				a, b := soundex(s[0]), soundex(s[1])
				n := 0
				for i := 0; i < 4; i++ {
					if i < len(a) && i < len(b) && a[i] == b[i] || i >= len(a) && i >= len(b) {
						n++
					}
				}
				return value.IntW(int64(n), value.I32), nil
			}, ex("4", vs("Anne"), vs("Ann")), ex("0", vs("Anne"), vs("Margaret"))),
		sqlDef("metaphone", 2, 2, "metaphone(text, max_output_length): the Metaphone code of a text's ASCII letters (fuzzystrmatch).", text,
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				n, err := sqlInt(name, args, 1)
				if err != nil {
					return value.None, err
				}
				switch {
				case s[0] == "":
					return value.String(""), nil
				case len(s[0]) > maxLevenshteinLen:
					return value.None, errs.New(errs.InvalidParameterValue, "argument exceeds the maximum length of %d bytes", maxLevenshteinLen)
				case n > maxLevenshteinLen:
					return value.None, errs.New(errs.InvalidParameterValue, "output exceeds the maximum length of %d bytes", maxLevenshteinLen)
				case n <= 0:
					return value.None, errs.New(errs.ZeroLengthCharacterString, "output cannot be empty string")
				}
				return value.String(metaphone(s[0], int(n))), nil
			}, ex(`"KMKM"`, vs("GUMBO computer"), vi4(4)), ex(`"0M"`, vs("Thomas"), vi4(2))),
		sqlDef("dmetaphone", 1, 1, "dmetaphone(text): the primary Double Metaphone code of a text's ASCII letters (fuzzystrmatch).", text,
			dmetaphoneFn(true), ex(`"TMS"`, vs("Thomas")), ex(`"KRST"`, vs("Christopher"))),
		sqlDef("dmetaphone_alt", 1, 1, "dmetaphone_alt(text): the alternate Double Metaphone code (fuzzystrmatch).", text,
			dmetaphoneFn(false), ex(`"TMS"`, vs("Thomas")), ex(`"SMT"`, vs("Schmidt"))),
	}
}

// dmetaphoneFn is dmetaphone (primary) or dmetaphone_alt.
func dmetaphoneFn(primary bool) func(string, *Context, []value.Value) (value.Value, error) {
	return func(name string, _ *Context, args []value.Value) (value.Value, error) {
		s, err := sqlStrings(name, args, 0)
		if err != nil {
			return value.None, err
		}
		p, alt := doubleMetaphone(s[0])
		if primary {
			return value.String(p), nil
		}
		return value.String(alt), nil
	}
}
