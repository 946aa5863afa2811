package session

import (
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// hintSQLTypo helps a user whose SQL started with a misspelt keyword: the
// message went to the ZQL front end (docs/languages.md), which reports an
// unknown name at position 1. When that first word is one or two edits
// away from a SQL lead word, the error gets a hint naming it.
func hintSQLTypo(text string, err error) error {
	e := errs.From(err)
	if e.Hint != "" || (e.Code != errs.UndefinedFunction && e.Code != errs.UndefinedColumn && e.Code != errs.UndefinedTable && e.Code != errs.SyntaxError) {
		return err
	}
	i := skipSpaceAndComments(text, 0)
	j := i
	for j < len(text) && isWordByte(text[j]) {
		j++
	}
	if j-i < 3 {
		return err
	}
	word := strings.ToLower(text[i:j])
	best, bestDist := "", 3
	for kw, ok := range sqlLeadWords {
		if !ok || len(kw) < 4 {
			continue
		}
		if d := editDistance(word, kw); d > 0 && (d < bestDist || d == bestDist && kw < best) {
			best, bestDist = kw, d
		}
	}
	if best == "" || bestDist > 2 {
		return err
	}
	return e.WithHint("Did you mean the SQL keyword %s? This message was read as ZQL because it does not start with one.", strings.ToUpper(best))
}

// editDistance is the optimal-string-alignment distance of a and b: the
// Levenshtein distance with a swap of two neighbours counting as one edit,
// the commonest typo.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
