package plan

import (
	"strconv"

	"github.com/zerodb/zerodb/engine/catalog"

	"github.com/zerodb/zerodb/engine/value"
)

// StmtKind classifies a statement for the session.
type StmtKind uint8

const (
	// StmtQuery streams Root's rows to the client.
	StmtQuery StmtKind = iota
	// StmtWrite runs Root (an Insert, Update or Delete, maybe under a
	// Project for RETURNING) and reports the row count in the tag.
	StmtWrite
	// StmtDDL runs Root (a catalog change) and reports Tag.
	StmtDDL
	// StmtBegin, StmtCommit and StmtRollback control the session's
	// transaction block.
	StmtBegin
	StmtCommit
	StmtRollback
	// StmtSavepoint, StmtRelease and StmtRollbackTo are SAVEPOINT,
	// RELEASE [SAVEPOINT] and ROLLBACK TO [SAVEPOINT] of the savepoint
	// named Savepoint.
	StmtSavepoint
	StmtRelease
	StmtRollbackTo
	// StmtSet is a session setting or session-level binding (Root may be
	// nil and Set carries what to do).
	StmtSet
	// StmtUse switches the session's database (UseDatabase).
	StmtUse
	// StmtCopyFrom and StmtCopyTo are COPY FROM STDIN and COPY TO
	// STDOUT (Copy says how; copy.go).
	StmtCopyFrom
	StmtCopyTo
	// StmtDeclare opens the SQL cursor Cursor over the query Root (whose
	// columns are Columns; the statement itself returns no rows);
	// StmtFetch is FETCH or MOVE (Cursor.Move) of a cursor, whose rows
	// have the cursor's columns; StmtCloseCursor is CLOSE (Cursor.Name ""
	// for CLOSE ALL). The session keeps the cursors.
	StmtDeclare
	StmtFetch
	StmtCloseCursor
	// StmtDo is DO: an anonymous PL/pgSQL block, whose whole statement
	// text is Text (the session reads it with package plpgsql).
	StmtDo
)

// String names the kind (EXPLAIN's and the golden files' word for it).
func (k StmtKind) String() string {
	switch k {
	case StmtQuery:
		return "query"
	case StmtWrite:
		return "write"
	case StmtDDL:
		return "ddl"
	case StmtBegin:
		return "begin"
	case StmtCommit:
		return "commit"
	case StmtRollback:
		return "rollback"
	case StmtSavepoint:
		return "savepoint"
	case StmtRelease:
		return "release"
	case StmtRollbackTo:
		return "rollback to"
	case StmtSet:
		return "set"
	case StmtUse:
		return "use"
	case StmtCopyFrom:
		return "copy from"
	case StmtCopyTo:
		return "copy to"
	case StmtDeclare:
		return "declare"
	case StmtFetch:
		return "fetch"
	case StmtCloseCursor:
		return "close"
	case StmtDo:
		return "do"
	}
	return "kind" + strconv.Itoa(int(k))
}

