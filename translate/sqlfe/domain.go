package sqlfe

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/translate"
)

// SQL domains are catalog named types (catalog.TypeDef) with a Domain:
// Type is the base type, which a domain column has for reading,
// operators, indexes and the wire; the column also names the domain
// (catalog.Field.Domain), and the executor checks the domain's NOT NULL
// and CHECK constraints and applies its DEFAULT on every write of it
// (exec/domain.go). A cast to a domain is a cast to its base type whose
// value the executor checks the same way (domainCheck).

const (
	TagCreateDomain = "CREATE DOMAIN"
	TagAlterDomain  = "ALTER DOMAIN"
	TagDropDomain   = "DROP DOMAIN"
)

// domainDef finds the domain a type name names (ok false when it names
// none, or the resolver sees no catalog objects).
func (tr *translator) domainDef(name string) (*catalog.TypeDef, bool, error) {
	cr, ok := tr.r.(translate.CatalogResolver)
	if !ok {
		return nil, false, nil
	}
	t, ok, err := cr.TypeDef(tr.ctx, name)
	if err != nil || !ok || t.Domain == nil {
		return nil, false, err
	}
	return t, true, nil
}

// domainCheck is x cast to domain d (x has d's base type), or to its
// array type (array: x is an array of the base type): the executor
// checks d's constraints on the value, or on each element
// (exec/domain.go).
func domainCheck(x texpr, d string, array bool, p int) texpr {
	args := []plan.Expr{x.e, &plan.Const{At: at(p), V: value.String(d)}}
	if array {
		args = append(args, &plan.Const{At: at(p), V: value.Bool(true)})
	}
	x.e = &plan.Call{At: at(p), Fn: DomainCheckFn, Args: args, SQL: true}
	return x
}

// DomainCheckFn is the executor's function of domainCheck.
const DomainCheckFn = "sql::domain_check"

// deparseExpr is an expression's SQL text as PostgreSQL prints it, the
// form CHECK and DEFAULT expressions are stored in.
func deparseExpr(n *pg.Node, p int) (string, error) {
	sel := &pg.SelectStmt{TargetList: []*pg.Node{pg.MakeResTargetNodeWithVal(n, 0)}}
	// Deparse wants the parser's tree version, which a parse tells.
	one, err := pg.Parse("SELECT 1")
	if err != nil {
		return "", errAt(errs.InternalError, p, "%v", err)
	}
	text, err := pg.Deparse(&pg.ParseResult{Version: one.Version, Stmts: []*pg.RawStmt{{Stmt: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}}}})
	if err != nil {
		return "", errAt(errs.SyntaxError, p, "cannot store expression: %v", err)
	}
	// What is stored is parsed again whenever it is used: some trees
	// print as text that does not parse ($0 prints as "?").
	if _, err := pg.Parse(text); err != nil {
		return "", errAt(errs.SyntaxError, p, "cannot store expression %q", strings.TrimPrefix(text, "SELECT "))
	}
	return strings.TrimPrefix(text, "SELECT "), nil
}

// domainTable is the one-column table (the column value, which VALUE
// is to the parser) that a domain's CHECK expressions are translated
// against, as the executor compiles them.
func domainTable(def *catalog.TypeDef) *catalog.Table {
	return &catalog.Table{Name: def.Name, Schemafull: true, CreatedBy: "sql",
		Fields: []catalog.Field{{Name: "value", Type: def.Type, Optional: true}}}
}

