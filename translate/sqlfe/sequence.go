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

// Command tags of the sequence statements.
const (
	TagCreateSequence = "CREATE SEQUENCE"
	TagAlterSequence  = "ALTER SEQUENCE"
	TagDropSequence   = "DROP SEQUENCE"
)

// serialTypes are the serial pseudo-types: the integer type the column
// gets (it also owns a sequence and draws its default from it).
var serialTypes = map[string]value.Type{
	"smallserial": value.TypeInt2, "serial2": value.TypeInt2,
	"serial": value.TypeInt4, "serial4": value.TypeInt4,
	"bigserial": value.TypeInt8, "serial8": value.TypeInt8,
}

// serialType reports whether tn names a serial pseudo-type, and its
// integer type.
func serialType(tn *pg.TypeName) (value.Type, bool) {
	if tn == nil || len(tn.ArrayBounds) > 0 || len(tn.Typmods) > 0 {
		return value.Type{}, false
	}
	var name string
	switch len(tn.Names) {
	case 1:
		name = tn.Names[0].GetString_().GetSval()
	case 2:
		if tn.Names[0].GetString_().GetSval() != "pg_catalog" {
			return value.Type{}, false
		}
		name = tn.Names[1].GetString_().GetSval()
	default:
		return value.Type{}, false
	}
	t, ok := serialTypes[name]
	return t, ok
}

// intBits is the width of an integer column type usable for a sequence
// (0 for other types).
func intBits(t value.Type) int {
	switch {
	case t.Kind != value.KindInt:
		return 0
	case t.Width == value.I16:
		return 16
	case t.Width == value.I32:
		return 32
	case t.Width == value.I64:
		return 64
	}
	return 0
}

// seqRelation is the name of a sequence as CREATE/ALTER SEQUENCE name it,
// and whether it is (to be) a temporary sequence of the session: made
// TEMP or in pg_temp, or an existing one a bare name finds first.
func (tr *translator) seqRelation(rv *pg.RangeVar, create bool) (string, bool, error) {
	p := tr.pos(rv.Location)
	if rv.Catalogname != "" {
		return "", false, unsupported(p, "cross-database references")
	}
	if rv.Relpersistence == "t" || rv.Schemaname == tempSchema {
		if rv.Schemaname != "" && rv.Schemaname != tempSchema {
			return "", false, errAt(errs.InvalidTableDefinition, p, "cannot create temporary relation in non-temporary schema")
		}
		return rv.Relname, true, nil
	}
	if err := tr.inStatementSchema(rv.Schemaname, p); err != nil {
		return "", false, err
	}
	return rv.Relname, !create && rv.Schemaname == "" && tr.isTemp(rv.Relname), nil
}

func (tr *translator) createSequence(cs *pg.CreateSeqStmt) (*plan.Statement, error) {
	name, temp, err := tr.seqRelation(cs.Sequence, true)
	if err != nil {
		return nil, err
	}
	o, err := tr.seqOptions(cs.Options, false, false)
	if err != nil {
		return nil, err
	}
	s := &catalog.Sequence{Name: name}
	o.Apply(s, true)
	if err := catalog.ValidateSequence(s); err != nil {
		return nil, err // PostgreSQL's errors of the parameters have no position
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateSequence, Root: &plan.CreateSequence{Seq: s, IfNotExists: cs.IfNotExists}, Temp: temp}, nil
}

func (tr *translator) alterSequence(as *pg.AlterSeqStmt) (*plan.Statement, error) {
	name, temp, err := tr.seqRelation(as.Sequence, false)
	if err != nil {
		return nil, err
	}
	o, err := tr.seqOptions(as.Options, true, false)
	if err != nil {
		return nil, err
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterSequence, Root: &plan.AlterSequence{Name: name, IfExists: as.MissingOk, Options: o}, Temp: temp}, nil
}

