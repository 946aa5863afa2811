package session

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/translate"
)

// Schemas other than public (docs/sql.md, "Schemas"; catalog.Database's
// Parent). A bare table name is looked up in the session's temporary
// schema, then along search_path, then — where PostgreSQL would stop —
// in public, so that what worked before schemas existed, whatever the
// path says, works still. "schema.table" looks in that schema only.

var _ translate.SchemaResolver = (*resolver)(nil)

// searchPathValue is search_path as set.
func (s *Session) searchPathValue() string {
	if g, ok := s.settings.lookup("search_path"); ok {
		return g.value
	}
	return ""
}

// pathSchema resolves one search_path entry: nil for public (the
// database itself), ok=false for a schema that does not exist.
func (s *Session) pathSchema(ctx context.Context, txn kv.Txn, name string) (schema *catalog.Database, ok bool, err error) {
	switch name {
	case "public":
		return nil, true, nil
	case "$user":
		name = s.User()
	}
	sc, err := s.db.cat.Schema(ctx, txn, s.database, name)
	if errs.Code(err) == errs.InvalidSchemaName {
		return nil, false, nil
	}
	return sc, err == nil, err
}

// pathMemo remembers how a session's search_path resolved: every
// statement's table lookups walk it, and resolving "$user" is a catalog
// read that finds nothing in most databases. It holds while the path,
// the user, the database and the watched (schema) version are the same.
type pathMemo struct {
	raw, user string
	db        *catalog.Database
	version   uint64
	// search is where a bare name is looked up after the temporary
	// schema: the path's existing schemas in order (public as the
	// database itself), then public when the path leaves it out.
	search []*catalog.Database
}

// searchPath is where a bare name is looked up after the temporary
// schema, in order (pathMemo.search).
func (s *Session) searchPath(ctx context.Context, txn kv.Txn) ([]*catalog.Database, error) {
	raw, user := s.searchPathValue(), s.User()
	v := kv.WatchedVersionUnread(txn)
	if m := &s.path; v != 0 && m.version == v && m.raw == raw && m.user == user && m.db == s.database {
		return m.search, nil
	}
	var search []*catalog.Database
	for _, entry := range catalog.ParseSearchPath(raw) {
		sc, ok, err := s.pathSchema(ctx, txn, entry)
		if err != nil {
			return nil, err
		}
		if d := cmp.Or(sc, s.database); ok && !slices.Contains(search, d) {
			search = append(search, d)
		}
	}
	if !slices.Contains(search, s.database) {
		search = append(search, s.database)
	}
	if v != 0 {
		s.path = pathMemo{raw: raw, user: user, db: s.database, version: v, search: search}
	}
	return search, nil
}

// lookupNamed finds a table, a sequence or a function (find looks one up
// in one database, failing with SQLSTATE missing when it has none) by the
// name a front end asks for: "public.x" in public, "schema.x" in that
// schema, and a bare name (or one whose prefix names no schema: a name
// with a dot in it) in the session's temporary schema, then along
// search_path, then in public.
func lookupNamed[T any](ctx context.Context, s *Session, txn kv.Txn, name, missing string,
	find func(context.Context, kv.Txn, *catalog.Database, string) (T, error)) (T, error) {
	var zero T
	if rel, ok := strings.CutPrefix(name, "public."); ok {
		return find(ctx, txn, s.database, rel)
	}
	if rel, ok := strings.CutPrefix(name, "pg_temp."); ok {
		if tmp := s.visibleTemp(); tmp != nil {
			return find(ctx, txn, tmp, rel)
		}
		return zero, errs.New(missing, "relation %q does not exist", name)
	}
	if schema, rel, ok := strings.Cut(name, "."); ok {
		sc, err := s.db.cat.Schema(ctx, txn, s.database, schema)
		switch {
		case err == nil:
			v, err := find(ctx, txn, sc, rel)
			if errs.Code(err) == errs.UndefinedTable {
				err = errs.New(errs.UndefinedTable, "relation %q does not exist", name)
			}
			return v, err
		case errs.Code(err) != errs.InvalidSchemaName:
			return zero, err
		}
	}
	if tmp := s.visibleTemp(); tmp != nil {
		if v, err := find(ctx, txn, tmp, name); errs.Code(err) != missing {
			return v, err
		}
	}
	search, err := s.searchPath(ctx, txn)
	if err != nil {
		return zero, err
	}
	for _, sc := range search {
		if v, err := find(ctx, txn, sc, name); errs.Code(err) != missing {
			return v, err
		}
	}
	if missing == errs.UndefinedFunction {
		return zero, errs.New(missing, "function %s does not exist", name)
	}
	return zero, errs.New(missing, "relation %q does not exist", name)
}

// lookupSequence finds a sequence by name as lookupTable finds a table.
func (s *Session) lookupSequence(ctx context.Context, txn kv.Txn, name string) (*catalog.Sequence, error) {
	return lookupNamed(ctx, s, txn, name, errs.UndefinedTable, s.db.cat.Sequence)
}

// lookupFunction finds a stored function by name as lookupTable finds a
// table: "schema.f" in that schema, a bare name along search_path (42883
// when there is none).
func (s *Session) lookupFunction(ctx context.Context, txn kv.Txn, name string) (*catalog.Function, error) {
	return lookupNamed(ctx, s, txn, name, errs.UndefinedFunction, s.db.cat.Function)
}