// addDomainCheck adds a CHECK constraint to def, named as PostgreSQL
// names it (<domain>_check, then _check1, ...), after translating it
// against the domain's value to report its errors now.
func (tr *translator) addDomainCheck(def *catalog.TypeDef, c *pg.Constraint) (catalog.Check, error) {
	p := tr.pos(c.Location)
	t := domainTable(def)
	t.Checks = append(t.Checks, def.Domain.Checks...)
	c = proto.Clone(c).(*pg.Constraint)
	if c.Conname == "" {
		base := def.Name + "_check"
		c.Conname = base
		for i := 1; hasCheck(t, c.Conname); i++ {
			c.Conname = base + strconv.Itoa(i)
		}
	} else if hasCheck(t, c.Conname) {
		return catalog.Check{}, errAt(errs.DuplicateObject, p, "constraint \"%s\" for domain \"%s\" already exists", c.Conname, def.Name)
	}
	if err := tr.addCheck(t, c, ""); err != nil {
		return catalog.Check{}, err
	}
	ch := t.Checks[len(t.Checks)-1]
	one := *t
	one.Checks = []catalog.Check{ch}
	tr.zoned = false
	compiled, err := tr.tableChecks(&one, rangeEntry{name: def.Name, table: &one, pos: p})
	if err != nil {
		return catalog.Check{}, err
	}
	// The executor compiles the check as it does an index expression,
	// which may call only immutable builtins and not depend on the time
	// zone; PostgreSQL allows more, which is refused here rather than at
	// every write.
	if tr.immutable(compiled[0].Cond, "domain check") != nil || tr.zoned {
		return catalog.Check{}, unsupported(p, "domain CHECK constraints that call functions that are not immutable")
	}
	def.Domain.Checks = append(def.Domain.Checks, ch)
	return ch, nil
}

// setDomainDefault translates a domain's DEFAULT as a column's (which
// reports its errors now) and sets def's (Domain.Default and, for a
// function or sequence, DefaultFunc or DefaultSeq).
func (tr *translator) setDomainDefault(def *catalog.TypeDef, x *pg.Node, p int) error {
	text, err := deparseExpr(x, p)
	if err != nil {
		return err
	}
	f := catalog.Field{Name: "value", Type: def.Type, Optional: true}
	if err := tr.columnDefault(&f, x); err != nil {
		return err
	}
	def.Domain.Default, def.Domain.DefaultFunc, def.Domain.DefaultSeq = text, f.DefaultFunc, f.DefaultSeq
	return nil
}

func (tr *translator) createDomain(s *pg.CreateDomainStmt) (*plan.Statement, error) {
	schema, name, err := tr.typeTarget(s.Domainname, true)
	if err != nil {
		return nil, err
	}
	if s.CollClause != nil {
		return nil, unsupported(tr.pos(s.CollClause.Location), "COLLATE")
	}
	base, err := tr.typeName(s.TypeName)
	if err == nil {
		err = noJSONPathColumn(base, tr.pos(s.TypeName.Location))
	}
	if err != nil {
		return nil, err
	}
	if tr.typeDomain != "" {
		// The new domain would have to check the other's constraints too.
		what := "domains over domains"
		if tr.typeDomainArray {
			what = "domains over arrays of domains"
		}
		return nil, unsupported(tr.pos(s.TypeName.Location), what)
	}
	def := &catalog.TypeDef{Name: name, Type: base, Domain: &catalog.Domain{}}
	sawNull, sawNotNull := false, false
	for _, n := range s.Constraints {
		c := n.GetConstraint()
		if c == nil {
			continue
		}
		cp := tr.pos(c.Location)
		switch c.Contype {
		case pg.ConstrType_CONSTR_NOTNULL:
			if sawNull {
				return nil, errAt(errs.SyntaxError, cp, "conflicting NULL/NOT NULL constraints")
			}
			sawNotNull, def.Domain.NotNull = true, true
		case pg.ConstrType_CONSTR_NULL:
			if sawNotNull {
				return nil, errAt(errs.SyntaxError, cp, "conflicting NULL/NOT NULL constraints")
			}
			sawNull = true
		case pg.ConstrType_CONSTR_CHECK:
			if _, err := tr.addDomainCheck(def, c); err != nil {
				return nil, err
			}
		case pg.ConstrType_CONSTR_DEFAULT:
			if def.Domain.Default != "" {
				return nil, errAt(errs.SyntaxError, cp, "multiple default expressions")
			}
			if err := tr.setDomainDefault(def, c.RawExpr, cp); err != nil {
				return nil, err
			}
		case pg.ConstrType_CONSTR_PRIMARY:
			return nil, errAt(errs.SyntaxError, cp, "primary key constraints not possible for domains")
		default:
			return nil, errAt(errs.SyntaxError, cp, "%s not possible for domains", constraintName(c.Contype))
		}
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagCreateDomain, Schema: schema, Root: &plan.CreateType{Type: def}}, nil
}

