package tsearch

import (
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
)

// HeadlineOptions are ts_headline's options.
type HeadlineOptions struct {
	StartSel, StopSel, FragmentDelimiter string
	MaxWords, MinWords, ShortWord        int
	MaxFragments                         int
	HighlightAll                         bool
}

// ParseHeadlineOptions reads ts_headline's option string: key=value
// pairs separated by commas, values maybe double-quoted; keys are
// case-insensitive.
func ParseHeadlineOptions(s string) (HeadlineOptions, error) {
	o := HeadlineOptions{StartSel: "<b>", StopSel: "</b>", FragmentDelimiter: " ... ",
		MaxWords: 35, MinWords: 15, ShortWord: 3}
	for _, kv := range splitOptions(s) {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok {
			if k == "" {
				continue
			}
			return o, errs.New(errs.SyntaxError, "invalid parameter list format: %q", s)
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = strings.ReplaceAll(v[1:len(v)-1], `""`, `"`)
		}
		num := func(dst *int) error {
			n, err := strconv.Atoi(v)
			if err != nil {
				return errs.New(errs.InvalidTextRepresentation, "invalid input syntax for type integer: %q", v)
			}
			*dst = n
			return nil
		}
		var err error
		switch strings.ToLower(k) {
		case "maxwords":
			err = num(&o.MaxWords)
		case "minwords":
			err = num(&o.MinWords)
		case "shortword":
			err = num(&o.ShortWord)
		case "maxfragments":
			err = num(&o.MaxFragments)
		case "startsel":
			o.StartSel = v
		case "stopsel":
			o.StopSel = v
		case "fragmentdelimiter":
			o.FragmentDelimiter = v
		case "highlightall":
			switch strings.ToLower(v) {
			case "1", "on", "true", "t", "y", "yes":
				o.HighlightAll = true
			default:
				o.HighlightAll = false
			}
		default:
			return o, errs.New(errs.InvalidParameterValue, "unrecognized headline parameter: %q", k)
		}
		if err != nil {
			return o, err
		}
	}
	if !o.HighlightAll {
		switch {
		case o.MinWords >= o.MaxWords:
			return o, errs.New(errs.InvalidParameterValue, "MinWords should be less than MaxWords")
		case o.MinWords <= 0:
			return o, errs.New(errs.InvalidParameterValue, "MinWords should be positive")
		case o.ShortWord < 0:
			return o, errs.New(errs.InvalidParameterValue, "ShortWord should be >= 0")
		case o.MaxFragments < 0:
			return o, errs.New(errs.InvalidParameterValue, "MaxFragments should be >= 0")
		}
	}
	return o, nil
}

