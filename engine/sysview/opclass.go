package sysview

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// The polymorphic types whose operator classes serve every enum and
// every array.
const (
	oidAnyEnum  uint32 = 3500
	oidAnyArray uint32 = 2277
)

func pgOpclass(_ *model, out *rowSet) error {
	for _, c := range catalog.Opclasses {
		out.add(c.OID, c.Method, c.Name, OIDPgCatalog, OIDBootstrapRole, c.Family, c.InType, c.Default, c.KeyType)
	}
	return nil
}

// defaultOpclass is the OID of the operator class PostgreSQL picks for
// an index key of type t under access method am when the statement
// names none (0 when it has none here: hnsw's and pg_trgm's belong to
// extensions). As in PostgreSQL, varchar keys take text's class, and
// enums and arrays the classes of anyenum and anyarray.
func defaultOpclass(am uint32, t value.Type) uint32 {
	oid, _ := typeOf(t)
	switch {
	case oid == value.OIDVarchar:
		oid = value.OIDText
	case t.IsEnum():
		oid = oidAnyEnum
	case t.Kind == value.KindList && t.Array && t.Elem != nil:
		oid = oidAnyArray
	}
	for _, c := range catalog.Opclasses {
		if c.Method == am && c.InType == oid && c.Default {
			return c.OID
		}
	}
	return 0
}
