package plpgsql

import (
	"sort"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/zerodb/zerodb/errs"
)

// ref is one variable (or field of a record variable) an embedded
// statement reads, bound as a parameter.
type ref struct {
	v     *Var
	field string
}

// bound is an embedded statement with its variables replaced by
// parameters: SQL reads $i+1 for refs[i].
type bound struct {
	sql  string
	refs []ref
}

// bind rewrites the SQL of e so that each variable it names becomes a
// parameter. PostgreSQL's rule for a name that is both a variable and a
// column is an error by default; here the variable wins (as with
// #variable_conflict use_variable). The rewrite parses the text with
// PostgreSQL's parser and replaces the spans of the column references
// (and $n argument references) it finds, so strings and comments are
// left alone.
func (f *Function) bind(e *Expr) (bound, error) {
	sql := e.Query
	if e.Expression {
		sql = "SELECT " + sql
	}
	tree, err := pg.Parse(sql)
	if err != nil {
		return bound{}, errs.New(errs.SyntaxError, "%s in PL/pgSQL expression %q", err.Error(), e.Query)
	}
	type span struct {
		start, end     int
		r              ref
		prefix, suffix string // written around the parameter
	}
	var spans []span
	var walkErr error
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if walkErr != nil {
			return
		}
		switch n := m.Interface().(type) {
		case *pg.ColumnRef:
			r, ok, err := f.columnRef(n)
			if err != nil {
				walkErr = err
				return
			}
			if ok && len(n.Fields) == 2 && n.Fields[1].GetAStar() != nil {
				// r.* of a record: its composite's fields, ($n).*.
				end := identChainEnd(sql, int(n.Location), 1)
				for end < len(sql) && (isSpace(sql[end]) || sql[end] == '.') {
					end++
				}
				if end < len(sql) && sql[end] == '*' {
					spans = append(spans, span{start: int(n.Location), end: end + 1, r: r, prefix: "(", suffix: ").*"})
				}
				return
			}
			if ok {
				end := identChainEnd(sql, int(n.Location), len(n.Fields))
				spans = append(spans, span{start: int(n.Location), end: end, r: r})
				if r.v.Name == "tg_argv" {
					// TG_ARGV counts from 0, zerodb's arrays from 1.
					i := end
					for i < len(sql) && isSpace(sql[i]) {
						i++
					}
					if i < len(sql) && sql[i] == '[' {
						spans[len(spans)-1].end, spans[len(spans)-1].suffix = i+1, "[1+"
					}
				}
			}
			return
		case *pg.ParamRef:
			if n.Number < 1 || int(n.Number) > len(f.Args) {
				walkErr = errs.New(errs.UndefinedColumn, "there is no parameter $%d", n.Number)
				return
			}
			loc := int(n.Location)
			spans = append(spans, span{start: loc, end: loc + 1 + len(strconv.Itoa(int(n.Number))), r: ref{v: f.Args[n.Number-1]}})
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList():
				if fd.Kind() == protoreflect.MessageKind {
					l := v.List()
					for i := 0; i < l.Len(); i++ {
						walk(l.Get(i).Message())
					}
				}
			case fd.Kind() == protoreflect.MessageKind:
				walk(v.Message())
			}
			return walkErr == nil
		})
	}
	for _, st := range tree.Stmts {
		walk(st.ProtoReflect())
	}
	if walkErr != nil {
		return bound{}, walkErr
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	var out bound
	at := 0
	for _, s := range spans {
		if s.start < at || s.end > len(sql) {
			continue
		}
		n := -1
		for i, r := range out.refs {
			if r == s.r {
				n = i
				break
			}
		}
		if n < 0 {
			n = len(out.refs)
			out.refs = append(out.refs, s.r)
		}
		b.WriteString(sql[at:s.start])
		b.WriteString(s.prefix + "$" + strconv.Itoa(n+1) + s.suffix)
		at = s.end
	}
	b.WriteString(sql[at:])
	out.sql = b.String()
	return out, nil
}

// columnRef reports the variable a column reference names, if any.
func (f *Function) columnRef(n *pg.ColumnRef) (ref, bool, error) {
	names := make([]string, 0, len(n.Fields))
	for _, fl := range n.Fields {
		s := fl.GetString_()
		if s == nil {
			if fl.GetAStar() != nil && len(names) == 1 {
				if v, ok := f.byName[names[0]]; ok && v.Record {
					return ref{v: v}, true, nil // r.*: the whole record, expanded
				}
			}
			return ref{}, false, nil
		}
		names = append(names, s.Sval)
	}
	if len(names) == 0 {
		return ref{}, false, nil
	}
	v, ok := f.byName[names[0]]
	if !ok {
		return ref{}, false, nil
	}
	switch {
	case len(names) == 1 && !v.Record:
		return ref{v: v}, true, nil
	case len(names) == 1 && v.Record:
		// The whole record, a composite parameter.
		return ref{v: v}, true, nil
	case len(names) == 2 && v.Record:
		return ref{v: v, field: names[1]}, true, nil
	}
	return ref{}, false, nil
}

// identChainEnd is the end of the n dot-separated identifiers starting at
// i in sql.
func identChainEnd(sql string, i, n int) int {
	for k := 0; k < n; k++ {
		if k > 0 {
			for i < len(sql) && isSpace(sql[i]) {
				i++
			}
			if i >= len(sql) || sql[i] != '.' {
				return i
			}
			i++
			for i < len(sql) && isSpace(sql[i]) {
				i++
			}
		}
		if i < len(sql) && sql[i] == '"' {
			i++
			for i < len(sql) {
				if sql[i] == '"' {
					if i+1 < len(sql) && sql[i+1] == '"' {
						i += 2
						continue
					}
					i++
					break
				}
				i++
			}
			continue
		}
		for i < len(sql) && isIdentByte(sql[i]) {
			i++
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// callTargets are the variables (or record fields) the arguments of
// the CALL statement sql name, by argument (nil for one that is no
// variable): where a procedure's OUT and INOUT results go.
func (f *Function) callTargets(sql string) ([]*Target, error) {
	tree, err := pg.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, errs.New(errs.SyntaxError, "not one CALL statement: %q", sql)
	}
	fc := tree.Stmts[0].Stmt.GetCallStmt().GetFunccall()
	targets := make([]*Target, len(fc.GetArgs()))
	for i, a := range fc.GetArgs() {
		if na := a.GetNamedArgExpr(); na != nil {
			a = na.Arg
		}
		cr := a.GetColumnRef()
		if cr == nil {
			continue
		}
		r, ok, err := f.columnRef(cr)
		if err != nil {
			return nil, err
		}
		if ok {
			targets[i] = &Target{V: r.v, Field: r.field}
		}
	}
	return targets, nil
}
