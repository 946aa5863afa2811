package builtin

import "strings"

// doubleMetaphone is PostgreSQL's DoubleMetaphone (fuzzystrmatch's
// dmetaphone.c, from Text::DoubleMetaphone): the primary and alternate
// codes of str, four characters at most each. It reads str's bytes,
// upper-cased as in the C locale (ASCII letters), padded with five
// spaces so that it may look past the end.
func doubleMetaphone(str string) (string, string) {
	length := len(str)
	last := length - 1
	o := dmWord(asciiUpperString(str) + "     ")
	var primary, secondary strings.Builder
	add := func(p, s string) {
		primary.WriteString(p)
		secondary.WriteString(s)
	}
	both := func(x string) { add(x, x) }
	current := 0
	if o.at(0, "GN", "KN", "PN", "WR", "PS") {
		current++
	}
	if o.get(0) == 'X' {
		both("S") // initial X is pronounced Z, e.g. Xavier
		current++
	}
	slavo := o.slavoGermanic()
	for primary.Len() < 4 || secondary.Len() < 4 {
		if current >= length {
			break
		}
		switch c := o.get(current); c {
		case 'A', 'E', 'I', 'O', 'U', 'Y':
			if current == 0 {
				both("A") // all initial vowels map to A
			}
			current++
		case 'B':
			both("P")
			current += o.step(current+1, "B")
		case '\xc7': // C with cedilla, as Latin-1
			both("S")
			current++
		case 'C':
			current += o.metaphoneC(current, add, both)
		case 'D':
			switch {
			case o.at(current, "DG"):
				if o.at(current+2, "I", "E", "Y") {
					both("J") // edge
					current += 3
				} else {
					both("TK") // edgar
					current += 2
				}
			case o.at(current, "DT", "DD"):
				both("T")
				current += 2
			default:
				both("T")
				current++
			}
		case 'F':
			current += o.step(current+1, "F")
			both("F")
		case 'G':
			current += o.metaphoneG(current, slavo, add, both)
		case 'H':
			// Kept only first or between vowels, and before a vowel.
			if (current == 0 || o.vowel(current-1)) && o.vowel(current+1) {
				both("H")
				current += 2
			} else {
				current++
			}
		case 'J':
			if o.at(current, "JOSE") || o.at(0, "SAN ") {
				if current == 0 && o.get(current+4) == ' ' || o.at(0, "SAN ") {
					both("H")
				} else {
					add("J", "H")
				}
				current++
				break
			}
			switch {
			case current == 0 && !o.at(current, "JOSE"):
				add("J", "A") // Yankelovich/Jankelowicz
			case o.vowel(current-1) && !slavo && (o.get(current+1) == 'A' || o.get(current+1) == 'O'):
				add("J", "H") // spanish, e.g. bajador
			case current == last:
				add("J", "")
			case !o.at(current+1, "L", "T", "K", "S", "N", "M", "B", "Z") && !o.at(current-1, "S", "K", "L"):
				both("J")
			}
			current += o.step(current+1, "J")
		case 'K':
			current += o.step(current+1, "K")
			both("K")
		case 'L':
			if o.get(current+1) == 'L' {
				// spanish, e.g. cabrillo, gallegos
				if current == length-3 && o.at(current-1, "ILLO", "ILLA", "ALLE") ||
					(o.at(last-1, "AS", "OS") || o.at(last, "A", "O")) && o.at(current-1, "ALLE") {
					add("L", "")
					current += 2
					break
				}
				current += 2
			} else {
				current++
			}
			both("L")
		case 'M':
			if o.at(current-1, "UMB") && (current+1 == last || o.at(current+2, "ER")) || o.get(current+1) == 'M' {
				current += 2 // dumb, thumb
			} else {
				current++
			}
			both("M")
		case 'N':
			current += o.step(current+1, "N")
			both("N")
		case '\xd1': // N with tilde, as Latin-1
			current++
			both("N")
		case 'P':
			if o.get(current+1) == 'H' {
				both("F")
				current += 2
				break
			}
			current += o.step(current+1, "P", "B") // campbell, raspberry
			both("P")
		case 'Q':
			current += o.step(current+1, "Q")
			both("K")
		case 'R':
			// french, e.g. rogier, but not hochmeier
			if current == last && !slavo && o.at(current-2, "IE") && !o.at(current-4, "ME", "MA") {
				add("", "R")
			} else {
				both("R")
			}
			current += o.step(current+1, "R")
		case 'S':
			current += o.metaphoneS(current, last, slavo, add, both)
		case 'T':
			switch {
			case o.at(current, "TION"):
				both("X")
				current += 3
			case o.at(current, "TIA", "TCH"):
				both("X")
				current += 3
			case o.at(current, "TH") || o.at(current, "TTH"):
				// thomas, thames, or germanic
				if o.at(current+2, "OM", "AM") || o.at(0, "VAN ", "VON ") || o.at(0, "SCH") {
					both("T")
				} else {
					add("0", "T")
				}
				current += 2
			default:
				current += o.step(current+1, "T", "D")
				both("T")
			}
		case 'V':
			current += o.step(current+1, "V")
			both("F")
		case 'W':
			if o.at(current, "WR") {
				both("R")
				current += 2
				break
			}
			if current == 0 && (o.vowel(current+1) || o.at(current, "WH")) {
				if o.vowel(current + 1) {
					add("A", "F") // Wasserman and Vasserman
				} else {
					both("A") // Uomo and Womo
				}
			}
			// Arnow and Arnoff
			if current == last && o.vowel(current-1) || o.at(current-1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || o.at(0, "SCH") {
				add("", "F")
				current++
				break
			}
			if o.at(current, "WICZ", "WITZ") { // polish, e.g. filipowicz
				add("TS", "FX")
				current += 4
				break
			}
			current++
		case 'X':
			// french, e.g. breaux
			if !(current == last && (o.at(current-3, "IAU", "EAU") || o.at(current-2, "AU", "OU"))) {
				both("KS")
			}
			current += o.step(current+1, "C", "X")
		case 'Z':
			if o.get(current+1) == 'H' { // chinese pinyin, e.g. zhao
				both("J")
				current += 2
				break
			}
			if o.at(current+1, "ZO", "ZI", "ZA") || slavo && current > 0 && o.get(current-1) != 'T' {
				add("S", "TS")
			} else {
				both("S")
			}
			current += o.step(current+1, "Z")
		default:
			current++
		}
	}
	p, s := primary.String(), secondary.String()
	return p[:min(len(p), 4)], s[:min(len(s), 4)]
}

// metaphoneC is DoubleMetaphone's case C: how far to move on.
func (o dmWord) metaphoneC(current int, add func(p, s string), both func(string)) int {
	// various germanic
	if current > 1 && !o.vowel(current-2) && o.at(current-1, "ACH") &&
		o.get(current+2) != 'I' && (o.get(current+2) != 'E' || o.at(current-2, "BACHER", "MACHER")) {
		both("K")
		return 2
	}
	if current == 0 && o.at(current, "CAESAR") {
		both("S")
		return 2
	}
	if o.at(current, "CHIA") { // italian chianti
		both("K")
		return 2
	}
	if o.at(current, "CH") {
		if current > 0 && o.at(current, "CHAE") { // michael
			add("K", "X")
			return 2
		}
		// greek roots, e.g. chemistry, chorus
		if current == 0 && (o.at(current+1, "HARAC", "HARIS") || o.at(current+1, "HOR", "HYM", "HIA", "HEM")) && !o.at(0, "CHORE") {
			both("K")
			return 2
		}
		// germanic, greek, or otherwise ch for kh
		if o.at(0, "VAN ", "VON ") || o.at(0, "SCH") ||
			o.at(current-2, "ORCHES", "ARCHIT", "ORCHID") ||
			o.at(current+2, "T", "S") ||
			(o.at(current-1, "A", "O", "U", "E") || current == 0) &&
				o.at(current+2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") {
			both("K")
		} else if current > 0 {
			if o.at(0, "MC") { // McHugh
				both("K")
			} else {
				add("X", "K")
			}
		} else {
			both("X")
		}
		return 2
	}
	if o.at(current, "CZ") && !o.at(current-2, "WICZ") { // czerny
		add("S", "X")
		return 2
	}
	if o.at(current+1, "CIA") { // focaccia
		both("X")
		return 3
	}
	// double C, but not McClellan
	if o.at(current, "CC") && !(current == 1 && o.get(0) == 'M') {
		// bellocchio but not bacchus
		if o.at(current+2, "I", "E", "H") && !o.at(current+2, "HU") {
			if current == 1 && o.get(current-1) == 'A' || o.at(current-1, "UCCEE", "UCCES") {
				both("KS") // accident, accede, succeed
			} else {
				both("X") // bacci, bertucci
			}
			return 3
		}
		both("K") // Pierce's rule
		return 2
	}
	if o.at(current, "CK", "CG", "CQ") {
		both("K")
		return 2
	}
	if o.at(current, "CI", "CE", "CY") {
		if o.at(current, "CIO", "CIE", "CIA") { // italian vs english
			add("S", "X")
		} else {
			both("S")
		}
		return 2
	}
	both("K")
	// mac caffrey, mac gregor
	if o.at(current+1, " C", " Q", " G") {
		return 3
	}
	if o.at(current+1, "CE", "CI") {
		return 1
	}
	return o.step(current+1, "C", "K", "Q")
}

// metaphoneG is DoubleMetaphone's case G: how far to move on.
func (o dmWord) metaphoneG(current int, slavo bool, add func(p, s string), both func(string)) int {
	if o.get(current+1) == 'H' {
		if current > 0 && !o.vowel(current-1) {
			both("K")
			return 2
		}
		if current == 0 { // ghislane, ghiradelli
			if o.get(current+2) == 'I' {
				both("J")
			} else {
				both("K")
			}
			return 2
		}
		// Parker's rule (refined): hugh, bough, broughton
		if current > 1 && o.at(current-2, "B", "H", "D") || current > 2 && o.at(current-3, "B", "H", "D") || current > 3 && o.at(current-4, "B", "H") {
			return 2
		}
		// laugh, McLaughlin, cough, gough, rough, tough
		if current > 2 && o.get(current-1) == 'U' && o.at(current-3, "C", "G", "L", "R", "T") {
			both("F")
		} else if current > 0 && o.get(current-1) != 'I' {
			both("K")
		}
		return 2
	}
	if o.get(current+1) == 'N' {
		switch {
		case current == 1 && o.vowel(0) && !slavo:
			add("KN", "N")
		case !o.at(current+2, "EY") && o.get(current+1) != 'Y' && !slavo: // not cagney
			add("N", "KN")
		default:
			both("KN")
		}
		return 2
	}
	if o.at(current+1, "LI") && !slavo { // tagliaro
		add("KL", "L")
		return 2
	}
	// -ges-, -gep-, -gel-, -gie- at the beginning
	if current == 0 && (o.get(current+1) == 'Y' || o.at(current+1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")) {
		add("K", "J")
		return 2
	}
	// -ger-, -gy-
	if (o.at(current+1, "ER") || o.get(current+1) == 'Y') && !o.at(0, "DANGER", "RANGER", "MANGER") &&
		!o.at(current-1, "E", "I") && !o.at(current-1, "RGY", "OGY") {
		add("K", "J")
		return 2
	}
	// italian, e.g. biaggi
	if o.at(current+1, "E", "I", "Y") || o.at(current-1, "AGGI", "OGGI") {
		switch {
		case o.at(0, "VAN ", "VON ") || o.at(0, "SCH") || o.at(current+1, "ET"): // obvious germanic
			both("K")
		case o.at(current+1, "IER "): // always soft if french ending
			both("J")
		default:
			add("J", "K")
		}
		return 2
	}
	both("K")
	return o.step(current+1, "G")
}

// metaphoneS is DoubleMetaphone's case S: how far to move on.
func (o dmWord) metaphoneS(current, last int, slavo bool, add func(p, s string), both func(string)) int {
	if o.at(current-1, "ISL", "YSL") { // island, isle, carlisle, carlysle
		return 1
	}
	if current == 0 && o.at(current, "SUGAR") {
		add("X", "S")
		return 1
	}
	if o.at(current, "SH") {
		if o.at(current+1, "HEIM", "HOEK", "HOLM", "HOLZ") { // germanic
			both("S")
		} else {
			both("X")
		}
		return 2
	}
	if o.at(current, "SIO", "SIA") || o.at(current, "SIAN") { // italian & armenian
		if !slavo {
			add("S", "X")
		} else {
			both("S")
		}
		return 3
	}
	// german & anglicisations (smith and schmidt, snider and
	// schneider), and slavic -sz-
	if current == 0 && o.at(current+1, "M", "N", "L", "W") || o.at(current+1, "Z") {
		add("S", "X")
		return o.step(current+1, "Z")
	}
	if o.at(current, "SC") {
		if o.get(current+2) == 'H' { // Schlesinger's rule
			if o.at(current+3, "OO", "ER", "EN", "UY", "ED", "EM") { // dutch, e.g. school, schooner
				if o.at(current+3, "ER", "EN") { // schermerhorn, schenker
					add("X", "SK")
				} else {
					both("SK")
				}
				return 3
			}
			if current == 0 && !o.vowel(3) && o.get(3) != 'W' {
				add("X", "S")
			} else {
				both("X")
			}
			return 3
		}
		if o.at(current+2, "I", "E", "Y") {
			both("S")
			return 3
		}
		both("SK")
		return 3
	}
	// french, e.g. resnais, artois
	if current == last && o.at(current-2, "AI", "OI") {
		add("", "S")
	} else {
		both("S")
	}
	return o.step(current+1, "S", "Z")
}

// dmWord is DoubleMetaphone's upper-cased, padded word.
type dmWord string

// get is GetAt: the byte at pos, 0 outside the word.
func (o dmWord) get(pos int) byte {
	if pos < 0 || pos >= len(o) {
		return 0
	}
	return o[pos]
}

// at is StringAt: whether one of tests starts at start.
func (o dmWord) at(start int, tests ...string) bool {
	if start < 0 || start >= len(o) {
		return false
	}
	for _, t := range tests {
		if strings.HasPrefix(string(o[start:]), t) {
			return true
		}
	}
	return false
}

// vowel is IsVowel (Y counts).
func (o dmWord) vowel(pos int) bool {
	switch o.get(pos) {
	case 'A', 'E', 'I', 'O', 'U', 'Y':
		return true
	}
	return false
}

// step is how far a letter moves on: two when one of tests follows at
// pos (a doubled letter, mostly), else one.
func (o dmWord) step(pos int, tests ...string) int {
	if o.at(pos, tests...) {
		return 2
	}
	return 1
}

// slavoGermanic is SlavoGermanic: a W, K or CZ anywhere.
func (o dmWord) slavoGermanic() bool {
	return strings.Contains(string(o), "W") || strings.Contains(string(o), "K") || strings.Contains(string(o), "CZ")
}

// asciiUpperString upper-cases the ASCII letters of s.
func asciiUpperString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = asciiUpper(c)
	}
	return string(b)
}