// functionHome is the database or schema a function a plan names by
// name lives in, and its own name: "schema.f" is the schema's f (a call
// or trigger the front end bound to it), a bare name db's.
func (s *Session) functionHome(ctx context.Context, txn kv.Txn, db *catalog.Database, name string) (*catalog.Database, string, error) {
	schema, rel, ok := strings.Cut(name, ".")
	switch {
	case !ok:
		return db, name, nil
	case schema == "public":
		return s.database, rel, nil
	}
	sc, err := s.db.cat.Schema(ctx, txn, s.database, schema)
	if errs.Code(err) == errs.InvalidSchemaName {
		return nil, "", errs.New(errs.UndefinedFunction, "function %s does not exist", name)
	}
	return sc, rel, err
}

// creationSchema is the schema a CREATE with a bare name makes its
// object in: the first existing schema of search_path, nil for public
// (also when none exists, where PostgreSQL would refuse).
func (s *Session) creationSchema(ctx context.Context, txn kv.Txn) (*catalog.Database, error) {
	search, err := s.searchPath(ctx, txn)
	if err != nil || search[0] == s.database {
		return nil, err
	}
	return search[0], nil
}

func (r *resolver) TableSchema(ctx context.Context, t *catalog.Table) (string, error) {
	if t.Temporary() {
		return "pg_temp", nil
	}
	return r.s.schemaName(ctx, r.txn, t.Database)
}

func (r *resolver) ObjectSchema(ctx context.Context, databaseID uint64) (string, error) {
	if keys.IsTempDatabase(databaseID) {
		return "pg_temp", nil
	}
	return r.s.schemaName(ctx, r.txn, databaseID)
}

// schemaName names the schema whose catalog id is id: "" for public.
func (s *Session) schemaName(ctx context.Context, txn kv.Txn, id uint64) (string, error) {
	if id == s.database.ID {
		return "", nil
	}
	sc, err := s.db.cat.SchemaByID(ctx, txn, s.database, id)
	if errs.Code(err) == errs.InvalidSchemaName {
		// A relation computed when scanned (a sequence's, pg_catalog's):
		// the statement's DDL reports what it is.
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return sc.Name, nil
}

// lookupView finds a view by the name a front end asks for, as
// lookupTable finds a table (nil when there is none): "public.v" and
// "schema.v" in that schema, a bare name along the same walk, where a
// table of that name in an earlier schema (or a temporary one) hides
// the view as it would in PostgreSQL's one namespace of relations. The
// last place the walk looks needs no such check, so the default path
// costs one cached lookup, as before schemas.
func (s *Session) lookupView(ctx context.Context, txn kv.Txn, name string) (*catalog.View, error) {
	cat := s.db.cat
	if rel, ok := strings.CutPrefix(name, "public."); ok {
		return cat.LookupView(ctx, txn, s.database, rel)
	}
	if rel, ok := strings.CutPrefix(name, "pg_temp."); ok {
		if tmp := s.visibleTemp(); tmp != nil {
			return cat.LookupView(ctx, txn, tmp, rel)
		}
		return nil, nil
	}
	if schema, rel, ok := strings.Cut(name, "."); ok {
		sc, err := cat.Schema(ctx, txn, s.database, schema)
		switch {
		case err == nil:
			return cat.LookupView(ctx, txn, sc, rel)
		case errs.Code(err) != errs.InvalidSchemaName:
			return nil, err
		}
	}
	hides := func(sc *catalog.Database) bool {
		_, err := cat.Table(ctx, txn, sc, name)
		return err == nil
	}
	if tmp := s.visibleTemp(); tmp != nil {
		// The session's temporary views and tables come first.
		if v, err := cat.LookupView(ctx, txn, tmp, name); v != nil || err != nil {
			return v, err
		}
		if hides(tmp) {
			return nil, nil
		}
	}
	search, err := s.searchPath(ctx, txn)
	if err != nil {
		return nil, err
	}
	for i, sc := range search {
		v, err := cat.LookupView(ctx, txn, sc, name)
		if v != nil || err != nil || i == len(search)-1 || hides(sc) {
			return v, err
		}
	}
	return nil, nil
}

func (r *resolver) CreationSchema(ctx context.Context) (string, error) {
	sc, err := r.s.creationSchema(ctx, r.txn)
	if err != nil || sc == nil {
		return "", err
	}
	return sc.Name, nil
}

func (r *resolver) SchemaExists(ctx context.Context, name string) bool {
	_, err := r.s.db.cat.Schema(ctx, r.txn, r.s.database, name)
	return err == nil
}

func (r *resolver) TargetSchema(schema string) { r.target = schema }

// schemaEnv makes a schema the statement's database for DDL on its
// objects (plan.Statement.Schema), as tempEnv does for temporary ones.
// Any DDL there takes USAGE on the schema, creating an object CREATE
// (both its owner's alone until granted, as in PostgreSQL).
func (s *Session) schemaEnv(ctx context.Context, env *exec.Env, st *plan.Statement) error {
	if st.Schema == "" {
		return nil
	}
	sc, err := s.db.cat.Schema(ctx, env.Txn, s.database, st.Schema)
	if err != nil {
		return err
	}
	if r := env.Role; r != nil && !r.Superuser {
		need := catalog.PrivUsage
		if strings.HasPrefix(st.Tag, "CREATE") {
			need |= catalog.PrivCreate
		}
		if !sc.SchemaPrivileges().Has(r.Privs, need, catalog.SchemaPrivileges) {
			return errs.New(errs.InsufficientPrivilege, "permission denied for schema %s", sc.Name)
		}
	}
	env.Database = sc
	return nil
}
