package zerodb

import (
	"context"
	"log/slog"
	"sync"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/session"
)

// Options configure Open.
type Options struct {
	// Dir is the data directory; it is created when missing.
	Dir string
	// InMemory keeps everything in memory (Dir is then ignored).
	InMemory bool
	// Database is the database connections start in ("" means main) of
	// the namespace "default".
	Database string
	// Logger receives the engine's structured logs; nil discards them.
	Logger *slog.Logger
	// Functions are Go functions ZQL can call: a script brings one into
	// scope with `import name`; stored function bodies and asserts see
	// them without an import.
	Functions []Function
}

// Function is a Go function callable from ZQL. Its arguments arrive as
// Rows.Values gives values; its result converts as a parameter does.
type Function struct {
	Name string
	// MinArgs and MaxArgs bound the argument count (MaxArgs -1: no bound).
	MinArgs, MaxArgs int
	// Pure functions (same arguments, same result, no side effects) may
	// be evaluated once at plan time when their arguments are constants.
	Pure bool
	Fn   func(ctx context.Context, args []any) (any, error)
}

func (f Function) host() *builtin.Func {
	return &builtin.Func{Name: f.Name, MinArgs: f.MinArgs, MaxArgs: f.MaxArgs, Pure: f.Pure,
		Fn: func(c *builtin.Context, args []value.Value) (value.Value, error) {
			in := make([]any, len(args))
			for i, a := range args {
				in[i] = fromValue(a)
			}
			out, err := f.Fn(c.Ctx, in)
			if err != nil {
				return value.None, errs.From(err)
			}
			return toValue(out)
		}}
}

// DB is an open database. It is safe for concurrent use.
type DB struct {
	db       *session.DB
	database string

	mu   sync.Mutex
	idle []*Conn
}

// maxIdleConns bounds the pool of sessions DB's shortcuts reuse.
const maxIdleConns = 8

// Open opens (creating and bootstrapping when new) a database.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if !opts.InMemory && opts.Dir == "" {
		return nil, errs.New(errs.InvalidParameterValue, "zerodb.Open: Options.Dir is empty (set it, or InMemory)")
	}
	so := session.Options{Dir: opts.Dir, Memory: opts.InMemory, Logger: opts.Logger}
	for _, f := range opts.Functions {
		if f.Name == "" || f.Fn == nil {
			return nil, errs.New(errs.InvalidParameterValue, "zerodb.Open: a Function needs a Name and an Fn")
		}
		so.HostFunctions = append(so.HostFunctions, f.host())
	}
	sdb, err := session.Open(ctx, so)
	if err != nil {
		return nil, errs.From(err)
	}
	db := &DB{db: sdb, database: opts.Database}
	// A database that does not exist fails Open, not the first query.
	c, err := db.Conn(ctx)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	db.put(c)
	return db, nil
}

// Close closes the database; open connections must not be used after it.
func (db *DB) Close() error {
	db.mu.Lock()
	for _, c := range db.idle {
		c.s.Close()
	}
	db.idle = nil
	db.mu.Unlock()
	return db.db.Close()
}

// Conn opens a connection: a session of its own.
func (db *DB) Conn(ctx context.Context) (*Conn, error) {
	s, err := db.db.EmbeddedSession(ctx, db.database)
	if err != nil {
		return nil, errs.From(err)
	}
	return &Conn{db: db, s: s}, nil
}

// get borrows an idle connection (or opens one).
func (db *DB) get(ctx context.Context) (*Conn, error) {
	db.mu.Lock()
	if n := len(db.idle); n > 0 {
		c := db.idle[n-1]
		db.idle = db.idle[:n-1]
		db.mu.Unlock()
		return c, nil
	}
	db.mu.Unlock()
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	c.pooled = true
	return c, nil
}

