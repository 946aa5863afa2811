package sqlfe

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// copyStmt translates COPY ... FROM STDIN and COPY ... TO STDOUT in text
// and CSV formats (plan.Copy); the session moves the data.
//
// COPY FROM is an INSERT of one row of parameters, one per column, typed
// as the column (the session parses each field with the column type's
// input function and runs the Insert a batch of rows at a time, see
// plan.CopyBatch). Columns left out get their defaults. A schemaless
// table (made by ZQL) has the columns SQL shows it with: id, the record
// key as text, and doc, the record's object as jsonb; any other name
// is a field of the object, read as text.
//
// COPY t TO is COPY (SELECT * FROM t) TO, or SELECT of the listed
// columns.
func (tr *translator) copyStmt(cs *pg.CopyStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	switch {
	case cs.IsProgram:
		return nil, errAt(errs.FeatureNotSupported, p, "COPY to or from an external program is not supported").
			WithHint("Use COPY ... FROM STDIN or TO STDOUT, or psql's \\copy.")
	case cs.Filename != "":
		return nil, errAt(errs.FeatureNotSupported, p, "COPY to or from a file is not supported").
			WithHint("Use COPY ... FROM STDIN or TO STDOUT, or psql's \\copy.")
	case cs.WhereClause != nil:
		return nil, unsupported(tr.nodePos(cs.WhereClause), "COPY ... WHERE")
	}
	c, forceQuote, err := tr.copyOptions(cs)
	if err != nil {
		return nil, err
	}
	if cs.IsFrom {
		if c.ForceQuoteAll || forceQuote != nil {
			return nil, errAt(errs.FeatureNotSupported, p, "COPY FORCE_QUOTE cannot be used with COPY FROM")
		}
		return tr.copyFrom(cs, c)
	}
	return tr.copyTo(cs, c, forceQuote)
}

func (tr *translator) copyFrom(cs *pg.CopyStmt, c *plan.Copy) (*plan.Statement, error) {
	t, entry, err := tr.writeTarget(cs.Relation)
	if err != nil {
		return nil, err
	}
	names, err := copyColumns(t, cs.Attlist)
	if err != nil {
		return nil, err
	}
	if len(cs.Attlist) == 0 && !t.HasGenerated() {
		names = nil // every column, as INSERT without a list takes them
	}
	cols := make([]*pg.Node, len(names))
	for i, a := range names {
		cols[i] = &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: a, Location: cs.Relation.Location}}}
	}
	targets, _, err := tr.insertTargets(t, cols, entry.pos)
	if err != nil {
		return nil, err
	}
	row := make([]plan.Expr, len(targets))
	refs := make([]plan.Expr, len(targets))
	vals := &plan.Values{Rows: [][]plan.Expr{row}, Cols: make([]plan.Column, len(targets))}
	c.Table = t.Name
	c.Columns = make([]plan.Column, len(targets))
	for i, tg := range targets {
		ty := tg.t
		if tg.kind == tLoose {
			ty = value.TypeText
		}
		row[i] = &plan.Param{N: i + 1}
		refs[i] = &plan.ColRef{Idx: i, Name: tg.name}
		vals.Cols[i] = plan.Column{Name: tg.name, Type: ty}
		c.Columns[i] = vals.Cols[i]
	}
	ins := &plan.Insert{Table: t, Input: vals, Mode: plan.InsertNew, RowSecurity: t.RowSecurity}
	ins.Key, ins.Obj = recordCons(targets, refs, nil)
	// COPY checks the table's CHECK constraints and row security
	// policies as INSERT does.
	if ins.Checks, err = tr.writeChecks(t, entry, policyInsert); err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtCopyFrom, Tag: TagCopy, Root: ins, Copy: c}, nil
}

// copyColumns are the columns COPY of t reads or writes: those listed,
// or without a list every column but the generated ones, as PostgreSQL's
// COPY takes them; a generated column listed is refused (42P10).
func copyColumns(t *catalog.Table, list []*pg.Node) ([]string, error) {
	if len(list) == 0 {
		var out []string
		for _, f := range t.Fields {
			if f.Generated == "" {
				out = append(out, f.Name)
			}
		}
		return out, nil
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.GetString_().GetSval()
		if f, _, ok := t.FieldByName(out[i]); ok && f.Generated != "" {
			return nil, errs.New(errs.InvalidColumnReference, "column %q is a generated column", out[i]).
				WithDetail("Generated columns cannot be used in COPY.")
		}
	}
	return out, nil
}