func (tr *translator) dropDomain(ds *pg.DropStmt) (*plan.Statement, error) {
	var drops []plan.Node
	var names []string
	for _, o := range ds.Objects {
		schema, name, err := tr.typeTarget(o.GetTypeName().GetNames(), false)
		if err != nil {
			return nil, err
		}
		drops = append(drops, &plan.DropObject{Kind: "domain", Name: name, IfExists: ds.MissingOk,
			Cascade: ds.Behavior == pg.DropBehavior_DROP_CASCADE, Schema: schema})
		names = append(names, name)
	}
	return allOf(TagDropDomain, drops, names), nil
}

// alterDomain is ALTER DOMAIN: the change is made here to a copy of the
// domain the translation looked up, and the executor checks the stored
// values against what it adds.
func (tr *translator) alterDomain(s *pg.AlterDomainStmt) (*plan.Statement, error) {
	p := tr.stmt.stmtPos()
	schema, name, err := tr.typeTarget(s.TypeName, false)
	if err != nil {
		return nil, err
	}
	cur, ok, err := tr.domainDef(qualified(schema, name))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.UndefinedObject, "type \"%s\" does not exist", name)
	}
	dom := *cur.Domain
	dom.Checks = slices.Clone(dom.Checks)
	def := &catalog.TypeDef{Name: cur.Name, Type: cur.Type, Domain: &dom}
	n := &plan.AlterDomain{Domain: def}
	switch s.Subtype {
	case "T": // SET DEFAULT, DROP DEFAULT
		dom.Default, dom.DefaultFunc, dom.DefaultSeq = "", "", ""
		if s.Def != nil {
			if err := tr.setDomainDefault(def, s.Def, p); err != nil {
				return nil, err
			}
		}
	case "N": // DROP NOT NULL
		dom.NotNull = false
	case "O": // SET NOT NULL
		n.NotNull = !dom.NotNull
		dom.NotNull = true
	case "C": // ADD CONSTRAINT
		c := s.Def.GetConstraint()
		if c == nil || c.Contype != pg.ConstrType_CONSTR_CHECK {
			what := "this constraint"
			if c != nil {
				what = constraintName(c.Contype)
			}
			return nil, unsupported(p, "ALTER DOMAIN ... ADD "+what+" other than CHECK")
		}
		ch, err := tr.addDomainCheck(def, c)
		if err != nil {
			return nil, err
		}
		if c.SkipValidation {
			// NOT VALID: only new writes are checked.
			dom.Checks[len(dom.Checks)-1].NotValid = true
			break
		}
		n.Check = &ch
	case "X": // DROP CONSTRAINT
		i := slices.IndexFunc(dom.Checks, func(c catalog.Check) bool { return c.Name == s.Name })
		if i < 0 {
			if !s.MissingOk {
				return nil, errs.New(errs.UndefinedObject, "constraint \"%s\" of domain \"%s\" does not exist", s.Name, name)
			}
			n.Notice = "constraint \"" + s.Name + "\" of domain \"" + name + "\" does not exist, skipping"
			break
		}
		dom.Checks = slices.Delete(dom.Checks, i, i+1)
	default:
		return nil, unsupported(p, "this form of ALTER DOMAIN")
	}
	return &plan.Statement{Kind: plan.StmtDDL, Tag: TagAlterDomain, Schema: schema, Root: n}, nil
}
