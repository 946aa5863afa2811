package plpgsql

import (
	"regexp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Row variables. PostgreSQL's PL/pgSQL parser knows from the catalog
// that a variable declared as a table's row type or a composite type is
// a row, so that p.f names its field; pg_query's parser has no catalog
// and reads every declared type as a scalar, rejecting an assignment to
// p.f with `"p.f" is not a known variable`. On that error Parse declares
// p as a record instead (asRecord) and parses again, keeping its type
// name and default for the interpreter, which resolves the type (the
// Host's catalog) and makes p a row variable of it.

// rowDecl is a declaration rewritten as a record's: its type and default
// as written.
type rowDecl struct {
	typeName string
	def      string
}

var notKnownVariable = regexp.MustCompile(`^"([^".]+)\.[^"]+" is not a known variable$`)

// maxRowRewrites bounds the parses of one definition.
const maxRowRewrites = 16

// asRecord rewrites the declarations of name in sql (one DO or CREATE
// FUNCTION statement, checked by checkShape) as record declarations;
// ok is false when it finds none.
func asRecord(sql, name string, decls map[string]rowDecl) (string, bool) {
	tree, err := pg.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return "", false
	}
	var opts []*pg.Node
	switch n := tree.Stmts[0].Stmt.Node.(type) {
	case *pg.Node_DoStmt:
		opts = n.DoStmt.Args
	case *pg.Node_CreateFunctionStmt:
		opts = n.CreateFunctionStmt.Options
	}
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil || d.Defname != "as" {
			continue
		}
		s := d.Arg.GetString_()
		if s == nil {
			if items := d.Arg.GetList().GetItems(); len(items) == 1 {
				s = items[0].GetString_()
			}
		}
		if s == nil {
			return "", false
		}
		body, ok := declareAsRecord(s.Sval, name, decls)
		if !ok {
			return "", false
		}
		s.Sval = body
		out, err := pg.Deparse(tree)
		if err != nil {
			return "", false
		}
		return out, true
	}
	return "", false
}

// declareAsRecord rewrites each declaration of name in a DECLARE section
// of body as `name record;`, noting its type and default in decls.
func declareAsRecord(body, name string, decls map[string]rowDecl) (string, bool) {
	sc, err := pg.Scan(body)
	if err != nil {
		return "", false
	}
	toks := sc.Tokens
	text := func(t *pg.ScanToken) string { return body[t.Start:t.End] }
	var b strings.Builder
	at, inDeclare, found := 0, false, false
	for i := 0; i < len(toks); i++ {
		switch toks[i].Token {
		case pg.Token_DECLARE:
			inDeclare = true
			continue
		case pg.Token_BEGIN_P:
			inDeclare = false
			continue
		}
		prev := pg.Token_DECLARE
		if i > 0 {
			prev = toks[i-1].Token
		}
		if !inDeclare || prev != pg.Token_DECLARE && prev != pg.Token_ASCII_59 || !strings.EqualFold(text(toks[i]), name) {
			continue
		}
		// The type runs to the default, a NOT NULL or the ';'.
		j := i + 1
		for j < len(toks) && !endsType(toks[j].Token) {
			j++
		}
		if j == i+1 || j >= len(toks) || toks[j].Token == pg.Token_NOT {
			continue
		}
		d := rowDecl{typeName: strings.TrimSpace(body[toks[i+1].Start:toks[j-1].End])}
		end := j
		if toks[j].Token != pg.Token_ASCII_59 {
			depth, k := 0, j+1
			for ; k < len(toks); k++ {
				switch toks[k].Token {
				case pg.Token_ASCII_40:
					depth++
				case pg.Token_ASCII_41:
					depth--
				}
				if depth == 0 && toks[k].Token == pg.Token_ASCII_59 {
					break
				}
			}
			if k >= len(toks) || k == j+1 {
				continue
			}
			d.def = strings.TrimSpace(body[toks[j+1].Start:toks[k-1].End])
			end = k
		}
		decls[strings.ToLower(name)] = d
		b.WriteString(body[at:toks[i+1].Start])
		b.WriteString("record")
		at = int(toks[end].Start)
		found = true
		i = end
	}
	if !found {
		return "", false
	}
	b.WriteString(body[at:])
	return b.String(), true
}

// endsType: a declaration's type ends before tok.
func endsType(tok pg.Token) bool {
	switch tok {
	case pg.Token_ASCII_59, pg.Token_COLON_EQUALS, pg.Token_ASCII_61, pg.Token_DEFAULT, pg.Token_NOT, pg.Token_COLLATE:
		return true
	}
	return false
}