func (tr *translator) copyTo(cs *pg.CopyStmt, c *plan.Copy, forceQuote []string) (*plan.Statement, error) {
	sel := cs.Query.GetSelectStmt()
	switch {
	case cs.Query != nil && sel == nil:
		return nil, unsupported(tr.nodePos(cs.Query), "COPY of a statement other than SELECT")
	case sel == nil:
		t, err := tr.table(cs.Relation)
		if err != nil {
			return nil, err
		}
		if t.MatView != nil {
			return nil, errs.New(errs.WrongObjectType, "cannot copy from materialized view %q", t.Name).
				WithHint("Try the COPY (SELECT ...) TO variant.")
		}
		c.Table = t.Name
		rv := cs.Relation
		if len(t.Children) > 0 {
			// COPY TO of a table copies its own rows, not its
			// inheritance children's (pg_dump copies each table).
			rv = &pg.RangeVar{Schemaname: rv.Schemaname, Relname: rv.Relname, Relpersistence: rv.Relpersistence, Alias: rv.Alias, Location: rv.Location}
		}
		sel = &pg.SelectStmt{Op: pg.SetOperation_SETOP_NONE, FromClause: []*pg.Node{{Node: &pg.Node_RangeVar{RangeVar: rv}}}}
		loc := cs.Relation.Location
		names, err := copyColumns(t, cs.Attlist)
		if err != nil {
			return nil, err
		}
		if len(cs.Attlist) == 0 && !t.HasGenerated() {
			star := &pg.Node{Node: &pg.Node_AStar{AStar: &pg.A_Star{}}}
			sel.TargetList = []*pg.Node{resTargetOf(&pg.ColumnRef{Fields: []*pg.Node{star}, Location: loc})}
			names = nil
		}
		for _, a := range names {
			sel.TargetList = append(sel.TargetList, resTargetOf(&pg.ColumnRef{Fields: []*pg.Node{pg.MakeStrNode(a)}, Location: loc}))
		}
	}
	node, cols, err := tr.selectStmt(sel)
	if err != nil {
		return nil, err
	}
	c.Columns = cols
	if forceQuote != nil {
		c.ForceQuote = make([]bool, len(cols))
	}
	for _, name := range forceQuote {
		i := slices.IndexFunc(cols, func(col plan.Column) bool { return col.Name == name })
		if i < 0 {
			return nil, errAt(errs.UndefinedColumn, tr.stmt.stmtPos(), "FORCE_QUOTE column %q not referenced by COPY", name)
		}
		c.ForceQuote[i] = true
	}
	return &plan.Statement{Kind: plan.StmtCopyTo, Tag: TagCopy, Root: node, Columns: cols, Copy: c}, nil
}

func resTargetOf(cr *pg.ColumnRef) *pg.Node {
	return &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{
		Val: &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: cr}}, Location: cr.Location}}}
}