// put returns a borrowed connection; one left inside a block, or whose
// session a statement changed (use, let, SET), is closed.
func (db *DB) put(c *Conn) {
	c.pooled = true
	if c.s.InTransaction() || c.changed {
		c.s.Close()
		return
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if len(db.idle) < maxIdleConns {
		db.idle = append(db.idle, c)
		return
	}
	c.s.Close()
}

// Query runs a statement that returns rows on a pooled connection; the
// connection returns to the pool when the rows are closed or done.
func (db *DB) Query(ctx context.Context, src string, params ...any) (*Rows, error) {
	c, err := db.get(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, src, params...)
	if err != nil {
		db.put(c)
		return nil, err
	}
	rows.release = func() { db.put(c) }
	return rows, nil
}

// Exec runs a statement on a pooled connection and returns its command
// tag ("INSERT 0 1", "CREATE TABLE", "SELECT 2", ...).
func (db *DB) Exec(ctx context.Context, src string, params ...any) (string, error) {
	c, err := db.get(ctx)
	if err != nil {
		return "", err
	}
	defer db.put(c)
	return c.Exec(ctx, src, params...)
}

// Begin starts a transaction on a connection of its own, which returns to
// the pool at Commit or Rollback.
func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	c, err := db.get(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := c.Begin(ctx)
	if err != nil {
		db.put(c)
		return nil, err
	}
	tx.release = func() { db.put(c) }
	return tx, nil
}

// Conn is one session. It is not safe for concurrent use, and runs one
// statement at a time: a statement's Rows must be closed (or read to the
// end) before the next statement runs (55006 otherwise).
type Conn struct {
	db     *DB
	s      *session.Session
	pooled bool
	// busy is the statement whose rows are open; changed records that a
	// statement changed the session (a pooled Conn is then not reused).
	busy    *Rows
	changed bool
}

// Close ends the session, rolling back an open transaction.
func (c *Conn) Close() error {
	if c.pooled {
		return nil
	}
	c.s.Close()
	return nil
}

// Prepare translates and optimizes one statement (ZQL or SQL) for
// repeated execution on this connection.
func (c *Conn) Prepare(ctx context.Context, src string) (*Stmt, error) {
	st, err := c.s.PrepareStatement(ctx, src)
	if err != nil {
		return nil, errs.From(err)
	}
	return &Stmt{c: c, st: st}, nil
}

// Query prepares and runs a statement once.
func (c *Conn) Query(ctx context.Context, src string, params ...any) (*Rows, error) {
	st, err := c.Prepare(ctx, src)
	if err != nil {
		return nil, err
	}
	return st.Execute(ctx, params...)
}

// Exec prepares and runs a statement once, discarding its rows, and
// returns its command tag.
func (c *Conn) Exec(ctx context.Context, src string, params ...any) (string, error) {
	rows, err := c.Query(ctx, src, params...)
	if err != nil {
		return "", err
	}
	return rows.drain()
}

// Begin opens a transaction block on the connection.
func (c *Conn) Begin(ctx context.Context) (*Tx, error) {
	if _, err := c.Exec(ctx, "BEGIN"); err != nil {
		return nil, err
	}
	return &Tx{c: c}, nil
}

// Stmt is a prepared statement of a connection.
type Stmt struct {
	c  *Conn
	st *session.Statement
}

// Column is a result column.
type Column struct {
	Name string
	// Type is the column's type as ZQL writes it ("i64", "string",
	// "datetime", ...; "any" for ZQL's result column).
	Type string
}

// Columns are the statement's result columns (nil when it returns none).
func (s *Stmt) Columns() []Column { return columnsOf(s.st.Columns()) }

// NumParams is the number of positional parameters the statement uses.
func (s *Stmt) NumParams() int { return s.st.NumParams() }

// Execute runs the statement with parameter values: positional values in
// order, and Named values for ZQL's $name parameters.
func (s *Stmt) Execute(ctx context.Context, params ...any) (*Rows, error) {
	c := s.c
	if c.busy != nil {
		return nil, errs.New("55006", "the connection is busy: the rows of its previous statement are still open")
	}
	pos, named, err := bindParams(params)
	if err != nil {
		return nil, err
	}
	if s.st.ChangesSession() {
		c.changed = true
	}
	r, err := c.s.Run(ctx, s.st, pos, named)
	if err != nil {
		return nil, errs.From(err)
	}
	rows := &Rows{r: r, c: c}
	c.busy = rows
	return rows, nil
}

// Exec runs the statement, discarding its rows, and returns its tag.
func (s *Stmt) Exec(ctx context.Context, params ...any) (string, error) {
	rows, err := s.Execute(ctx, params...)
	if err != nil {
		return "", err
	}
	return rows.drain()
}

// Tx is an open transaction block. Its statements see its own writes;
// Commit makes them durable (or fails with SQLSTATE 40001 when a
// concurrent transaction conflicted), Rollback discards them.
type Tx struct {
	c       *Conn
	done    bool
	release func()
}

// Conn is the connection the transaction runs on (to Prepare statements).
func (tx *Tx) Conn() *Conn { return tx.c }

// Query runs a statement in the transaction.
func (tx *Tx) Query(ctx context.Context, src string, params ...any) (*Rows, error) {
	if err := tx.open(); err != nil {
		return nil, err
	}
	return tx.c.Query(ctx, src, params...)
}

// Exec runs a statement in the transaction and returns its tag.
func (tx *Tx) Exec(ctx context.Context, src string, params ...any) (string, error) {
	if err := tx.open(); err != nil {
		return "", err
	}
	return tx.c.Exec(ctx, src, params...)
}

// Prepare prepares a statement on the transaction's connection.
func (tx *Tx) Prepare(ctx context.Context, src string) (*Stmt, error) {
	if err := tx.open(); err != nil {
		return nil, err
	}
	return tx.c.Prepare(ctx, src)
}

func (tx *Tx) open() error {
	if tx.done {
		return errs.New("25000", "the transaction has already been committed or rolled back")
	}
	return nil
}

// Commit commits the transaction. When a statement in the block failed,
// the block is rolled back, as PostgreSQL's COMMIT does, and Commit
// reports it with SQLSTATE 25P02.
func (tx *Tx) Commit(ctx context.Context) error {
	return tx.end(ctx, "COMMIT")
}

// Rollback discards the transaction; after Commit it does nothing.
func (tx *Tx) Rollback(ctx context.Context) error {
	return tx.end(ctx, "ROLLBACK")
}

func (tx *Tx) end(ctx context.Context, verb string) error {
	if tx.done {
		return nil
	}
	tx.done = true
	if tx.release != nil {
		defer tx.release()
	}
	tag, err := tx.c.Exec(ctx, verb)
	if err != nil {
		return err
	}
	if verb == "COMMIT" && tag == "ROLLBACK" {
		return errs.New(errs.InFailedSQLTransaction, "the transaction was rolled back: a statement in it failed")
	}
	return nil
}

// NamedParam is a value for a ZQL $name parameter.
type NamedParam struct {
	Name  string
	Value any
}

// Named binds a value to the ZQL parameter $name.
func Named(name string, v any) NamedParam { return NamedParam{Name: name, Value: v} }

// bindParams splits Execute's arguments into positional and named values.
func bindParams(params []any) ([]value.Value, map[string]value.Value, error) {
	var pos []value.Value
	var named map[string]value.Value
	for i, p := range params {
		if np, ok := p.(NamedParam); ok {
			v, err := toValue(np.Value)
			if err != nil {
				return nil, nil, errs.From(err).WithDetail("parameter $%s", np.Name)
			}
			if named == nil {
				named = make(map[string]value.Value)
			}
			named[np.Name] = v
			continue
		}
		v, err := toValue(p)
		if err != nil {
			return nil, nil, errs.From(err).WithDetail("parameter $%d", i+1)
		}
		pos = append(pos, v)
	}
	return pos, named, nil
}