func (tr *translator) dropSequence(ds *pg.DropStmt) (*plan.Statement, error) {
	var drops []plan.Node
	var names []string
	temps := 0
	for i, o := range ds.Objects {
		var name string
		var temp bool
		var err error
		if tr.nameSchemas != nil {
			// Of several schemas: each is dropped in its own.
			items := o.GetList().GetItems()
			name = items[len(items)-1].GetString_().GetSval()
		} else if name, temp, err = tr.dropTableName(o); err != nil { // a sequence is found as a table is
			return nil, err
		}
		if temp {
			temps++
		}
		drops = append(drops, &plan.DropObject{Kind: "sequence", Name: name, IfExists: ds.MissingOk, Cascade: ds.Behavior == pg.DropBehavior_DROP_CASCADE, Schema: tr.nameSchema(i), Named: tr.nameSchemas != nil})
		names = append(names, name)
	}
	if temps > 0 && temps < len(drops) {
		return nil, unsupported(tr.stmt.stmtPos(), "a statement on both temporary and permanent sequences")
	}
	st := allOf(TagDropSequence, drops, names)
	st.Temp = temps > 0
	return st, nil
}

// seqOptions reads the options of CREATE/ALTER SEQUENCE or of an identity
// column (identity: no AS, OWNED BY; its SEQUENCE NAME taken out first
// by sequenceNameOption).
func (tr *translator) seqOptions(opts []*pg.Node, alter, identity bool) (catalog.SeqOptions, error) {
	var o catalog.SeqOptions
	err := tr.eachOption(opts, func(d *pg.DefElem, p int) error {
		num := func() (*int64, error) {
			v, err := defInt(d.Arg)
			if err != nil {
				return nil, errAt(errs.SyntaxError, p, "%s requires a numeric value", d.Defname)
			}
			return &v, nil
		}
		var err error
		switch d.Defname {
		case "as":
			if identity {
				return unsupported(p, "AS in identity column options")
			}
			t, terr := tr.typeName(d.Arg.GetTypeName())
			if terr != nil {
				return terr
			}
			if o.Bits = intBits(t); o.Bits == 0 {
				return errAt(errs.InvalidParameterValue, p, "sequence type must be smallint, integer, or bigint")
			}
		case "increment":
			o.Increment, err = num()
			if err == nil && *o.Increment == 0 {
				return errs.New(errs.InvalidParameterValue, "INCREMENT must not be zero")
			}
		case "minvalue":
			if d.Arg == nil {
				o.NoMin = true
			} else {
				o.Min, err = num()
			}
		case "maxvalue":
			if d.Arg == nil {
				o.NoMax = true
			} else {
				o.Max, err = num()
			}
		case "start":
			o.Start, err = num()
		case "restart":
			if !alter {
				return errAt(errs.SyntaxError, p, "RESTART option not supported here")
			}
			o.Restart = true
			if d.Arg != nil {
				o.RestartWith, err = num()
			}
		case "cache":
			o.Cache, err = num()
		case "cycle":
			c := d.Arg.GetBoolean().GetBoolval()
			o.Cycle = &c
		case "owned_by":
			if identity {
				return unsupported(p, "OWNED BY in identity column options")
			}
			items := d.Arg.GetList().GetItems()
			o.OwnedBy = true
			switch {
			case len(items) == 1 && items[0].GetString_().GetSval() == "none":
			case len(items) == 2:
				o.OwnedTable, o.OwnedColumn = items[0].GetString_().GetSval(), items[1].GetString_().GetSval()
			case len(items) == 3:
				// The table must be in the sequence's schema, where the
				// executor finds it by name.
				if err := tr.inStatementSchema(items[0].GetString_().GetSval(), p); err != nil {
					return err
				}
				o.OwnedTable, o.OwnedColumn = items[1].GetString_().GetSval(), items[2].GetString_().GetSval()
			default:
				return errAt(errs.SyntaxError, p, "invalid OWNED BY option").WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
			}
		case "sequence_name":
			// Only an identity column's sequence takes a name this way
			// (sequenceNameOption).
			return errAt(errs.SyntaxError, p, "invalid sequence option SEQUENCE NAME")
		default:
			return unsupported(p, "sequence option "+strings.ToUpper(d.Defname))
		}
		if err != nil {
			return err
		}
		return nil
	})
	return o, err
}

// defInt is an integer option value: an Integer node, or a Float node
// holding an integer too large for one (the grammar's FCONST).
func defInt(n *pg.Node) (int64, error) {
	if n == nil {
		return 0, strconv.ErrSyntax
	}
	if i := n.GetInteger(); i != nil {
		return int64(i.Ival), nil
	}
	if f := n.GetFloat(); f != nil {
		return strconv.ParseInt(f.Fval, 10, 64)
	}
	return 0, strconv.ErrSyntax
}

