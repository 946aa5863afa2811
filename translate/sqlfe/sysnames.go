package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

// relationName is the name a FROM item asks the Resolver for: the table
// name for public (a database's tables are its public schema), and
// "schema.name" for PostgreSQL's system schemas, whose relations the
// session's resolver computes (engine/sysview).
func relationName(rv *pg.RangeVar, p int) (string, error) {
	switch rv.Schemaname {
	case "", "public":
		return rv.Relname, nil
	case "pg_catalog", "information_schema":
		return rv.Schemaname + "." + rv.Relname, nil
	}
	return "", errAt(errs.InvalidSchemaName, p, "schema %q does not exist", rv.Schemaname)
}
