package builtin

import (
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The pg_trgm extension's trigram functions, as PostgreSQL's trgm_op.c
// computes them: a text's words (runs of letters and digits) are lower
// cased, padded with two spaces before and one after, and cut into
// every three consecutive characters; a trigram of other than three
// bytes is kept as three bytes of a CRC of it. Trigram sets are sorted
// as PostgreSQL sorts them on x86 (bytes as signed chars) and
// similarities are float4 divisions, so the results are PostgreSQL's
// to the last digit. Letters are Unicode's; PostgreSQL's follow the
// database's LC_CTYPE (the C locale takes ASCII letters and digits
// only).

// trgm is one trigram (trgm.h).
type trgm [3]byte

// compareTrgm is PostgreSQL's CMPTRGM with char signed.
func compareTrgm(a, b trgm) int {
	for i := range a {
		if x, y := int8(a[i]), int8(b[i]); x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// The bounds of a word's trigrams (TRGM_BOUND_LEFT, TRGM_BOUND_RIGHT).
const (
	trgmBoundLeft  uint8 = 1
	trgmBoundRight uint8 = 2
)

func trgmWordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// trigramsOnly is generate_trgm_only: the trigrams of s in text order,
// with repeats, and when bounds is set which start and end a word.
func trigramsOnly(s string, withBounds bool) ([]trgm, []uint8) {
	var out []trgm
	var bounds []uint8
	for len(s) > 0 {
		i := strings.IndexFunc(s, trgmWordChar)
		if i < 0 {
			break
		}
		s = s[i:]
		end := strings.IndexFunc(s, func(r rune) bool { return !trgmWordChar(r) })
		if end < 0 {
			end = len(s)
		}
		word := "  " + strings.ToLower(s[:end]) + " "
		s = s[end:]
		first := len(out)
		out = appendTrigrams(out, word)
		if withBounds {
			bounds = append(bounds, make([]uint8, len(out)-first)...)
			bounds[first] |= trgmBoundLeft
			bounds[len(out)-1] |= trgmBoundRight
		}
	}
	return out, bounds
}

// compactTrigram is compact_trigram: three one-byte characters as they
// are, anything longer as the low three bytes of PostgreSQL's legacy
// CRC-32 of it (the reflected table run the unreflected way).
func compactTrigram(s string) trgm {
	if len(s) == 3 {
		return trgm{s[0], s[1], s[2]}
	}
	crc := ^uint32(0)
	for i := 0; i < len(s); i++ {
		crc = crc32.IEEETable[((crc>>24)^uint32(s[i]))&0xff] ^ (crc << 8)
	}
	crc = ^crc
	return trgm{byte(crc), byte(crc >> 8), byte(crc >> 16)}
}

// trigrams is generate_trgm: the sorted set of s's trigrams.
func trigrams(s string) []trgm {
	t, _ := trigramsOnly(s, false)
	slices.SortFunc(t, compareTrgm)
	return slices.CompactFunc(t, func(a, b trgm) bool { return a == b })
}

// TrigramKeys are the distinct trigrams of s as strings of three bytes:
// the entries of s in a pg_trgm index (catalog.IndexTrgm).
func TrigramKeys(s string) []string {
	t := trigrams(s)
	out := make([]string, len(t))
	for i, x := range t {
		out[i] = string(x[:])
	}
	return out
}

// LikeTrigram is a trigram every text that matches LIKE (or ILIKE)
// pattern has, as TrigramKeys writes it: one of generate_wildcard_trgm's
// (a word of the pattern, padded only where it does not touch a
// wildcard), preferring one inside a word (no padding), which fewer
// texts have. "" when the pattern requires none ('%ab%').
func LikeTrigram(pattern string) string {
	var best string
	for _, part := range wildcardParts(pattern) {
		for _, x := range likeTrigrams(part) {
			k := string(x[:])
			if best == "" || strings.Contains(best, " ") && !strings.Contains(k, " ") {
				best = k
			}
		}
	}
	return best
}

// wildcardParts is get_wildcard_part over a whole LIKE pattern: its
// words (escapes taken out) with the padding of a word bound, "  " before
// and " " after, where no wildcard (% or _) touches the word.
func wildcardParts(pattern string) []string {
	var out []string
	s := pattern
	for s != "" {
		var b strings.Builder
		leadingWild, escape := false, false
		// Find the first word character, remembering whether a wildcard
		// came right before it.
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if escape {
				if trgmWordChar(r) {
					break
				}
				escape, leadingWild = false, false
			} else {
				if trgmWordChar(r) {
					break
				}
				switch r {
				case '\\':
					escape = true
				case '%', '_':
					leadingWild = true
				default:
					leadingWild = false
				}
			}
			i += n
		}
		if i >= len(s) {
			break
		}
		if !leadingWild {
			b.WriteString("  ")
		}
		trailingWild := false
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if escape {
				if !trgmWordChar(r) {
					i-- // back to the escape, where the next part starts
					break
				}
				b.WriteRune(r)
				escape = false
			} else if r == '\\' {
				escape = true
			} else if r == '%' || r == '_' {
				trailingWild = true
				break
			} else if trgmWordChar(r) {
				b.WriteRune(r)
			} else {
				break
			}
			i += n
		}
		if !trailingWild {
			b.WriteByte(' ')
		}
		out = append(out, b.String())
		s = s[max(i, 0):]
	}
	return out
}

// likeTrigrams are the trigrams of one padded wildcard part, lower
// cased (make_trigrams over str_tolower of it).
func likeTrigrams(part string) []trgm { return appendTrigrams(nil, strings.ToLower(part)) }

// appendTrigrams is make_trigrams: every three consecutive characters
// of s, compacted; none when s has fewer than three.
func appendTrigrams(out []trgm, s string) []trgm {
	var starts [3]int // the byte offsets of the window's characters
	n := 0
	for off := range s {
		if n < 3 {
			starts[n] = off
			n++
			continue
		}
		out = append(out, compactTrigram(s[starts[0]:off]))
		starts[0], starts[1], starts[2] = starts[1], starts[2], off
	}
	if n == 3 {
		out = append(out, compactTrigram(s[starts[0]:]))
	}
	return out
}

// calcSml is CALCSML: count / (len1 + len2 - count) in float4.
func calcSml(count, len1, len2 int) float32 {
	return float32(count) / float32(len1+len2-count)
}

// trgmSimilarity is similarity(a, b) (cnt_sml, exact).
func trgmSimilarity(a, b string) float32 {
	t1, t2 := trigrams(a), trigrams(b)
	if len(t1) == 0 || len(t2) == 0 {
		return 0
	}
	count := 0
	for i, j := 0, 0; i < len(t1) && j < len(t2); {
		switch c := compareTrgm(t1[i], t2[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			i, j, count = i+1, j+1, count+1
		}
	}
	return calcSml(count, len(t1), len(t2))
}

// wordSimilarity is calc_word_similarity: the greatest similarity of
// a's trigram set with a continuous extent of b's trigrams (one whose
// ends are word bounds when strict).
func wordSimilarity(a, b string, strict bool) float32 {
	t1, _ := trigramsOnly(a, false)
	t2, bounds := trigramsOnly(b, strict)
	type posTrgm struct {
		t     trgm
		index int
	}
	p := make([]posTrgm, 0, len(t1)+len(t2))
	for _, t := range t1 {
		p = append(p, posTrgm{t, -1})
	}
	for i, t := range t2 {
		p = append(p, posTrgm{t, i})
	}
	slices.SortFunc(p, func(x, y posTrgm) int {
		if c := compareTrgm(x.t, y.t); c != 0 {
			return c
		}
		return x.index - y.index
	})
	// trg2indexes[i] numbers b's i-th trigram among the distinct
	// trigrams; found tells which of those a has.
	trg2indexes := make([]int, len(t2))
	found := make([]bool, len(p))
	ulen1, j := 0, 0
	for i := range p {
		if i > 0 && p[i-1].t != p[i].t {
			if found[j] {
				ulen1++
			}
			j++
		}
		if p[i].index >= 0 {
			trg2indexes[p[i].index] = j
		} else {
			found[j] = true
		}
	}
	if len(p) > 0 && found[j] {
		ulen1++
	}
	return iterateWordSimilarity(trg2indexes, found, ulen1, bounds, strict)
}

// iterateWordSimilarity is iterate_word_similarity without the early
// exit of its check-only mode (whose answer against the threshold is
// the same).
func iterateWordSimilarity(trg2indexes []int, found []bool, ulen1 int, bounds []uint8, strict bool) float32 {
	lastpos := make([]int, len(found))
	for i := range lastpos {
		lastpos[i] = -1
	}
	ulen2, count, lower := 0, 0, -1
	if strict {
		lower = 0
	}
	var smlrMax float32
	for i, trgindex := range trg2indexes {
		if lower >= 0 || found[trgindex] {
			if lastpos[trgindex] < 0 {
				ulen2++
				if found[trgindex] {
					count++
				}
			}
			lastpos[trgindex] = i
		}
		isUpper := found[trgindex]
		if strict {
			isUpper = bounds[i]&trgmBoundRight != 0
		}
		if !isUpper {
			continue
		}
		upper := i
		if lower == -1 {
			lower, ulen2 = i, 1
		}
		smlrCur := calcSml(count, ulen1, ulen2)
		// Also try to move the lower bound up for a greater similarity.
		tmpCount, tmpUlen2, prevLower := count, ulen2, lower
		for tmpLower := lower; tmpLower <= upper; tmpLower++ {
			if !strict || bounds[tmpLower]&trgmBoundLeft != 0 {
				if s := calcSml(tmpCount, ulen1, tmpUlen2); s > smlrCur {
					smlrCur, ulen2, lower, count = s, tmpUlen2, tmpLower, tmpCount
				}
			}
			t := trg2indexes[tmpLower]
			if lastpos[t] == tmpLower {
				tmpUlen2--
				if found[t] {
					tmpCount--
				}
			}
		}
		smlrMax = max(smlrMax, smlrCur)
		for tmpLower := prevLower; tmpLower < lower; tmpLower++ {
			t := trg2indexes[tmpLower]
			if lastpos[t] == tmpLower {
				lastpos[t] = -1
			}
		}
	}
	return smlrMax
}

// showTrgm is show_trgm's element: the trigram's three characters when
// they are ASCII letters, digits or spaces, else its number in hex.
func showTrgm(t trgm) string {
	for _, c := range t {
		if c >= utf8.RuneSelf || !(c == ' ' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Sprintf("0x%06x", uint32(t[0])<<16|uint32(t[1])<<8|uint32(t[2]))
		}
	}
	return string(t[:])
}

// trgmThreshold reads a pg_trgm threshold setting's text (the
// translator passes current_setting's value).
func trgmThreshold(name string, args []value.Value, i int) (float64, error) {
	s, err := sqlStrings(name, args, i)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s[0]), 64)
	if err != nil {
		return 0, errs.New(errs.InvalidParameterValue, "invalid similarity threshold %q", s[0])
	}
	return f, nil
}

