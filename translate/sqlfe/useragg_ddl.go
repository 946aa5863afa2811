package sqlfe

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/zerodb/zerodb/errs"
)

// An aggregate is a function of the catalog's: DROP AGGREGATE is
// dropFunction's, RENAME TO renameFunction's, OWNER TO alterOwner's, SET
// SCHEMA moveObject's, COMMENT ON AGGREGATE comment's.

// aggregateTarget is the aggregate ALTER or COMMENT names (with its
// argument types, which must be its own): its schema and name.
func (tr *translator) aggregateTarget(ow *pg.ObjectWithArgs) (schema, name string, err error) {
	if schema, name, err = tr.functionTarget(ow.GetObjname(), false); err != nil {
		return "", "", err
	}
	f, found, err := tr.storedFunction(qualified(schema, name))
	if err != nil {
		return "", "", err
	}
	sig, err := tr.objectSignature(name, ow)
	if err != nil {
		return "", "", err
	}
	switch {
	case found && !ow.GetArgsUnspecified() && sig != f.Signature(), !found:
		if len(ow.GetObjargs()) == 0 {
			sig = name + "(*)"
		}
		return "", "", errs.New(errs.UndefinedFunction, "aggregate %s does not exist", sig)
	case !f.IsAggregate():
		return "", "", errs.New(errs.WrongObjectType, "function %s is not an aggregate", f.Signature())
	}
	return schema, name, nil
}