// splitOptions splits at commas outside double quotes.
func splitOptions(s string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// hlWord is a token of the document being headlined.
type hlWord struct {
	text     string
	typ      TokenType
	item     *Node // the query operand its lexeme matches
	pos      int
	repeated bool // a copy for a further operand of the same word
	selected bool
	in       bool
	replace  bool
	skip     bool
}

func (w *hlWord) nonWord() bool {
	switch w.typ {
	case TokBlank, TokTag, TokURL, TokNumHWord, TokAsciiHWord, TokHWord:
		return true
	}
	return false
}

func (w *hlWord) noEnd() bool {
	if w.nonWord() {
		return true
	}
	switch w.typ {
	case TokSFloat, TokVersion, TokFloat, TokInt, TokUint, TokProtocol, TokEntity:
		return true
	}
	return false
}

func (w *hlWord) interesting() bool { return w.item != nil && !w.repeated }

// headline is one ts_headline run.
type headline struct {
	words []hlWord
	q     Query
	short int
}

func (h *headline) badEnd(j int) bool {
	w := &h.words[j]
	return (w.noEnd() || len(w.text) <= h.short) && !w.interesting()
}

func (h *headline) nonWord(i int) bool { return h.words[i].nonWord() }

// Headline is ts_headline(config, document, query, options) with the
// default parser's headline selection (PostgreSQL's prsd_headline).
func (c *Config) Headline(doc string, q Query, o HeadlineOptions) string {
	h := &headline{q: q, short: o.ShortWord}
	ops := q.Operands()
	pos := 0
	for _, t := range Parse(doc) {
		h.words = append(h.words, hlWord{text: t.Text, typ: t.Type})
		lex, ok := c.lexize(t)
		if !ok || len(t.Text) > MaxLexemeLen {
			continue
		}
		pos++
		if lex == "" {
			continue
		}
		i := len(h.words) - 1
		h.words[i].pos = min(pos, MaxPos)
		for _, op := range ops {
			if !(op.Word == lex || op.Prefix && strings.HasPrefix(lex, op.Word)) {
				continue
			}
			if h.words[i].item == nil {
				h.words[i].item = op
				continue
			}
			cp := h.words[i]
			cp.item, cp.repeated = op, true
			h.words = append(h.words, cp)
		}
	}
	maxCover := max(o.MaxWords*10, 100)
	if o.MaxFragments > 0 {
		maxCover *= o.MaxFragments
		h.markFragments(o, maxCover)
	} else {
		h.markWords(o, maxCover)
	}
	return h.generate(o)
}

// source is the cover check's view of words[from:to]: an operand's
// positions in it.
func (h *headline) source(from, to int) source {
	return func(n *Node, pos *[]int) ternary {
		found := false
		for i := from; i < to; i++ {
			w := &h.words[i]
			if w.item != n {
				continue
			}
			if pos == nil {
				return tsYes
			}
			if !found || (*pos)[len(*pos)-1] < w.pos {
				*pos = append(*pos, w.pos)
			}
			found = true
		}
		if found {
			return tsYes
		}
		return tsNo
	}
}

func (h *headline) firstIndex(from int) int {
	for i := from; i < len(h.words); i++ {
		if h.words[i].item != nil {
			return i
		}
	}
	return -1
}

// cover finds the earliest shortest run of words from *p on that
// satisfies the query, both of its ends query words.
func (h *headline) cover(maxCover int, p, q *int) bool {
	if h.q.Root == nil {
		return false
	}
	pmin := h.firstIndex(*p)
	for pmin >= 0 {
		nextMin := -1
		pmax := pmin
		for {
			if execute(h.q.Root, h.source(pmin, pmax+1), false) != tsNo {
				*p, *q = pmin, pmax
				return true
			}
			next := h.firstIndex(pmax + 1)
			if pmax == pmin {
				nextMin = next
			}
			pmax = next
			if pmax < 0 || pmax-pmin >= maxCover {
				break
			}
		}
		pmin = nextMin
	}
	return false
}

func (h *headline) markFragment(all bool, from, to int) {
	for i := from; i <= to; i++ {
		w := &h.words[i]
		if w.item != nil {
			w.selected = true
		}
		switch {
		case !all && w.typ == TokTag:
			w.replace = true
		case w.typ == TokURL || w.typ == TokNumHWord || w.typ == TokAsciiHWord || w.typ == TokHWord:
			w.skip = true
		}
		w.in = !w.repeated
	}
}

// markWords picks one headline (MaxFragments = 0).
func (h *headline) markWords(o HeadlineOptions, maxCover int) {
	n := len(h.words)
	if o.HighlightAll {
		h.markFragment(true, 0, n-1)
		return
	}
	bestb, beste, bestlen, bestcover := -1, -1, -1, false
	p, q := 0, 0
	for h.cover(maxCover, &p, &q) {
		curlen, poslen := 0, 0
		posb, pose := p, p
		i := p
		for ; i <= q && curlen < o.MaxWords; i++ {
			if !h.nonWord(i) {
				curlen++
			}
			if h.words[i].interesting() {
				poslen++
			}
			pose = i
		}
		if curlen < o.MaxWords {
			for i = i - 1; i < n && curlen < o.MaxWords; i++ {
				if i > q {
					if !h.nonWord(i) {
						curlen++
					}
					if h.words[i].interesting() {
						poslen++
					}
				}
				pose = i
				if h.badEnd(i) {
					continue
				}
				if curlen >= o.MinWords {
					break
				}
			}
			if curlen < o.MinWords {
				for i = p - 1; i >= 0; i-- {
					if !h.nonWord(i) {
						curlen++
					}
					if h.words[i].interesting() {
						poslen++
					}
					if curlen >= o.MaxWords {
						break
					}
					if h.badEnd(i) {
						continue
					}
					if curlen >= o.MinWords {
						break
					}
				}
				posb = max(i, 0)
			}
		} else {
			if i > q {
				i = q
			}
			for ; curlen > o.MinWords; i-- {
				if !h.badEnd(i) {
					break
				}
				if !h.nonWord(i) {
					curlen--
				}
				if h.words[i].interesting() {
					poslen--
				}
				pose = i - 1
			}
		}
		poscover := posb <= p && pose >= q
		if bestlen < 0 || poscover && !bestcover ||
			poscover == bestcover && poslen > bestlen ||
			poscover == bestcover && poslen == bestlen && !h.badEnd(pose) && h.badEnd(beste) {
			bestb, beste, bestlen, bestcover = posb, pose, poslen, poscover
		}
		p++
	}
	if bestlen < 0 {
		curlen, pose := 0, 0
		for i := 0; i < n && curlen < o.MinWords; i++ {
			if !h.nonWord(i) {
				curlen++
			}
			pose = i
		}
		bestb, beste = 0, pose
	}
	if n > 0 {
		h.markFragment(false, bestb, beste)
	}
}

type fragment struct {
	start, end, poslen, curlen int
	chosen, excluded           bool
}

// nextFragment cuts the cover [*start, *end] to at most maxWords words
// with query words at both ends.
func (h *headline) nextFragment(start, end *int, maxWords int) (curlen, poslen int) {
	for i := *start; i <= *end; i++ {
		*start = i
		if h.words[i].interesting() {
			break
		}
	}
	i := *start
	for ; i <= *end && curlen < maxWords; i++ {
		if !h.nonWord(i) {
			curlen++
		}
		if h.words[i].interesting() {
			poslen++
		}
	}
	if *end > i {
		*end = i
		for i = *end; i >= *start; i-- {
			*end = i
			if h.words[i].interesting() {
				break
			}
			if !h.nonWord(i) {
				curlen--
			}
		}
	}
	return curlen, poslen
}

// markFragments picks up to MaxFragments fragments.
func (h *headline) markFragments(o HeadlineOptions, maxCover int) {
	var covers []fragment
	p, q := 0, 0
	for h.cover(maxCover, &p, &q) {
		start, end := p, q
		for start <= end {
			curlen, poslen := h.nextFragment(&start, &end, o.MaxWords)
			covers = append(covers, fragment{start: start, end: end, curlen: curlen, poslen: poslen})
			start, end = end+1, q
		}
		p++
	}
	chosen := 0
	for f := 0; f < o.MaxFragments; f++ {
		maxItems, minWords, best := 0, int(^uint(0)>>1), -1
		for i, c := range covers {
			if !c.chosen && !c.excluded && (maxItems < c.poslen || maxItems == c.poslen && minWords > c.curlen) {
				maxItems, minWords, best = c.poslen, c.curlen, i
			}
		}
		if best < 0 {
			break
		}
		c := &covers[best]
		c.chosen = true
		start, end, curlen := c.start, c.end, c.curlen
		if curlen < o.MaxWords {
			maxStretch := (o.MaxWords - curlen) / 2
			stretch, marker := 0, start
			for i := start - 1; i >= 0 && stretch < maxStretch && !h.words[i].in; i-- {
				if !h.nonWord(i) {
					curlen++
					stretch++
				}
				marker = i
			}
			i := marker
			for ; i < start && h.badEnd(i); i++ {
				if !h.nonWord(i) {
					curlen--
				}
			}
			start = i
			marker = end
			for i = end + 1; i < len(h.words) && curlen < o.MaxWords && !h.words[i].in; i++ {
				if !h.nonWord(i) {
					curlen++
				}
				marker = i
			}
			for i = marker; i > end && h.badEnd(i); i-- {
				if !h.nonWord(i) {
					curlen--
				}
			}
			end = i
		}
		c.start, c.end, c.curlen = start, end, curlen
		h.markFragment(o.HighlightAll, start, end)
		chosen++
		for i := range covers {
			o := &covers[i]
			if i != best && (o.start >= start && o.start <= end || o.end >= start && o.end <= end || o.start < start && o.end > end) {
				o.excluded = true
			}
		}
	}
	if chosen == 0 {
		curlen, end := 0, 0
		for i := 0; i < len(h.words) && curlen < o.MinWords; i++ {
			if !h.nonWord(i) {
				curlen++
			}
			end = i
		}
		if len(h.words) > 0 {
			h.markFragment(o.HighlightAll, 0, end)
		}
	}
}

// generate writes the marked words: query words between StartSel and
// StopSel, tags as a space, compound tokens left to their parts, and
// fragments joined by FragmentDelimiter.
func (h *headline) generate(o HeadlineOptions) string {
	var b strings.Builder
	infrag, frags := false, 0
	for _, w := range h.words {
		switch {
		case w.in && !w.repeated:
			if !infrag {
				infrag = true
				frags++
				if frags > 1 {
					b.WriteString(o.FragmentDelimiter)
				}
			}
			switch {
			case w.replace:
				b.WriteByte(' ')
			case !w.skip:
				if w.selected {
					b.WriteString(o.StartSel)
				}
				b.WriteString(w.text)
				if w.selected {
					b.WriteString(o.StopSel)
				}
			}
		case !w.repeated:
			infrag = false
		}
	}
	return b.String()
}