// trgmFuncs are pg_trgm's functions. The operators' functions that
// compare with a threshold setting (similarity_op, word_similarity_op,
// ...) take the setting's text as a third argument, which the SQL
// front end adds; the distances are float4 1 - similarity, as
// PostgreSQL computes them.
func trgmFuncs() []*Func {
	real := resultOf(value.TypeFloat4)
	boolean := resultOf(value.TypeBool)
	sim := func(f func(a, b string) float32) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := sqlStrings(name, args, 0, 1)
			if err != nil {
				return value.None, err
			}
			return value.Float32(f(s[0], s[1])), nil
		}
	}
	dist := func(f func(a, b string) float32) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := sqlStrings(name, args, 0, 1)
			if err != nil {
				return value.None, err
			}
			return value.Float32(float32(1.0 - float64(f(s[0], s[1])))), nil
		}
	}
	match := func(f func(a, b string) float32) func(string, *Context, []value.Value) (value.Value, error) {
		return func(name string, _ *Context, args []value.Value) (value.Value, error) {
			s, err := sqlStrings(name, args, 0, 1)
			if err != nil {
				return value.None, err
			}
			limit, err := trgmThreshold(name, args, 2)
			if err != nil {
				return value.None, err
			}
			return value.Bool(float64(f(s[0], s[1])) >= limit), nil
		}
	}
	word := func(a, b string) float32 { return wordSimilarity(a, b, false) }
	strict := func(a, b string) float32 { return wordSimilarity(a, b, true) }
	swap := func(f func(a, b string) float32) func(a, b string) float32 {
		return func(a, b string) float32 { return f(b, a) }
	}
	return []*Func{
		sqlDef("similarity", 2, 2, "similarity(text, text): how alike two texts are by their trigrams, 0 to 1 (pg_trgm).", real,
			sim(trgmSimilarity), ex("0.36363637", vs("word"), vs("two words")), ex("1", vs("Cat"), vs("cat!")), ex("0", vs(""), vs("")), ex("0", vs("x"), vs(""))),
		sqlDef("word_similarity", 2, 2, "word_similarity(text, text): the greatest similarity of the first text's trigrams with an extent of the second's (pg_trgm).", real,
			sim(word), ex("0.8", vs("word"), vs("two words")), ex("1", vs("Kabankala"), vs("Kabankala Khabarovsk"))),
		sqlDef("strict_word_similarity", 2, 2, "strict_word_similarity(text, text): word_similarity with the extent's ends at word bounds (pg_trgm).", real,
			sim(strict), ex("0.5714286", vs("word"), vs("two words"))),
		sqlDef("show_trgm", 1, 1, "show_trgm(text): the text's trigrams (pg_trgm).", resultOf(value.ArrayOf(value.TypeText)),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				t := trigrams(s[0])
				out := make([]value.Value, len(t))
				for i, x := range t {
					out[i] = value.String(showTrgm(x))
				}
				return value.List(out), nil
			}, ex(`["  c", " ca", "at ", "cat"]`, vs("Cat"))),
		sqlDef("trgm_like_key", 1, 1, "trgm_like_key(pattern): a trigram every text matching LIKE pattern has (\"\" when there is none); the optimizer's, for pg_trgm index scans.", resultOf(value.TypeText),
			func(name string, _ *Context, args []value.Value) (value.Value, error) {
				s, err := sqlStrings(name, args, 0)
				if err != nil {
					return value.None, err
				}
				return value.String(LikeTrigram(s[0])), nil
			}, ex(`"quo"`, vs("%quot%")), ex(`""`, vs("%ab%")), ex(`"  a"`, vs("ab%"))),
		sqlDef("similarity_dist", 2, 2, "similarity_dist(text, text): 1 - similarity, the <-> operator (pg_trgm).", real, dist(trgmSimilarity), ex("0.6363636", vs("word"), vs("two words"))),
		sqlDef("word_similarity_dist_op", 2, 2, "word_similarity_dist_op(text, text): 1 - word_similarity, the <<-> operator (pg_trgm).", real, dist(word), ex("0.19999999", vs("word"), vs("two words"))),
		sqlDef("word_similarity_dist_commutator_op", 2, 2, "word_similarity_dist_commutator_op(a, b): 1 - word_similarity(b, a), the <->> operator (pg_trgm).", real, dist(swap(word)), ex("0.19999999", vs("two words"), vs("word"))),
		sqlDef("strict_word_similarity_dist_op", 2, 2, "strict_word_similarity_dist_op(text, text): 1 - strict_word_similarity, the <<<-> operator (pg_trgm).", real, dist(strict), ex("0.4285714", vs("word"), vs("two words"))),
		sqlDef("strict_word_similarity_dist_commutator_op", 2, 2, "strict_word_similarity_dist_commutator_op(a, b): 1 - strict_word_similarity(b, a), the <->>> operator (pg_trgm).", real, dist(swap(strict)), ex("0.4285714", vs("two words"), vs("word"))),
		sqlDef("similarity_op", 3, 3, "similarity_op(a, b, threshold): similarity(a, b) >= threshold, the % operator (pg_trgm; SQL passes pg_trgm.similarity_threshold).", boolean,
			match(trgmSimilarity), ex("true", vs("word"), vs("words"), vs("0.3"))),
		sqlDef("word_similarity_op", 3, 3, "word_similarity_op(a, b, threshold): the <% operator (pg_trgm).", boolean, match(word), ex("true", vs("word"), vs("two words"), vs("0.6"))),
		sqlDef("word_similarity_commutator_op", 3, 3, "word_similarity_commutator_op(a, b, threshold): the %> operator (pg_trgm).", boolean, match(swap(word)), ex("true", vs("two words"), vs("word"), vs("0.6"))),
		sqlDef("strict_word_similarity_op", 3, 3, "strict_word_similarity_op(a, b, threshold): the <<% operator (pg_trgm).", boolean, match(strict), ex("false", vs("word"), vs("two words"), vs("0.6"))),
		sqlDef("strict_word_similarity_commutator_op", 3, 3, "strict_word_similarity_commutator_op(a, b, threshold): the %>> operator (pg_trgm).", boolean, match(swap(strict)), ex("true", vs("two words"), vs("word"), vs("0.5"))),
	}
}
