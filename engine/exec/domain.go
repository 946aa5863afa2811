package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// SQL domains (catalog.TypeDef with a Domain) are checked here, where
// every write of a column is validated (storedField): INSERT, UPDATE,
// ON CONFLICT and COPY all pass through it, so a domain's constraints
// hold however a value arrives. The domain is looked up by name in the
// writing transaction, so ALTER DOMAIN reaches columns made before it.

// domainState is one domain as a run checks it: its descriptor and the
// one-column table its CHECK and DEFAULT texts compile against (the
// column is VALUE, which the deparsed text reads as `value`).
type domainState struct {
	def   *catalog.TypeDef
	table *catalog.Table
	// name is the domain's name in messages: catalog.QualifiedType's.
	name string
}

// domain finds the named domain (42704 when missing), once per run: a
// column's Field.Domain or a cast's, "schema.d" for a schema's
// (catalog.QualifiedType).
func (r *run) domain(name string) (*domainState, error) {
	if d, ok := r.domains[name]; ok {
		return d, nil
	}
	txn, db, err := r.txnDatabase()
	if err != nil {
		return nil, err
	}
	home, bare, err := r.x.cat.ResolveType(r.ctx, txn, db, name)
	if err != nil {
		return nil, errs.From(err)
	}
	def, err := r.x.cat.TypeDef(r.ctx, txn, home, bare)
	if err != nil {
		return nil, errs.From(err)
	}
	if def.Domain == nil {
		return nil, errs.New(errs.WrongObjectType, "%q is not a domain", name)
	}
	d := &domainState{def: def, table: domainTable(def), name: name}
	if r.domains == nil {
		r.domains = make(map[string]*domainState)
	}
	r.domains[name] = d
	return d, nil
}

// domainTable is the table whose one column, value, stands for the
// value a domain's expressions read.
func domainTable(def *catalog.TypeDef) *catalog.Table {
	return &catalog.Table{Name: def.Name, Schemafull: true, CreatedBy: "sql",
		Fields: []catalog.Field{{Name: "value", Type: def.Type, Optional: true}}}
}

// checkDomain returns v (of the domain's base type, or none for NULL)
// if it passes the domain's NOT NULL and CHECK constraints: 23502 and
// 23514 with PostgreSQL's messages otherwise. A CHECK that is NULL
// passes, as for tables. Of the domain's array type (array true), it
// checks each element of v, NULLs too, as PostgreSQL's array input and
// coercions check a domain array's elements; a NULL array passes.
func (r *run) checkDomain(name string, array bool, v value.Value) (value.Value, error) {
	d, err := r.domain(name)
	if err != nil {
		return value.None, err
	}
	if array {
		err = r.domainElementsAllow(d, v, d.def.Type.Kind != value.KindList)
	} else {
		err = r.domainAllows(d, v)
	}
	if err != nil {
		return value.None, err
	}
	return v, nil
}