// copyOptions reads COPY's options, new style (WITH (FORMAT csv, ...))
// or old (WITH CSV HEADER), with PostgreSQL's defaults and checks.
func (tr *translator) copyOptions(cs *pg.CopyStmt) (c *plan.Copy, forceQuote []string, err error) {
	c = &plan.Copy{}
	chars := map[string]*string{} // DELIMITER, NULL, QUOTE, ESCAPE as given
	seen := map[string]bool{}
	for _, o := range cs.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		p := tr.pos(d.Location)
		if seen[d.Defname] {
			return nil, nil, errAt(errs.SyntaxError, p, "conflicting or redundant options")
		}
		seen[d.Defname] = true
		switch d.Defname {
		case "format":
			switch f := strings.ToLower(defString(d)); f {
			case "text":
				c.Format = plan.CopyText
			case "csv":
				c.Format = plan.CopyCSV
			case "binary":
				if !cs.IsFrom {
					return nil, nil, unsupported(p, "COPY TO in binary format")
				}
				c.Format = plan.CopyBinary
			default:
				return nil, nil, errAt(errs.InvalidParameterValue, p, "COPY format \"%s\" not recognized", f)
			}
		case "header":
			switch v := strings.ToLower(defString(d)); v {
			case "", "true", "on", "1":
				c.Header = true
			case "false", "off", "0":
			case "match":
				return nil, nil, unsupported(p, "COPY HEADER MATCH")
			default:
				return nil, nil, errAt(errs.SyntaxError, p, "%s requires a Boolean value or \"match\"", d.Defname)
			}
		case "freeze":
			// Rows are visible to others only after commit anyway.
		case "delimiter", "null", "quote", "escape":
			v := defString(d)
			chars[d.Defname] = &v
		case "encoding":
			if e := strings.ToUpper(strings.ReplaceAll(defString(d), "-", "")); e != "UTF8" && e != "UNICODE" && e != "SQL_ASCII" {
				return nil, nil, unsupported(p, "COPY encodings other than UTF8")
			}
		case "force_quote":
			if _, ok := d.Arg.GetNode().(*pg.Node_AStar); ok {
				c.ForceQuoteAll = true
				continue
			}
			forceQuote = []string{}
			for _, n := range d.Arg.GetList().GetItems() {
				forceQuote = append(forceQuote, n.GetString_().GetSval())
			}
		default:
			return nil, nil, unsupported(p, "COPY option "+strings.ToUpper(d.Defname))
		}
	}
	p := tr.stmt.stmtPos()
	delim, null, quote, escape := chars["delimiter"], chars["null"], chars["quote"], chars["escape"]
	csv := c.Format == plan.CopyCSV
	if c.Format == plan.CopyBinary {
		for _, name := range []string{"delimiter", "null", "quote", "escape", "header"} {
			if seen[name] {
				return nil, nil, errAt(errs.SyntaxError, p, "cannot specify %s in BINARY mode", strings.ToUpper(name))
			}
		}
	}
	c.Delimiter, c.Null, c.Quote, c.Escape = '\t', "\\N", '"', '"'
	if csv {
		c.Delimiter, c.Null = ',', ""
	}
	switch {
	case !csv && (quote != nil || escape != nil):
		return nil, nil, errAt(errs.FeatureNotSupported, p, "COPY %s available only in CSV mode", map[bool]string{true: "quote", false: "escape"}[quote != nil])
	case !csv && (forceQuote != nil || c.ForceQuoteAll):
		return nil, nil, errAt(errs.FeatureNotSupported, p, "COPY FORCE_QUOTE requires CSV mode")
	}
	for _, o := range []struct {
		name string
		v    *string
		dst  []*byte
	}{{"delimiter", delim, []*byte{&c.Delimiter}}, {"quote", quote, []*byte{&c.Quote, &c.Escape}}, {"escape", escape, []*byte{&c.Escape}}} {
		if o.v == nil {
			continue
		}
		if len(*o.v) != 1 {
			return nil, nil, errAt(errs.FeatureNotSupported, p, "COPY %s must be a single one-byte character", o.name)
		}
		for _, b := range o.dst {
			*b = (*o.v)[0]
		}
	}
	if null != nil {
		c.Null = *null
	}
	switch {
	case c.Delimiter == '\r' || c.Delimiter == '\n':
		return nil, nil, errAt(errs.InvalidParameterValue, p, "COPY delimiter cannot be newline or carriage return")
	case strings.ContainsAny(c.Null, "\r\n"):
		return nil, nil, errAt(errs.InvalidParameterValue, p, "COPY null representation cannot use newline or carriage return")
	case !csv && c.Delimiter == '\\':
		return nil, nil, errAt(errs.InvalidParameterValue, p, "COPY delimiter cannot be \"%s\"", "\\")
	case csv && c.Delimiter == c.Quote:
		return nil, nil, errAt(errs.InvalidParameterValue, p, "COPY delimiter and quote must be different")
	case strings.IndexByte(c.Null, c.Delimiter) >= 0:
		return nil, nil, errAt(errs.InvalidParameterValue, p, "COPY delimiter must not appear in the NULL specification")
	}
	return c, forceQuote, nil
}

// defString is a DefElem's argument as text ("" when it has none).
func defString(d *pg.DefElem) string {
	switch a := d.Arg.GetNode().(type) {
	case *pg.Node_String_:
		return a.String_.Sval
	case *pg.Node_Boolean:
		if a.Boolean.Boolval {
			return "true"
		}
		return "false"
	case *pg.Node_Integer:
		return strconv.Itoa(int(a.Integer.Ival))
	}
	return ""
}
