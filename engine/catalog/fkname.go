package catalog

import (
	"strconv"
	"strings"
)

// A foreign key between tables of two schemas of a database names the
// other table by the id of its schema (the database's own id for
// public) and its name, joined by a NUL, which no SQL name holds: ids
// rather than schema names, so ALTER SCHEMA ... RENAME leaves the keys
// as they are. A table of the same schema keeps its bare name, as
// before schemas.

// ForeignName is the name a foreign key's end in another schema gives
// table name of database or schema dbID.
func ForeignName(dbID uint64, name string) string {
	return strconv.FormatUint(dbID, 10) + "\x00" + name
}

// SplitForeignName is the schema id and table name of a ForeignName
// (ok false for a bare name, a table of the holder's own schema).
func SplitForeignName(ref string) (dbID uint64, name string, ok bool) {
	id, name, ok := strings.Cut(ref, "\x00")
	if !ok {
		return 0, ref, false
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return 0, ref, false
	}
	return n, name, true
}

// RelName is how a foreign key end of a table of database or schema
// from names table t.
func RelName(from uint64, t *Table) string {
	if t.Database == from {
		return t.Name
	}
	return ForeignName(t.Database, t.Name)
}

// RefBaseName is the table name a foreign key end names, without its
// schema: what PostgreSQL's messages show.
func RefBaseName(ref string) string {
	_, name, _ := SplitForeignName(ref)
	return name
}
