package session

import (
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// virtualTable finds a virtual relation of package sysview: a name
// "pg_catalog.x" or "information_schema.x" (the SQL front end qualifies
// those), or an unqualified pg_catalog name, which PostgreSQL's search
// path finds before the public schema's tables.
func virtualTable(name string) (t *catalog.Table, ok bool, err error) {
	if schema, rel, found := strings.Cut(name, "."); found && schema != "public" {
		if t, ok := sysview.Lookup(schema, rel); ok {
			return t, true, nil
		}
		if schema == sysview.PgCatalog || schema == sysview.InformationSchema {
			return nil, true, errs.New(errs.UndefinedTable, "relation %q does not exist", name)
		}
		return nil, false, nil
	}
	t, ok = sysview.Lookup("", name)
	return t, ok, nil
}

// sysFunction is the builtin.Func a sysview function shows the front
// ends: its arity and result type. The executor calls the sysview
// function itself (Fn here only guards against a caller that does not
// know that).
func sysFunction(name string) (*builtin.Func, bool) {
	sql, ok := strings.CutPrefix(name, "sql::")
	if !ok {
		return nil, false
	}
	f, ok := sysview.LookupFunc(sql)
	if !ok {
		return nil, false
	}
	t := f.Result
	return &builtin.Func{
		Name: name, MinArgs: f.MinArgs, MaxArgs: f.MaxArgs, Strict: f.Strict,
		Result: func([]value.Type) value.Type { return t },
		Params: f.ParamTypes(),
		Fn: func(*builtin.Context, []value.Value) (value.Value, error) {
			return value.None, errs.New(errs.InternalError, "%s needs the executor's session", name)
		},
	}, true
}