// Statement is the translation of one statement of either front end: what
// the session runs and how it reports the result.
type Statement struct {
	Kind StmtKind
	// Root is the plan to run (nil for transaction control).
	Root Node
	// Columns are the result columns sent in RowDescription (nil when the
	// statement returns no rows).
	Columns []Column
	// Tag is the command tag verb: "SELECT", "INSERT", "UPDATE",
	// "DELETE", "CREATE TABLE", "LET", ... The session appends counts.
	Tag string
	// ReturnsRows: rows of Root are sent to the client (queries, RETURNING,
	// ZQL results); otherwise they are only counted.
	ReturnsRows bool
	// CallOutputs are, for CALL, the index among the call's arguments
	// of the one passed for each result column (the procedure's OUT and
	// INOUT parameters), -1 for none: PL/pgSQL assigns the results to
	// those arguments' variables.
	CallOutputs []int
	// ZQL: rows are single values rendered as JSON in one jsonb column
	// named "result" (zql.md §12); a list value yields one row per element.
	ZQL bool
	// UseDatabase is the target of StmtUse: "db" or "namespace/db".
	UseDatabase string
	// Savepoint names the savepoint of StmtSavepoint, StmtRelease and
	// StmtRollbackTo.
	Savepoint string
	// Set is the session binding or setting of a StmtSet.
	Set *SetSessionVar
	// Setting is a SQL `SET name = value` (Name, Value) for StmtSet.
	SettingName, SettingValue string
	// Text is the statement's source text (for logs and EXPLAIN).
	Text string
	// SettingDefault marks a StmtSet that returns SettingName to its
	// default (SQL RESET name, SET name TO DEFAULT; RESET ALL has
	// SettingName "all"); SettingValue is then empty.
	SettingDefault bool
	// SettingLocal marks SET LOCAL: the value lasts until the end of the
	// transaction block.
	SettingLocal bool
	// ParamTypes are the types of the statement's parameters ($1 is
	// ParamTypes[0]) for ParameterDescription and for decoding Bind
	// values: those the client declared, else inferred from use (SQL:
	// as PostgreSQL does, text when nothing tells).
	ParamTypes []value.Type
	// Copy is the COPY of StmtCopyFrom and StmtCopyTo.
	Copy *Copy
	// Cursor is the cursor statement of StmtDeclare, StmtFetch and
	// StmtCloseCursor.
	Cursor *Cursor
	// Temp marks DDL on the session's temporary schema: creating a
	// temporary table, or dropping, altering, indexing or truncating
	// one. The session runs it with that schema as the current
	// database.
	Temp bool
	// Routines are the stored functions, procedures and aggregates the
	// statement calls, as the translation found them (a definition that
	// changes translates the statement again): the session checks the
	// role's EXECUTE on each before it runs (exec.CheckExecute). A
	// function a called function's body calls is the statement's too; a
	// trigger's function and an aggregate's support functions are not.
	Routines []*catalog.Function
	// Schema names the schema other than public whose objects a DDL
	// statement creates, drops, alters, indexes or truncates ("" for
	// public, and for temporary objects, which Temp marks). The session
	// runs it with that schema as the current database, as it does
	// Temp's.
	Schema string
	// Notify is the LISTEN, UNLISTEN or NOTIFY of a StmtSet (Tag names
	// which): like a setting, it changes the session, not the store.
	Notify *Notify
	// TxnModes are the transaction modes of a StmtBegin (BEGIN ...,
	// START TRANSACTION ...) or of a StmtSet that is SET TRANSACTION or
	// SET SESSION CHARACTERISTICS AS TRANSACTION (SettingName
	// "transaction" or "session characteristics"), in their order: each
	// names the setting it changes (transaction_isolation,
	// transaction_read_only, transaction_deferrable, or their default_
	// forms) and its value. One statement may carry several, and every
	// one of them applies.
	TxnModes []TxnMode
	// LockRows is the row-locking clause of a SELECT (SELECT FOR UPDATE,
	// ...), "" without one: a read-only transaction refuses it, since
	// PostgreSQL's locks rows by writing them.
	LockRows string
	// NoBlock, when set, refuses the statement inside a transaction
	// block (25001, PostgreSQL's PreventInTransactionBlock) and names it
	// in the message: CLUSTER of every table, "REINDEX CONCURRENTLY".
	NoBlock string
}

// TxnMode is one transaction mode: a setting's name and its value.
type TxnMode struct {
	Name, Value string
}

// Notify is LISTEN channel, UNLISTEN channel (Channel "" for UNLISTEN *)
// or NOTIFY channel [, payload].
type Notify struct {
	Channel, Payload string
}

// Cursor is a SQL cursor statement: DECLARE's options, or FETCH/MOVE's
// direction and count, of the cursor Name.
type Cursor struct {
	Name string
	// DECLARE: SCROLL, NO SCROLL (neither: the cursor scans forward
	// only, which PostgreSQL allows itself for some plans), WITH HOLD,
	// BINARY.
	Scroll, NoScroll, Hold, Binary bool
	// FETCH and MOVE (Move): PostgreSQL's FetchDirection and count
	// (FetchAll for ALL); NEXT is FetchForward 1, PRIOR FetchBackward 1,
	// FIRST FetchAbsolute 1, LAST FetchAbsolute -1.
	Direction FetchDirection
	Count     int64
	Move      bool
}

// FetchDirection is the direction of a FETCH or MOVE.
type FetchDirection uint8

const (
	FetchForward FetchDirection = iota
	FetchBackward
	FetchAbsolute
	FetchRelative
)

// FetchAll is the count of FETCH ALL, FORWARD ALL and BACKWARD ALL
// (PostgreSQL's FETCH_ALL, LONG_MAX).
const FetchAll = int64(^uint64(0) >> 1)
