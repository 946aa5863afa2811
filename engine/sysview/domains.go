package sysview

import (
	"hash/fnv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// The database's SQL domains in pg_type (typtype 'd', typbasetype the
// base type's OID) and their CHECK constraints in pg_constraint (contypid
// the domain), which psql's \dD and pg_dump read. Result columns of a
// domain type report the base type's OID, as PostgreSQL's do; pg_attribute
// and format_type name the domain.

// domains lists the domains of the database and its schemas
// (userTypes).
func (m *model) domains() ([]userType, error) {
	return m.userTypesWhere(func(t userType) bool { return t.def != nil && t.def.Domain != nil })
}

// DomainOID is the pg_type OID of the named domain: a hash of its name,
// with the top bits 10 of the enums' OIDs (value.EnumOID), which lookups
// of such OIDs search among both.
func DomainOID(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte("domain\x00"))
	h.Write([]byte(name))
	return h.Sum32()&^(1<<30) | 1<<31
}

// DomainArrayOID is the pg_type OID of the named domain's array type:
// DomainOID with bit 30 set, as an enum's array type's is (so that either
// is known from the other).
func DomainArrayOID(name string) uint32 { return DomainOID(name) | 1<<30 }

// domainCheckOID is the pg_constraint OID of a domain's CHECK.
func domainCheckOID(domain, name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte("domain check\x00"))
	h.Write([]byte(domain))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return h.Sum32() | 1<<31
}

// pgTypeDomains adds the domains' pg_type rows and their array types':
// length, alignment, category and I/O as the base type's, PostgreSQL's
// values for a domain made in public.
func pgTypeDomains(m *model, out *rowSet) error {
	ds, err := m.domains()
	if err != nil {
		return err
	}
	for _, ut := range ds {
		d := ut.def
		base, typmod := typeOf(d.Type)
		var (
			typlen          int16 = -1
			byVal           bool
			align, category byte = 'i', 'U'
			coll            uint32
			io              = "domain_"
		)
		if bt, ok := findBuiltinType(base); ok {
			typlen, byVal, align, category = bt.len, bt.byVal, bt.align, bt.category
			if bt.category == 'S' {
				coll = OIDDefaultCollation
			}
			io = bt.io
		}
		var def any
		if d.Domain.Default != "" {
			def = d.Domain.Default
		}
		oid, arr, owner := DomainOID(ut.key), DomainArrayOID(ut.key), RoleOID(d.OwnerName())
		out.add(oid, d.Name, ut.nsp, owner, typlen,
			byVal, byte('d'), category, false,
			true, byte(','), uint32(0), "-",
			uint32(0), arr, "domain_in", io+"out", "domain_recv",
			io+"send", "-", "-", "-", align,
			storageOf(typlen), d.Domain.NotNull, base, typmod,
			int32(0), coll, def, def,
			nil)
		addArrayType(out, arr, d.Name, ut.nsp, owner, oid, align)
	}
	return nil
}

// pgConstraintDomains adds the domains' CHECK constraints.
func pgConstraintDomains(m *model, out *rowSet) error {
	ds, err := m.domains()
	if err != nil {
		return err
	}
	for _, ut := range ds {
		for _, c := range ut.def.Domain.Checks {
			out.add(domainCheckOID(ut.key, c.Name), c.Name, ut.nsp, byte('c'), false,
				false, !c.NotValid, uint32(0), DomainOID(ut.key),
				uint32(0), uint32(0), uint32(0), byte(' '),
				byte(' '), byte(' '), true, int32(0),
				false, nil, nil, nil,
				nil, nil, nil, nil,
				nil)
		}
	}
	return nil
}

// domainCheckDef is pg_get_constraintdef of a domain's CHECK ("" when
// oid is none): its text reads VALUE as PostgreSQL prints it.
func domainCheckDef(e *Env, oid uint32, pretty bool) (string, error) {
	ds, err := newModel(e).domains()
	if err != nil {
		return "", err
	}
	for _, ut := range ds {
		for _, c := range ut.def.Domain.Checks {
			if domainCheckOID(ut.key, c.Name) != oid {
				continue
			}
			return domainCheck(e, ut.def, c, pretty), nil
		}
	}
	return "", nil
}

// tableCheckDef is pg_get_constraintdef of t's CHECK constraint c: its
// expression as ruleutils prints it, in the parentheses of CHECK (...).
func tableCheckDef(e *Env, t *catalog.Table, c catalog.Check, pretty bool) string {
	var def string
	if expr, ok := e.ruleExpr(t, c.Expr, pretty); ok {
		def = ruledCheckDef(expr, c.NotValid)
	} else {
		def = checkDef(c.Expr, pretty, c.NotValid)
	}
	if c.NoInherit {
		// PostgreSQL's order: CHECK (...) NO INHERIT NOT VALID.
		base, notValid := strings.CutSuffix(def, " NOT VALID")
		def = base + " NO INHERIT"
		if notValid {
			def += " NOT VALID"
		}
	}
	return def
}

// domainCheck is pg_get_constraintdef of the domain d's CHECK c: its
// expression reads VALUE, to the printer a column of the base type.
func domainCheck(e *Env, d *catalog.TypeDef, c catalog.Check, pretty bool) string {
	t := &catalog.Table{Schemafull: true, Fields: []catalog.Field{{Name: "value", Type: d.Type, Optional: true}}}
	expr, ok := e.ruleExpr(t, c.Expr, pretty)
	if !ok {
		return checkDef(upperValue(c.Expr), pretty, c.NotValid)
	}
	return ruledCheckDef(upperValue(expr), c.NotValid)
}

// ruledCheckDef is pg_get_constraintdef of a CHECK on expr, printed as
// ruleutils prints it (with its own parentheses unless pretty).
func ruledCheckDef(expr string, notValid bool) string {
	def := "CHECK (" + expr + ")"
	if notValid {
		def += " NOT VALID"
	}
	return def
}

// checkDef is pg_get_constraintdef of a CHECK constraint on expr: not
// pretty, PostgreSQL parenthesizes the expression once more,
// CHECK ((a > 0)).
func checkDef(expr string, pretty, notValid bool) string {
	def := "CHECK ((" + expr + "))"
	if pretty {
		def = "CHECK (" + expr + ")"
	}
	if notValid {
		def += " NOT VALID"
	}
	return def
}

// upperValue writes the deparsed identifier value (VALUE, as the parser
// reads it in a domain's CHECK) as VALUE, outside quoted strings and
// identifiers.
func upperValue(s string) string {
	var b strings.Builder
	isIdent := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\'' || c == '"' {
			j := i + 1
			for j < len(s) && s[j] != c {
				j++
			}
			b.WriteString(s[i:min(j+1, len(s))])
			i = j + 1
			continue
		}
		if isIdent(c) {
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			if w := s[i:j]; w == "value" {
				b.WriteString("VALUE")
			} else {
				b.WriteString(w)
			}
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// domainTypeName is format_type's name of a domain's OID or its array
// type's ("" when it is neither).
func domainTypeName(e *Env, oid uint32) (string, error) {
	if !value.IsEnumOID(oid &^ (1 << 30)) {
		return "", nil
	}
	ds, err := newModel(e).domains()
	return userTypeNameIn(e, ds, oid), err
}

// domainTypeOID is text::regtype of a domain's name, or of its array
// type's (name[], or _name as pg_type calls it), looked up in the
// schemas nsps in order (0: none).
func domainTypeOID(e *Env, nsps []uint32, name string, array bool) (uint32, error) {
	ds, err := newModel(e).domains()
	return userTypeOIDIn(ds, nsps, name, array), err
}