// columnSequence is the sequence a serial or identity column owns: its
// parameters from the column type and the identity options. Its name is
// picked when the table is made (plan.CreateTable.Sequences).
func (tr *translator) columnSequence(f *catalog.Field, table string, opts []*pg.Node, identity bool, p int) (*catalog.Sequence, error) {
	bits := intBits(f.Type)
	if bits == 0 {
		return nil, errAt(errs.InvalidParameterValue, p, "identity column type must be smallint, integer, or bigint")
	}
	name, opts, err := tr.sequenceNameOption(opts)
	if err != nil {
		return nil, err
	}
	o, err := tr.seqOptions(opts, false, identity)
	if err != nil {
		return nil, err
	}
	o.Bits = bits
	s := &catalog.Sequence{OwnedTable: table, OwnedColumn: f.Name}
	o.Apply(s, true)
	if err := catalog.ValidateSequence(s); err != nil {
		return nil, err
	}
	if name == "" {
		name = catalog.SerialSequenceName(table, f.Name, 0)
	}
	s.Name = name
	f.HasDefault, f.DefaultSeq, f.Optional = true, s.Name, false
	return s, nil
}

// sequenceNameOption takes an identity column's SEQUENCE NAME option
// (which pg_dump and drizzle-kit write) out of its options: the name
// the sequence must have, "" when not given, and the other options.
func (tr *translator) sequenceNameOption(opts []*pg.Node) (string, []*pg.Node, error) {
	for i, n := range opts {
		d := n.GetDefElem()
		if d == nil || d.Defname != "sequence_name" {
			continue
		}
		p := tr.pos(d.Location)
		var parts []string
		for _, item := range d.Arg.GetList().GetItems() {
			parts = append(parts, item.GetString_().GetSval())
		}
		switch len(parts) {
		case 1:
		case 2:
			if err := tr.inStatementSchema(parts[0], p); err != nil {
				return "", nil, err
			}
		default:
			return "", nil, unsupported(p, "a database-qualified SEQUENCE NAME")
		}
		rest := append(slices.Clone(opts[:i]), opts[i+1:]...)
		return parts[len(parts)-1], rest, nil
	}
	return "", opts, nil
}

// nextvalDefault recognizes DEFAULT nextval('s') (also with ::regclass)
// and returns the sequence's name.
func (tr *translator) nextvalDefault(e plan.Expr) (string, bool) {
	c, ok := e.(*plan.Call)
	if !ok || c.Fn != "sql::nextval" || len(c.Args) != 1 {
		return "", false
	}
	arg := c.Args[0]
	if x, ok := arg.(*plan.Cast); ok {
		arg = x.X
	}
	if rc, ok := arg.(*plan.Call); ok && rc.Fn == "sql::regclass" && len(rc.Args) == 1 {
		arg = rc.Args[0]
	}
	k, ok := arg.(*plan.Const)
	if !ok || k.V.Kind() != value.KindString {
		return "", false
	}
	return tr.relationTextName(k.V.AsString())
}

// relationTextName reads a relation name written as text as regclass
// input does; ok is false for a schema other than the statement's (where
// the executor looks the sequence up by its bare name).
func (tr *translator) relationTextName(s string) (string, bool) {
	schema, name := catalog.SplitQualified(s)
	if schema == "public" {
		schema = ""
	}
	return name, schema == "" || schema == tr.stmtSchema
}

// eachOption calls fn for each option of a statement's WITH-less option
// list (CREATE SEQUENCE, CREATE ROLE, ...) with its position, refusing
// one given twice as PostgreSQL does.
func (tr *translator) eachOption(opts []*pg.Node, fn func(d *pg.DefElem, p int) error) error {
	seen := map[string]bool{}
	for _, n := range opts {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		p := tr.pos(d.Location)
		if seen[d.Defname] {
			return errAt(errs.SyntaxError, p, "conflicting or redundant options")
		}
		seen[d.Defname] = true
		if err := fn(d, p); err != nil {
			return err
		}
	}
	return nil
}
