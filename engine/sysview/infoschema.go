package sysview

import (
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// The information_schema views, over the same model as pg_catalog.

func (m *model) dbName() string {
	if m.e.Database == nil {
		return ""
	}
	return m.e.Database.Name
}

func isSchemata(m *model, out *rowSet) error {
	db := m.dbName()
	for _, s := range []string{PgCatalog, "public", InformationSchema} {
		out.add(db, s, m.ownerName(), nil, nil, nil, nil)
	}
	return nil
}

func isTables(m *model, out *rowSet) error {
	db := m.dbName()
	m.each(func(r *relInfo) {
		typ := "BASE TABLE"
		switch r.kind {
		case 'i', 'm', 'c', 'S':
			return // information_schema knows no materialized views, composite types or sequences here
		case 'v':
			typ = "VIEW"
		}
		if r.table != nil && r.table.Temporary() && typ == "BASE TABLE" {
			typ = "LOCAL TEMPORARY"
		}
		insertable := "YES"
		if r.table == nil {
			insertable = "NO"
		}
		out.add(db, m.nspName(r.nsp), r.name, typ,
			nil, nil,
			nil, nil,
			nil, insertable, "NO",
			nil)
	})
	return m.err
}

func isColumns(m *model, out *rowSet) error {
	db := m.dbName()
	m.each(func(r *relInfo) {
		if r.kind == 'i' || r.kind == 'S' || r.kind == 'm' || r.kind == 'c' {
			return
		}
		for j, c := range r.cols {
			oid, _ := typeOf(c.t)
			bt, _ := findBuiltinType(oid)
			dataType, udt, udtSchema := "USER-DEFINED", "", PgCatalog
			if bt != nil {
				udt = bt.name
				dataType, _ = FormatType(oid, -1)
				if bt.elem != 0 && bt.category == 'A' {
					// An array column: the SQL standard's data type;
					// udt_name says of what (_int4).
					dataType = "ARRAY"
				}
			} else if sc, name, ok := userTypeRef(c.t); ok {
				// USER-DEFINED (or ARRAY of it), named by udt_schema and
				// udt_name as in PostgreSQL.
				udtSchema, udt = sc, name
				if c.t.Elem != nil {
					dataType, udt = "ARRAY", "_"+name
				}
			}
			var domCatalog, domSchema, domName any
			switch sc, name := splitTypeRef(c.domain); {
			case c.domainArray:
				// A domain's array type is no domain: an ARRAY of it.
				dataType, udtSchema, udt = "ARRAY", sc, "_"+name
			case c.domain != "":
				domCatalog, domSchema, domName = db, sc, name
			}
			var def any
			if c.def != "" {
				def = c.def
			}
			nullable := "YES"
			if c.notNull {
				nullable = "NO"
			}
			var charMax, charOctet, numPrec, numRadix, numScale, dtPrec any
			switch c.t.Kind {
			case value.KindString:
				if c.t.MaxLen > 0 {
					charMax, charOctet = int32(c.t.MaxLen), int32(4*c.t.MaxLen)
				} else {
					charOctet = int32(1073741824)
				}
			case value.KindBits:
				if c.t.MaxLen > 0 {
					charMax = int32(c.t.MaxLen)
				}
			case value.KindInt:
				numPrec, numRadix, numScale = int32(8*bt.len), int32(2), int32(0)
			case value.KindFloat:
				numPrec, numRadix = int32(24), int32(2)
				if c.t.FloatBits != 32 {
					numPrec = int32(53)
				}
			case value.KindDecimal:
				numRadix = int32(10)
				if c.t.Precision > 0 {
					numPrec, numScale = int32(c.t.Precision), int32(c.t.Scale)
				}
			case value.KindDuration:
				dtPrec = int32(6)
			case value.KindDatetime, value.KindTime, value.KindTimeTZ:
				dtPrec = int32(value.MaxTimePrecision)
				switch {
				case c.t.Date:
					dtPrec = int32(0)
				case c.t.TimePrec > 0:
					dtPrec = int32(c.t.TimePrec - 1)
				}
			}
			isIdentity := "NO"
			var idGen, idStart, idInc, idMax, idMin any
			var idCycle any = "NO"
			if s := m.seqs[c.seq]; s != nil && c.identity != catalog.IdentityNone {
				isIdentity, idGen = "YES", "BY DEFAULT"
				if c.identity == catalog.IdentityAlways {
					idGen = "ALWAYS"
				}
				idStart, idInc, idMax, idMin, idCycle = itoa(s.Start), itoa(s.Increment), itoa(s.Max), itoa(s.Min), "NO"
				if s.Cycle {
					idCycle = "YES"
				}
			}
			isGenerated, genExpr := "NEVER", any(nil)
			if c.gen != "" {
				isGenerated, genExpr = "ALWAYS", c.gen
				if text, ok := m.e.ruleExpr(r.table, c.gen, false); ok {
					genExpr = text
				}
			}
			updatable := "YES"
			if r.table == nil {
				updatable = "NO"
			}
			out.add(db, m.nspName(r.nsp), r.name, c.name,
				int32(j+1), def, nullable, dataType,
				charMax, charOctet,
				numPrec, numRadix, numScale,
				dtPrec, nil, nil,
				nil, nil, nil,
				nil, nil, nil,
				domCatalog, domSchema, domName,
				db, udtSchema, udt,
				nil, nil, nil,
				nil, int32(j+1), "NO",
				isIdentity, idGen, idStart,
				idInc, idMax, idMin,
				idCycle, isGenerated, genExpr,
				updatable)
		}
	})
	return m.err
}

func isTableConstraints(m *model, out *rowSet) error {
	db := m.dbName()
	add := func(nsp uint32, name, table, kind string, deferrable, deferred bool) {
		var nullsDistinct any
		if kind == "UNIQUE" {
			nullsDistinct = "YES"
		}
		out.add(db, m.nspName(nsp), name, db, m.nspName(nsp), table, kind, yesNo(deferrable), yesNo(deferred), "YES", nullsDistinct)
	}
	m.each(func(r *relInfo) {
		switch {
		case r.primary:
			deferrable, deferred := r.deferrability()
			add(r.nsp, r.name, r.table.Name, "PRIMARY KEY", deferrable, deferred)
		case r.index != nil && r.index.Constraint:
			add(r.nsp, r.name, r.table.Name, "UNIQUE", r.index.Deferrable, r.index.InitiallyDeferred)
		case r.kind == 'r' && r.table != nil:
			for _, c := range r.table.Checks {
				add(r.nsp, c.Name, r.table.Name, "CHECK", false, false)
			}
		}
	})
	err := m.eachForeignKey(func(f *fkInfo) {
		add(f.table.nsp, f.fk.Name, f.table.name, "FOREIGN KEY", f.fk.Deferrable, f.fk.InitiallyDeferred)
	})
	if err != nil {
		return err
	}
	m.eachNotNull(func(r *relInfo, name, _ string) {
		add(r.nsp, name, r.name, "CHECK", false, false)
	})
	return m.err
}

// isKeyColumnUsage lists the columns of primary keys, UNIQUE
// constraints and foreign keys; a foreign key's column says the
// position of the column it references in the referenced index.
func isKeyColumnUsage(m *model, out *rowSet) error {
	db := m.dbName()
	add := func(nsp uint32, name string, t *relInfo, keys []int16, position func(j int) any) {
		for j, a := range keys {
			if a > 0 {
				out.add(db, m.nspName(nsp), name,
					db, m.nspName(t.nsp), t.name, t.cols[a-1].name,
					int32(j+1), position(j))
			}
		}
	}
	none := func(int) any { return nil }
	m.each(func(r *relInfo) {
		if r.primary || r.index != nil && r.index.Constraint {
			if t, ok := m.relByOID(r.parent); ok {
				add(r.nsp, r.name, t, r.keyAttrs, none)
			}
		}
	})
	return m.eachForeignKey(func(f *fkInfo) {
		ix, ok := m.relByOID(f.index)
		add(f.table.nsp, f.fk.Name, f.table, f.keys, func(j int) any {
			if ok {
				for k, a := range ix.keyAttrs {
					if a == f.refKeys[j] {
						return int32(k + 1)
					}
				}
			}
			return nil
		})
	})
}

func isViews(m *model, out *rowSet) error {
	db := m.dbName()
	m.each(func(r *relInfo) {
		if r.view != nil {
			out.add(db, m.nspName(r.nsp), r.name, r.view.Query, "NONE", "NO", "NO", "NO", "NO", "NO")
		}
	})
	return m.err
}

// userTypeRef is the schema and name of the enum or named composite type
// t is (or is an array of); ok=false for other types.
func userTypeRef(t value.Type) (schema, name string, ok bool) {
	if t.Elem != nil && t.Array {
		t = *t.Elem
	}
	if !(t.IsEnum() || t.IsComposite()) || t.Name == "" {
		return "", "", false
	}
	schema, name = splitTypeRef(t.Name)
	return schema, name, true
}

// splitTypeRef splits a type's catalog.QualifiedType name into its
// schema (public for a bare one) and its own name.
func splitTypeRef(qname string) (schema, name string) {
	if sc, n, ok := strings.Cut(qname, "."); ok {
		return sc, n
	}
	return "public", qname
}
