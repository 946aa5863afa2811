package tsearch

import (
	"strings"

	"github.com/kljensen/snowball/english"

	"github.com/zerodb/zerodb/errs"
)

// dict is a dictionary a configuration maps a token kind to.
type dict uint8

const (
	dictNone   dict = iota // the token is not indexed (blank, tag, ...)
	dictSimple             // lower case, every word kept
	dictEnglishStem
)

// Config is a text search configuration: which dictionary normalizes
// each token kind of the default parser.
type Config struct {
	Name string
	stem bool // english: words go through english_stem, others through simple
}

// The configurations zerodb has, as PostgreSQL ships them.
var (
	Simple  = &Config{Name: "simple"}
	English = &Config{Name: "english", stem: true}
)

// DefaultConfig is default_text_search_config's value.
const DefaultConfig = "pg_catalog.english"

// LookupConfig finds a configuration by its regconfig name: simple or
// english, maybe qualified with pg_catalog; unquoted names are folded to
// lower case.
func LookupConfig(name string) (*Config, error) {
	n := name
	if strings.HasPrefix(n, `"`) && strings.HasSuffix(n, `"`) && len(n) >= 2 {
		n = n[1 : len(n)-1]
	} else {
		n = strings.ToLower(strings.TrimSpace(n))
	}
	n = strings.TrimPrefix(n, "pg_catalog.")
	switch n {
	case "simple":
		return Simple, nil
	case "english":
		return English, nil
	}
	return nil, errs.New(errs.UndefinedObject, "text search configuration %q does not exist", name)
}

// mapping is the dictionary of a token kind in this configuration.
func (c *Config) mapping(t TokenType) dict {
	switch t {
	case TokBlank, TokTag, TokProtocol, TokEntity:
		return dictNone
	case TokAsciiWord, TokWord, TokAsciiHWord, TokHWord, TokHWordAsciiPart, TokHWordPart:
		if c.stem {
			return dictEnglishStem
		}
	}
	return dictSimple
}

// englishStop is PostgreSQL's english.stop: Snowball's English stop word
// list (BSD licence), which english_stem drops.
var englishStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself
	yourselves he him his himself she her hers herself it its itself they them their theirs
	themselves what which who whom this that these those am is are was were be been being have
	has had having do does did doing a an the and but if or because as until while of at by for
	with about against between into through during before after above below to from up down in
	out on off over under again further then once here there when where why how all any both
	each few more most other some such no nor not only own same so than too very s t can will
	just don should now`) {
		m[w] = true
	}
	return m
}()

// IsStopWord reports an English stop word (lower case).
func IsStopWord(w string) bool { return englishStop[w] }

// lexize normalizes one token: its lexeme, or "" for a stop word;
// indexed is false for token kinds the configuration skips, which take
// no position.
func (c *Config) lexize(t Token) (lexeme string, indexed bool) {
	d := c.mapping(t.Type)
	if d == dictNone {
		return "", false
	}
	w := strings.ToLower(t.Text)
	if d == dictEnglishStem {
		if englishStop[w] {
			return "", true
		}
		w = english.Stem(w, true)
	}
	return w, true
}

// Word is a lexeme of a parsed text at its position (1-based; every
// indexed token takes one, stop words included).
type Word struct {
	Lexeme string
	Pos    int
}

// Words parses and normalizes text, as PostgreSQL's parsetext: tokens
// the configuration skips take no position, stop words take one and
// yield no word. Words longer than MaxLexemeLen are skipped (PostgreSQL
// skips them with a notice).
func (c *Config) Words(text string) []Word {
	out, _ := c.AppendWords(nil, text, 0)
	return out
}

// AppendWords appends the words of text to out, numbered on from pos,
// and returns the last position taken.
func (c *Config) AppendWords(out []Word, text string, pos int) ([]Word, int) {
	for _, t := range Parse(text) {
		if len(t.Text) > MaxLexemeLen {
			continue
		}
		lex, ok := c.lexize(t)
		if !ok {
			continue
		}
		pos++
		if lex != "" {
			out = append(out, Word{Lexeme: lex, Pos: pos})
		}
	}
	return out, pos
}

// ToVector is to_tsvector(config, text).
func (c *Config) ToVector(text string) Vector {
	return FromWords(c.Words(text), 0)
}

// FromWords makes a vector of words whose positions are offset by base
// (to_tsvector of a json document numbers its strings on).
func FromWords(ws []Word, base int) Vector {
	v := make(Vector, 0, len(ws))
	for _, w := range ws {
		v = append(v, Lexeme{Word: w.Lexeme, Pos: []Pos{{N: uint16(min(w.Pos+base, MaxPos))}}})
	}
	return Normalize(v)
}

// QueryMorph is to_tsquery's normalization of an operand through the
// configuration: the lexemes of its words joined by op (<-> for
// to_tsquery, phraseto_tsquery and websearch_to_tsquery, & for
// plainto_tsquery), stop words between them kept as placeholders so
// that phrase distances count them; nil when it has no word at all.
func (c *Config) QueryMorph(op Op) Morph {
	return func(text string, weights uint8, prefix bool) *Node {
		ws := c.Words(text)
		if len(ws) == 0 {
			return nil
		}
		var n *Node
		pos := 0
		join := func(r *Node) {
			if n == nil {
				n = r
				return
			}
			n = &Node{Op: op, Dist: distOf(op), L: n, R: r}
		}
		for _, w := range ws {
			for pos > 0 && pos+1 < w.Pos {
				join(&Node{Op: opStop})
				pos++
			}
			pos = w.Pos
			join(&Node{Op: OpValue, Word: w.Lexeme, Weights: weights, Prefix: prefix})
		}
		return n
	}
}

func distOf(op Op) uint16 {
	if op == OpPhrase {
		return 1
	}
	return 0
}
