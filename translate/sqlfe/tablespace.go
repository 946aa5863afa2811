package sqlfe

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

// zerodb keeps every relation in one store, which pg_tablespace shows as
// pg_default (pg_global holds PostgreSQL's shared catalogs). A TABLESPACE
// clause naming pg_default changes nothing and is accepted, as pg_dump's
// output and tools that spell the default out need; any other name is
// refused as PostgreSQL refuses it.

// checkTablespace accepts the tablespace name of a TABLESPACE clause
// ("" when there is none). PostgreSQL's errors carry no position.
func checkTablespace(name string) error {
	switch strings.ToLower(name) {
	case "", "pg_default":
		return nil
	case "pg_global":
		return errs.New(errs.InvalidParameterValue, "only shared relations can be placed in pg_global tablespace")
	}
	return errs.New(errs.UndefinedObject, "tablespace %q does not exist", name)
}

// createTableTablespaces checks the TABLESPACE clauses of CREATE TABLE
// cs: the table's own and its constraints' USING INDEX TABLESPACE.
func createTableTablespaces(cs *pg.CreateStmt) error {
	if err := checkTablespace(cs.Tablespacename); err != nil {
		return err
	}
	for _, elt := range cs.TableElts {
		cons := []*pg.Node{elt}
		if cd := elt.GetColumnDef(); cd != nil {
			cons = cd.Constraints
		}
		for _, n := range cons {
			if c := n.GetConstraint(); c != nil {
				if err := checkTablespace(c.Indexspace); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