// domainElementsAllow checks the elements of the array v against d: of
// every dimension when deep, of the outer one for a domain over an
// array type, whose values are lists themselves.
func (r *run) domainElementsAllow(d *domainState, v value.Value, deep bool) error {
	if v.Kind() != value.KindList {
		return nil // a NULL array
	}
	for _, x := range v.AsList() {
		var err error
		if deep && x.Kind() == value.KindList {
			err = r.domainElementsAllow(d, x, deep)
		} else {
			err = r.domainAllows(d, x)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *run) domainAllows(d *domainState, v value.Value) error {
	dom := d.def.Domain
	if v.IsSQLNull() && dom.NotNull {
		return errs.New(errs.NotNullViolation, "domain %s does not allow null values", d.name)
	}
	if len(dom.Checks) == 0 {
		return nil
	}
	obj := value.NewObject(1)
	if !v.IsSQLNull() {
		obj.Set("value", v)
	}
	row := [2]value.Value{value.None, value.ObjectOf(obj)}
	// PostgreSQL checks a domain's constraints in name order, so the
	// first failing one by name is the one reported.
	checks := slices.Clone(dom.Checks)
	slices.SortFunc(checks, func(a, b catalog.Check) int { return strings.Compare(a.Name, b.Name) })
	for _, c := range checks {
		x, err := r.indexExpr(d.table, c.Expr)
		if err != nil {
			return err
		}
		res, err := r.eval(x, &scope{row: row[:]})
		if err != nil {
			return err
		}
		if res.Kind() == value.KindBool && !res.AsBool() {
			return errs.New(errs.CheckViolation, "value for domain %s violates check constraint %q", d.name, c.Name)
		}
	}
	return nil
}

// domainDefault is the default of a domain column without one of its
// own: the domain's DEFAULT, or NULL.
func (r *run) domainDefault(f *catalog.Field) (value.Value, error) {
	d, err := r.domain(f.Domain)
	if err != nil || d.def.Domain.Default == "" {
		return value.None, err
	}
	if dom := d.def.Domain; dom.DefaultFunc != "" || dom.DefaultSeq != "" {
		// now(), nextval('s'): evaluated per write as a column's would be.
		return r.fieldDefault(nil, &catalog.Field{Name: f.Name, Type: d.def.Type, HasDefault: true,
			DefaultFunc: dom.DefaultFunc, DefaultSeq: dom.DefaultSeq})
	}
	// Any other expression compiles as a column's would, to the domain's
	// base type.
	v, err := r.evalDefault(d.table, &catalog.Field{Name: "value", Type: d.def.Type, DefaultExpr: d.def.Domain.Default})
	if err != nil || v.IsSQLNull() {
		return value.None, err
	}
	return v, nil
}

// dropDomain is DROP DOMAIN: refused (2BP01) while a column uses the
// domain; CASCADE, which would drop those columns, is 0A000 rather than
// a silent loss of data.
func (r *run) dropDomain(n *plan.DropObject) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	def, err := r.x.cat.TypeDef(r.ctx, txn, db, n.Name)
	if err == nil && def.Domain == nil {
		err = errs.New(errs.WrongObjectType, "%q is not a domain", n.Name)
	}
	if errs.Code(err) == errs.UndefinedObject {
		if _, eerr := r.x.cat.Enum(r.ctx, txn, db, n.Name); eerr == nil {
			err = errs.New(errs.WrongObjectType, "%q is not a domain", n.Name)
		}
	}
	if err != nil {
		return r.skipMissing(err, n.IfExists, errs.UndefinedObject, "type", n.Name)
	}
	qname := catalog.QualifiedType(db, n.Name)
	err = r.domainColumns(txn, qname, func(sp *catalog.Database, t *catalog.Table, f *catalog.Field) error {
		typ := qname
		if f.DomainArray {
			typ += "[]"
		}
		return errTypeInUse("DOMAIN", qname, "column "+f.Name+" of table "+catalog.QualifiedType(sp, t.Name)+" depends on type "+typ, n.Cascade)
	})
	if err != nil {
		return err
	}
	return ignoreIf(r.x.cat.DropTypeDef(r.ctx, txn, db, n.Name), false, "")
}

// domainCheckFn is the call the SQL front end makes of a cast to a
// domain (sqlfe.DomainCheckFn): its arguments are the value, of the
// domain's base type, and the domain's name. The registry has no such
// builtin, since its check reads the catalog, so evalCall looks for it
// only among the names the registry lacks.
const domainCheckFn = "sql::domain_check"

func (r *run) evalDomainCheck(c *plan.Call, sc *scope) (value.Value, error) {
	if len(c.Args) != 2 && len(c.Args) != 3 {
		return value.None, errAt(c.P, errs.UndefinedFunction, "function %s does not take %d arguments", c.Fn, len(c.Args))
	}
	v, err := r.eval(c.Args[0], sc)
	if err != nil {
		return value.None, err
	}
	name, err := r.eval(c.Args[1], sc)
	if err != nil {
		return value.None, err
	}
	// A third argument, true, casts to the domain's array type.
	array := len(c.Args) == 3
	if array {
		a, err := r.eval(c.Args[2], sc)
		if err != nil {
			return value.None, err
		}
		array = a.Kind() == value.KindBool && a.AsBool()
	}
	// No position, as PostgreSQL reports none: the value fails, not the
	// cast's text.
	return r.checkDomain(name.AsString(), array, v)
}

// alterDomain runs ALTER DOMAIN. A new CHECK or NOT NULL must hold for
// what the domain's columns hold already (23514, 23502 with PostgreSQL's
// messages), as ALTER DOMAIN ... ADD CONSTRAINT checks in PostgreSQL.
func (r *run) alterDomain(n *plan.AlterDomain) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	def := *n.Domain
	dom := *def.Domain
	def.Domain = &dom
	if n.Check != nil || n.NotNull {
		only := &catalog.TypeDef{Name: def.Name, Type: def.Type, Domain: &catalog.Domain{NotNull: n.NotNull}}
		if n.Check != nil {
			only.Domain.Checks = []catalog.Check{*n.Check}
		}
		if err := r.domainColumnsPass(only); err != nil {
			return err
		}
	}
	if n.Notice != "" && r.env.Notices != nil {
		if err := r.env.Notices.Notice(errs.Notice{Severity: "NOTICE", Code: errs.SuccessfulCompletion, Message: n.Notice}); err != nil {
			return err
		}
	}
	// Later writes of this run check the domain as it is now.
	delete(r.domains, catalog.QualifiedType(db, def.Name))
	return ignoreIf(r.x.cat.PutTypeDef(r.ctx, txn, db, &def), false, "")
}

// domainColumnsPass requires every stored value of every column of the
// domain def names to pass def's constraints.
func (r *run) domainColumnsPass(def *catalog.TypeDef) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	qname := catalog.QualifiedType(db, def.Name)
	d := &domainState{def: def, table: domainTable(def), name: qname}
	return r.domainColumns(txn, qname, func(_ *catalog.Database, t *catalog.Table, f *catalog.Field) error {
		if f.DomainArray {
			// PostgreSQL's ALTER DOMAIN checks no arrays of the domain.
			return nil
		}
		return r.eachRecord(t, func(_, obj value.Value) error {
			if obj.Kind() != value.KindObject {
				return nil
			}
			v, _ := obj.AsObject().Get(f.Name)
			err := r.domainAllows(d, v)
			switch errs.Code(err) {
			case errs.NotNullViolation:
				return errs.New(errs.NotNullViolation, "column %q of table %q contains null values", f.Name, t.Name)
			case errs.CheckViolation:
				return errs.New(errs.CheckViolation, "column %q of table %q contains values that violate the new constraint", f.Name, t.Name)
			}
			return err
		})
	})
}

// domainColumns calls fn for each column of the domain qname (its
// QualifiedType name) of every table of the database and its schemas.
func (r *run) domainColumns(txn kv.Txn, qname string, fn func(*catalog.Database, *catalog.Table, *catalog.Field) error) error {
	spaces, err := r.typeSpaces(txn)
	if err != nil {
		return err
	}
	for _, sp := range spaces {
		tables, err := r.x.cat.Tables(r.ctx, txn, sp)
		if err != nil {
			return err
		}
		for _, t := range tables {
			for i := range t.Fields {
				if t.Fields[i].Domain == qname {
					if err := fn(sp, t, &t.Fields[i]); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
