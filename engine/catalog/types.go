package catalog

import (
	"time"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Consistency of a namespace (zql.md §11). Stored now; the cluster layer
// gives it effect.
type Consistency string

const (
	Strong   Consistency = "strong"
	Eventual Consistency = "eventual"
)

// Namespace is a tenant: a set of databases with one consistency level.
type Namespace struct {
	ID          uint64
	Name        string
	Consistency Consistency
}

// Database is a set of tables, stored functions, enums and named types
// (objects.go) inside a namespace. Every key of a database lives under one key prefix, so a
// database can be moved, replicated and dropped as one range.
type Database struct {
	ID        uint64
	Namespace uint64
	Name      string
	// Owner is the role that made the database; "" (databases made
	// before there were owners, and the default one) is root.
	Owner string
	// Parent is, for a schema other than public (CREATE SCHEMA), the id
	// of the database it belongs to; 0 for a database. Such a schema is
	// a Database of its own — its tables, indexes, sequences and views
	// are keyed under its id — that has a directory entry in its
	// database's catalog instead of one in the namespace. DDL on its
	// objects runs with it as the statement's database, so the
	// executor's DDL knows nothing of schemas.
	Parent uint64
	// ACL is a schema's access list (GRANT ... ON SCHEMA; nil: its
	// owner's default, as Privileges.ACL).
	ACL []ACLItem
	// Comment is a schema's COMMENT ON SCHEMA text ("": none).
	Comment string
	// DefaultACLs are ALTER DEFAULT PRIVILEGES' access lists: a
	// database's for every schema (and, InSchema, for public), a
	// schema's for itself (defaultacl.go).
	DefaultACLs []DefaultACL
}

// SchemaPrivileges are a schema's owner and access list.
func (d *Database) SchemaPrivileges() *Privileges {
	return &Privileges{Owner: d.Owner, ACL: d.ACL}
}

// IsSchema reports whether d is a schema other than public of a database
// (see Parent).
func (d *Database) IsSchema() bool { return d.Parent != 0 }

// Base is the database d is a schema of, or d itself: for a schema, its
// id and namespace, which is all that looking names up by it needs.
func (d *Database) Base() *Database {
	if d.IsSchema() {
		return &Database{ID: d.Parent, Namespace: d.Namespace}
	}
	return d
}

// OwnerName is the database's owner.
func (d *Database) OwnerName() string { return ownerName(d.Owner) }

// ownerName is an object's owner, whose "" is root.
func ownerName(owner string) string {
	if owner == "" {
		return BootstrapUser
	}
	return owner
}

// Table is a record table. A table made with SQL CREATE TABLE is
// schemafull with Fields in column order; a ZQL table::create(@t) without
// a schema is schemaless (Fields nil: any object is accepted).
//
// Keys: every record has a record id table.@key. When PrimaryKey names one
// column, that column's value IS the key; with several columns the key is a
// tuple of their values. Primary-key columns are stored in the record's
// value too, so a column read and the key always agree and each column
// keeps its exact SQL type (the key encoding folds numeric kinds). With no PrimaryKey the key is given by the writer (ZQL
// t::add(@k, …), t.@k) or generated (time-ordered, unique).
type Table struct {
	ID         uint64
	Database   uint64
	Name       string
	Schemafull bool
	Fields     []Field
	PrimaryKey []string
	// PKeyName names the primary key's constraint and index when it is
	// not the table's name with _pkey, the default: renaming the table
	// keeps the old name, as PostgreSQL does, and ALTER INDEX renames it
	// (PKeyConstraint).
	PKeyName string
	// CreatedBy records the front end that made it ("sql" or "zql"); it
	// only affects how `SELECT *` shows a schemaless table.
	CreatedBy string
	// Indexes are the table's secondary indexes (ordered and vector), in
	// creation order. They live in the table's descriptor so that a plan
	// that depends on them is revalidated like any other schema change.
	Indexes []Index
	// Edge marks an edge table (zql.md §9): its records are graph edges
	// whose `in` and `out` fields link two vertices, and the executor keeps
	// their adjacency keys. Nil for every other table.
	Edge *EdgeSpec
	// Checks are the table's SQL CHECK constraints.
	Checks []Check
	// Exclusions are the table's EXCLUDE constraints.
	Exclusions []Exclusion
	// ForeignKeys are the table's FOREIGN KEY constraints (this table is
	// the referencing side).
	ForeignKeys []ForeignKey
	// ReferencedBy names the tables with a foreign key referencing this
	// one (this table among them for a self-reference), so that a write
	// of this table finds the constraints it must enforce without
	// reading every descriptor. The DDL that adds or drops a foreign key
	// keeps both sides in step in one transaction.
	ReferencedBy []string
	// Comment is COMMENT ON TABLE's text ("": none).
	Comment string
	// ConstraintComments are COMMENT ON CONSTRAINT's texts by constraint
	// name (its primary key, UNIQUE, CHECK and FOREIGN KEY constraints);
	// a comment goes when its constraint does (encodeTable keeps only
	// those of the constraints the table has).
	ConstraintComments map[string]string
	// MatView marks a materialized view: a table whose records are its
	// query's rows as of the last CREATE or REFRESH. Nil for tables.
	MatView *MatView
	// Stats are the table's statistics as of its last ANALYZE (nil:
	// never analyzed). They steer the optimizer's choices (a parallel
	// plan for a large table); they never change an answer.
	Stats *TableStats
	// OnCommit is a temporary table's ON COMMIT action ("": PRESERVE
	// ROWS; OnCommitDeleteRows, OnCommitDrop); the session runs it when
	// a transaction that saw the table commits.
	OnCommit string
	// Triggers are the table's SQL triggers, in name order (the order
	// PostgreSQL fires them in).
	Triggers []Trigger
	// RowSecurity and ForceRowSecurity are ALTER TABLE ... ENABLE and
	// FORCE ROW LEVEL SECURITY (relrowsecurity, relforcerowsecurity);
	// Policies the table's row security policies, in name order.
	RowSecurity, ForceRowSecurity bool
	Policies                      []Policy
	// Privileges are the owner and access list (a materialized view's
	// too).
	Privileges
	// Transition, never stored, marks the descriptor of a trigger's
	// transition table (Trigger.OldTable, NewTable) as its function's
	// statements see it: the table's columns under the name the
	// trigger gives them, scanned from the rows the firing statement
	// wrote (exec.Transition) rather than from kv.
	Transition bool
	// CatalogKey, never stored, names the column of a virtual catalog
	// relation (package sysview) that holds the OID of the relation each
	// row describes (pg_attribute.attrelid): given that OID, the
	// relation's rows can be made for that relation alone.
	CatalogKey string
	// InsteadOf, never stored, marks the descriptor of a view as the
	// target of an INSERT, UPDATE or DELETE its INSTEAD OF triggers
	// make: the view's name, columns and triggers, no storage.
	InsteadOf bool
	// Partitioned makes the table a partitioned table (PARTITION BY):
	// it holds no records; Partitions name its partitions, in the order
	// they were attached.
	Partitioned *PartitionKey
	Partitions  []string
	// PartitionOf names the partitioned table this table is a partition
	// of ("": none), Bound its FOR VALUES.
	PartitionOf string
	Bound       *PartitionBound
	// Inherits names the tables this table inherits from (INHERITS,
	// ALTER TABLE ... INHERIT), in order (pg_inherits.inhseqno);
	// Children the tables inheriting from it, in the order they came
	// (inherit.go). Both sides are kept in step in one transaction, so a
	// plan reading a parent is revalidated when a child comes or goes.
	Inherits, Children []string
	// RelOptions are the storage parameters of CREATE TABLE ... WITH and
	// ALTER TABLE ... SET (a materialized view's too), name=value as
	// pg_class.reloptions lists them, toast.name for its toast table's
	// (ValidateRelOptions); PKeyOptions the primary key index's. zerodb
	// keeps, shows and dumps them and acts on none.
	RelOptions, PKeyOptions []string
	// PKeyClustered marks the primary key's index as the one CLUSTER
	// last named (Index.Clustered for the others).
	PKeyClustered bool
	// PKeyInclude are the primary key's INCLUDE columns (Index.Include).
	PKeyInclude []string
	// PKeyReplicaIdentity marks the primary key's index as REPLICA
	// IDENTITY USING INDEX's (Index.ReplicaIdentity for the others).
	PKeyReplicaIdentity bool
	// ReplicaIdentity is ALTER TABLE ... REPLICA IDENTITY's choice as
	// pg_class.relreplident spells it: 'f' FULL, 'n' NOTHING, 'i' USING
	// INDEX (the index marked, if it was not dropped since), 0 DEFAULT.
	// zerodb has no logical replication to act on it; it is kept for
	// the catalogs and dumps.
	ReplicaIdentity byte
	// Statistics are its extended statistics objects (CREATE
	// STATISTICS), in creation order (statistics.go).
	Statistics []Statistic
}

// HasConstraint reports whether t has a constraint called name: its
// primary key, a UNIQUE constraint's index, a CHECK, an EXCLUDE or a
// FOREIGN KEY.
func (t *Table) HasConstraint(name string) bool {
	if len(t.PrimaryKey) > 0 && t.PKeyConstraint() == name {
		return true
	}
	for i := range t.Indexes {
		if t.Indexes[i].Constraint && t.Indexes[i].Name == name {
			return true
		}
	}
	for i := range t.Checks {
		if t.Checks[i].Name == name {
			return true
		}
	}
	for i := range t.ForeignKeys {
		if t.ForeignKeys[i].Name == name {
			return true
		}
	}
	for i := range t.Exclusions {
		if t.Exclusions[i].Name == name {
			return true
		}
	}
	return false
}

// ConstraintOrIndex reports whether name is taken among t's constraints
// and indexes, which PostgreSQL names from one namespace per table (an
// EXCLUDE, UNIQUE or PRIMARY KEY constraint is its index).
func (t *Table) ConstraintOrIndex(name string) bool {
	_, ok := t.IndexByName(name)
	return ok || t.HasConstraint(name)
}

// TransitionOf is the descriptor of a transition table name of t: its
// columns, nothing that reads or keeps kv (keys, indexes, constraints,
// triggers, statistics); its privileges are t's.
func (t *Table) TransitionOf(name string) *Table {
	return &Table{ID: t.ID, Database: t.Database, Name: name, Schemafull: t.Schemafull, Fields: t.Fields, CreatedBy: t.CreatedBy, Transition: true, Privileges: t.Privileges}
}

// ON COMMIT actions of a temporary table (Table.OnCommit).
const (
	OnCommitDeleteRows = "delete"
	OnCommitDrop       = "drop"
)

// Temporary reports whether t is a temporary table: one of a session's
// temporary schema (keys.TempDatabaseBit), seen by that session only.
func (t *Table) Temporary() bool { return keys.IsTempDatabase(t.Database) }

// Temporary reports whether db is a session's temporary schema rather
// than a database of the directory.
func (db *Database) Temporary() bool { return keys.IsTempDatabase(db.ID) }

// Temporary reports whether v is a temporary view of a session.
func (v *View) Temporary() bool { return keys.IsTempDatabase(v.Database) }

// TableStats are a table's statistics, taken by ANALYZE.
type TableStats struct {
	// Rows is the number of records the table held.
	Rows int64 `json:"rows"`
}

// MatView is what a materialized view adds to its table: the query (the
// SELECT's text, as deparsed when the view was made, which REFRESH
// translates again) and whether the records hold its rows (WITH NO DATA
// leaves a view unpopulated: reading it is an error until a REFRESH).
type MatView struct {
	Query     string `json:"query"`
	Populated bool   `json:"populated,omitempty"`
}

// FKAction is what a foreign key does to referencing rows when the
// referenced key is deleted or updated; the values are PostgreSQL's
// pg_constraint.confdeltype codes.
type FKAction string

const (
	FKNoAction   FKAction = "a"
	FKRestrict   FKAction = "r"
	FKCascade    FKAction = "c"
	FKSetNull    FKAction = "n"
	FKSetDefault FKAction = "d"
)

// ForeignKey is a FOREIGN KEY constraint: MATCH SIMPLE (a row with a
// NULL in any referencing column is not checked) unless MatchFull (a row
// must have all of them NULL or none). RefColumns are the
// columns of a primary key or unique index of RefTable, in the order
// that pairs them with Columns.
//
// RefTable, and the referenced table's ReferencedBy, name the table at
// the other end as seen from the table holding the name (RelName): bare
// in its own schema, ForeignName in another schema of the database.
type ForeignKey struct {
	Name     string   `json:"name"`
	Columns  []string `json:"columns"`
	RefTable string   `json:"ref_table"`
	// RefSchema is the SQL front end's: the schema a qualified
	// REFERENCES named ("public" for the database's), which the executor
	// turns into RefTable's ForeignName before the key is stored.
	RefSchema  string   `json:"-"`
	RefColumns []string `json:"ref_columns"`
	OnDelete   FKAction `json:"on_delete,omitempty"`
	OnUpdate   FKAction `json:"on_update,omitempty"`
	// Deferrable keys may have their checks put off to COMMIT (SET
	// CONSTRAINTS ... DEFERRED); InitiallyDeferred ones are from the start
	// of every transaction block.
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initially_deferred,omitempty"`
	MatchFull         bool `json:"match_full,omitempty"`
	// NotValid: added NOT VALID, so the rows that were there then may
	// violate it (new writes are checked); ALTER TABLE ... VALIDATE
	// CONSTRAINT checks them and clears it.
	NotValid bool `json:"not_valid,omitempty"`
}

// Delete and Update are the actions with NO ACTION for an empty value.
func (fk *ForeignKey) Delete() FKAction { return orNoAction(fk.OnDelete) }

// Update is the ON UPDATE action.
func (fk *ForeignKey) Update() FKAction { return orNoAction(fk.OnUpdate) }

func orNoAction(a FKAction) FKAction {
	if a == "" {
		return FKNoAction
	}
	return a
}

// EdgeSpec is what an edge table enforces: the tables its `in` (From)
// and `out` (To) vertices must belong to (empty = any table).
type EdgeSpec struct {
	From, To []string
}

// Check is a SQL CHECK constraint: a boolean SQL expression over the
// table's columns (PostgreSQL's deparsed text) that a written row must
// not make false.
type Check struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
	// NotValid: as ForeignKey.NotValid.
	NotValid bool `json:"not_valid,omitempty"`
	// InhCount and NotLocal: as Field's, for a CHECK inherited from a
	// parent (pg_constraint.coninhcount, conislocal).
	InhCount int  `json:"inh_count,omitempty"`
	NotLocal bool `json:"not_local,omitempty"`
	// NoInherit is CHECK ... NO INHERIT: the table's alone, not its
	// inheritance children's (pg_constraint.connoinherit).
	NoInherit bool `json:"no_inherit,omitempty"`
}

// Exclusion is an EXCLUDE constraint: no two records whose Where holds
// (both of them) may have every element's operator true between their
// element values. The catalog keeps elements and predicate as deparsed
// SQL text, as it keeps CHECK constraints; Method is the index access
// method the constraint named (gist unless it said otherwise), kept for
// the catalogs and dumps: zerodb checks it without one.
type Exclusion struct {
	Name     string             `json:"name"`
	Method   string             `json:"method"`
	Elements []ExclusionElement `json:"elements"`
	Where    string             `json:"where,omitempty"`
	// Deferrable, InitiallyDeferred: a DEFERRABLE constraint, checked at
	// the end of the statement or at COMMIT (exec/uniquedefer.go).
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initially_deferred,omitempty"`
}

// ExclusionElement is one `expr WITH op` of an EXCLUDE constraint:
// Column names a plain column element (Expr is then its name).
type ExclusionElement struct {
	Expr   string `json:"expr"`
	Column bool   `json:"column,omitempty"`
	Op     string `json:"op"`
}

// Trigger is a SQL trigger: Function (a LANGUAGE plpgsql function of
// the table's database returning trigger) runs for each row an event
// writes, before the write or after the statement (row triggers), or
// once per statement before or after it (Statement).
type Trigger struct {
	Name     string `json:"name"`
	Function string `json:"function"`
	Before   bool   `json:"before,omitempty"`
	// Statement marks a FOR EACH STATEMENT trigger.
	Statement bool `json:"statement,omitempty"`
	// Instead marks a view's INSTEAD OF row trigger.
	Instead bool `json:"instead,omitempty"`
	// Events is a set of TriggerInsert, TriggerUpdate, TriggerDelete
	// and (statement triggers only) TriggerTruncate.
	Events uint8 `json:"events"`
	// Columns are UPDATE OF's columns (nil: any update).
	Columns []string `json:"columns,omitempty"`
	// When is the WHEN condition's SQL text ("": none), over NEW and OLD.
	When string   `json:"when,omitempty"`
	Args []string `json:"args,omitempty"`
	// Disabled by ALTER TABLE ... DISABLE TRIGGER.
	Disabled bool `json:"disabled,omitempty"`
	// OldTable and NewTable name an AFTER trigger's transition tables
	// (REFERENCING OLD TABLE AS o NEW TABLE AS n; "": none), which its
	// function's statements read like tables.
	OldTable string `json:"old_table,omitempty"`
	NewTable string `json:"new_table,omitempty"`
	// Comment is COMMENT ON TRIGGER's text ("": none).
	Comment string `json:"comment,omitempty"`
}

// HasTransition reports whether the trigger has transition tables.
func (t *Trigger) HasTransition() bool { return t.OldTable != "" || t.NewTable != "" }

// Trigger events (Trigger.Events), PostgreSQL's TRIGGER_TYPE_ bits.
const (
	TriggerInsert   uint8 = 1 << 2
	TriggerDelete   uint8 = 1 << 3
	TriggerUpdate   uint8 = 1 << 4
	TriggerTruncate uint8 = 1 << 5
)

// TriggerByName returns the table's trigger of that name.
func (t *Table) TriggerByName(name string) (*Trigger, bool) {
	for i := range t.Triggers {
		if t.Triggers[i].Name == name {
			return &t.Triggers[i], true
		}
	}
	return nil, false
}

// IndexKind is how an index is stored and searched.
type IndexKind string

const (
	// IndexBTree is an ordered secondary index: entries under
	// keys.IndexPrefix, ordered by the encoded key parts.
	IndexBTree IndexKind = "btree"
	// IndexHNSW is a vector kNN index (package vector) under
	// keys.VectorIndexPrefix.
	IndexHNSW IndexKind = "hnsw"
	// IndexGIN is SQL's CREATE INDEX ... USING gin: an inverted index of
	// the lexemes of a tsvector (engine/exec/ginindex.go), laid out as an
	// ordered index of one text part with several entries per record.
	IndexGIN IndexKind = "gin"
	// IndexTrgm is an index of pg_trgm's operator classes (USING gin
	// (col gin_trgm_ops), USING gist (col gist_trgm_ops); Options
	// "method" and "opclass" keep which): laid out as IndexGIN, its
	// entries the trigrams of its text, which LIKE and ILIKE read
	// (engine/exec/ginindex.go, engine/opt/ginindex.go).
	IndexTrgm IndexKind = "trgm"
)

// The Options of an IndexTrgm: its access method (gin or gist) and its
// operator class as pg_get_indexdef shows it (gist_trgm_ops
// (siglen='32')). They are no settings of the index.
const (
	IndexTrgmMethod  = "method"
	IndexTrgmOpclass = "opclass"
	// IndexGINEntries says what a gin index's entries are (GINJSONB,
	// GINArray); without it (a tsvector's, or an index on jsonb or an
	// array made before those entries existed), lexemes.
	IndexGINEntries = "entries"
)

// The values of IndexGINEntries.
const (
	// GINJSONB: a jsonb column's scalars and keys
	// (builtin.JSONGINWords), which the optimizer reads for @> and ?.
	GINJSONB = "jsonb"
	// GINArray: an array column's elements (builtin.ArrayGINWords),
	// which the optimizer reads for @>, &&, <@ and =.
	GINArray = "array"
	// GINHstore: an hstore column's keys and pairs
	// (builtin.HstoreGINWords), which the optimizer reads for @>, ?,
	// ?| and ?&.
	GINHstore = "hstore"
)

// Index is a secondary index of a table.
type Index struct {
	// ID is unique in the store (never reused) and names the index's key
	// range.
	ID   uint64
	Name string // unique among the database's indexes and tables
	Kind IndexKind
	// Method is the access method CREATE INDEX ... USING named for an
	// IndexBTree that is not a btree ("" for a btree): MethodHash,
	// MethodBRIN, MethodGiST or MethodSPGiST. Such an index is laid out
	// as an ordered index of its parts, so it answers the same lookups
	// with a different structure; the optimizer reads it only for what
	// the named method answers in PostgreSQL (see Ordered and
	// RangeScans), and the catalogs show the method. An IndexGIN's is
	// MethodGiST for hstore's gist_hstore_ops, which holds gin's
	// entries and serves the same operators.
	Method string
	// Unique rejects two records with equal, non-none key parts (23505);
	// with NullsNotDistinct (PostgreSQL 15's UNIQUE NULLS NOT DISTINCT)
	// none parts are equal too, so its entries all take the unique
	// layout (keys/index.go).
	Unique           bool
	NullsNotDistinct bool
	// Constraint marks the index of a UNIQUE constraint (CREATE TABLE's
	// or ALTER TABLE ... ADD CONSTRAINT's), which pg_constraint lists,
	// unlike a CREATE UNIQUE INDEX's.
	Constraint bool
	// Deferrable marks the index of a DEFERRABLE UNIQUE constraint, and
	// InitiallyDeferred one whose check waits for COMMIT unless SET
	// CONSTRAINTS says otherwise. Its entries take the non-unique layout
	// (keys/index.go), so two records may hold the same parts until the
	// check runs at the end of the statement or at COMMIT
	// (exec/uniquedefer.go); see Immediate.
	Deferrable, InitiallyDeferred bool
	// Primary marks the index of a DEFERRABLE PRIMARY KEY: the table's
	// records are keyed as a table's without a primary key (PrimaryKey
	// is empty; two records may hold the same key until the check runs),
	// its columns are NOT NULL, and the catalogs show this index as the
	// primary key.
	Primary bool
	// Comment is COMMENT ON INDEX's text ("": none).
	Comment string
	Parts   []IndexPart
	// Include are the columns of CREATE INDEX ... INCLUDE (cols) (a
	// UNIQUE or PRIMARY KEY constraint's INCLUDE): PostgreSQL stores them
	// in the index's entries for index-only scans, outside the key, so
	// they take no part in its order or uniqueness. zerodb's index scans
	// read the row whatever the index holds, so its entries are the
	// key's alone; the columns are kept for the catalogs, dumps and the
	// dependency of the index on them (dropping one drops the index).
	Include []string
	// Where is the predicate of a partial index (CREATE INDEX ... WHERE),
	// as SQL text in the form pg_get_indexdef shows it; only the records
	// it holds true for have entries. Like an expression part's text it
	// is compiled by the executor's IndexExprCompiler. WhereCols are the
	// columns it reads.
	Where     string
	WhereCols []string
	// Options are kind-specific settings, stored as given: for HNSW "m",
	// "ef_construction" and "metric" ("l2", "cosine" or "ip").
	Options map[string]string
	// RelOptions are its storage parameters (CREATE INDEX ... WITH,
	// ALTER INDEX ... SET), name=value as pg_class.reloptions lists
	// them (ValidateRelOptions); kept and shown, acted on by nothing.
	RelOptions []string
	// Clustered is CLUSTER's and ALTER TABLE ... CLUSTER ON's mark
	// (pg_index.indisclustered): at most one index of a table has it.
	Clustered bool
	// ReplicaIdentity marks the index REPLICA IDENTITY USING INDEX
	// named (pg_index.indisreplident).
	ReplicaIdentity bool
}

// The access methods an IndexBTree may be made with besides btree
// (Index.Method).
const (
	MethodHash   = "hash"
	MethodBRIN   = "brin"
	MethodGiST   = "gist"
	MethodSPGiST = "spgist"
)

// AccessMethod is the name of ix's access method as pg_am lists it.
func (ix *Index) AccessMethod() string {
	switch ix.Kind {
	case IndexBTree:
		if ix.Method != "" {
			return ix.Method
		}
	case IndexTrgm:
		if ix.Options[IndexTrgmMethod] == MethodGiST {
			return MethodGiST
		}
		return string(IndexGIN)
	case IndexGIN:
		if ix.Method != "" {
			return ix.Method // hstore's gist_hstore_ops: gin's entries
		}
		return string(IndexGIN)
	default:
		return string(ix.Kind)
	}
	return string(IndexBTree)
}

// Ordered reports whether ix is a btree, which a scan may read in its
// order for ORDER BY ... LIMIT: PostgreSQL's amcanorder. The other
// methods laid out as an ordered index have no order in PostgreSQL, so
// the optimizer reads none from them either.
func (ix *Index) Ordered() bool { return ix.Kind == IndexBTree && ix.Method == "" }

// RangeScans reports whether ix answers ranges of its parts (<, >,
// BETWEEN) besides equality: every IndexBTree but a hash index, which
// only answers = (and IN).
func (ix *Index) RangeScans() bool { return ix.Kind == IndexBTree && ix.Method != MethodHash }

// Immediate reports whether ix is a unique index that refuses a
// duplicate as it is written (PostgreSQL's pg_index.indimmediate): its
// entries are keyed by the parts alone, and what needs one record per
// key (a foreign key's referenced side, ON CONFLICT's arbiter, REFRESH
// ... CONCURRENTLY) may rely on it. A deferrable one may hold duplicates
// inside a transaction.
func (ix *Index) Immediate() bool { return ix.Unique && !ix.Deferrable }

// Index statistics are kept in the index's Options under these keys (the
// executor writes them at CREATE INDEX and ANALYZE, the optimizer reads
// them); they are not settings a user gave.
const (
	IndexStatRows     = "stats_rows"
	IndexStatDistinct = "stats_distinct"
)

// Settings are the index's Options without its statistics: what CREATE
// INDEX ... WITH (...) said.
func (ix *Index) Settings() map[string]string {
	out := make(map[string]string, len(ix.Options))
	for k, v := range ix.Options {
		if ix.Kind == IndexTrgm && (k == IndexTrgmMethod || k == IndexTrgmOpclass) || ix.Kind == IndexGIN && k == IndexGINEntries {
			continue
		}
		if k != IndexStatRows && k != IndexStatDistinct {
			out[k] = v
		}
	}
	return out
}

// SetGINEntries gives a gin index of one column of t the entries of the
// column's type (IndexGINEntries: GINArray, GINJSONB; a tsvector's
// lexemes need none), at CREATE INDEX and when the column is retyped.
// A plain text column is 42704, as in PostgreSQL: it has no gin
// operator class (pg_trgm's gin_trgm_ops is named, an IndexTrgm).
func (ix *Index) SetGINEntries(t *Table) error {
	if ix.Kind != IndexGIN || len(ix.Parts) != 1 || ix.Parts[0].Expr != "" || len(ix.Parts[0].Path) != 1 {
		return nil
	}
	f, _, ok := t.FieldByName(ix.Parts[0].Path[0])
	if !ok {
		return nil
	}
	entries := ""
	switch ft := f.Type; {
	case ft.Array:
		entries = GINArray
	case ft.IsJSONB():
		entries = GINJSONB
	case ft.Hstore:
		entries = GINHstore
	case ft.Kind == value.KindString && ft.Search == value.NotSearch && !ft.JSON:
		return errs.New(errs.UndefinedObject, "data type %s has no default operator class for access method \"gin\"", ft.SQLName()).
			WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
	}
	delete(ix.Options, IndexGINEntries)
	if entries != "" {
		if ix.Options == nil {
			ix.Options = map[string]string{}
		}
		ix.Options[IndexGINEntries] = entries
	}
	return nil
}

// GINEntries is what the entries of a gin index are: GINJSONB,
// GINArray, or "" for a tsvector's lexemes (and for any other index).
func (ix *Index) GINEntries() string {
	if ix.Kind != IndexGIN {
		return ""
	}
	return ix.Options[IndexGINEntries]
}

// IndexPart is one key part of an index: the value at Path in the
// record's object (a column name for SQL; a nested document path such
// as ["doc", "k"] for `(doc->>'k')` or ZQL `doc.k`).
//
// An expression part (SQL `(lower(email))`) has Expr set and no Path:
// Expr is the expression's SQL text as pg_get_indexdef shows it (a
// function call bare, anything else in parentheses), which the
// executor compiles through its IndexExprCompiler hook (it cannot parse
// SQL) and evaluates over the record's row [key, object].
type IndexPart struct {
	Path []string
	Expr string
	// Cols are the columns an expression part reads, so that ALTER TABLE
	// finds the index as it finds a column's.
	Cols []string
	// AsText indexes the part's text form (SQL ->> and ::text) rather
	// than the value itself.
	AsText bool
	Desc   bool
}

// NamePKey gives t's primary key constraint the name a user chose
// (CONSTRAINT name PRIMARY KEY; "" for none): PKeyName stays empty for
// the default name, which follows the table's through renames.
func (t *Table) NamePKey(name string) {
	if name == t.Name+"_pkey" {
		name = ""
	}
	t.PKeyName = name
}

// PKeyConstraint is the name of t's primary key constraint and index.
func (t *Table) PKeyConstraint() string {
	if t.PKeyName != "" {
		return t.PKeyName
	}
	return t.Name + "_pkey"
}

// Partial reports whether ix holds entries only for the records its
// predicate (Where) holds true for: a reader may use it only when its
// own condition implies that predicate, and it never stands for the whole
// table (a foreign key's lookups, ON CONFLICT without that predicate).
func (ix *Index) Partial() bool { return ix.Where != "" }

// IndexByName returns the named index of t.
func (t *Table) IndexByName(name string) (*Index, bool) {
	for i := range t.Indexes {
		if t.Indexes[i].Name == name {
			return &t.Indexes[i], true
		}
	}
	return nil, false
}

// Field is a column of a schemafull table.
type Field struct {
	Name     string
	Type     value.Type
	Optional bool // nullable (SQL without NOT NULL; ZQL T?)
	// Default is applied when a write omits the field: a constant
	// (DefaultValue) or a function evaluated at write time (DefaultFunc,
	// a builtin name such as "now" or "uuid"). HasDefault tells which.
	HasDefault   bool
	DefaultValue value.Value
	DefaultFunc  string
	// DefaultShown is the default as pg_get_expr shows it when that
	// depends on how the statement wrote it, not on DefaultValue or
	// DefaultFunc alone: PostgreSQL keeps the literal's own constant
	// ('1'::bigint for a quoted 1 in a bigint column, 3 for 3 in a
	// numeric(10,2) one) and the keyword of CURRENT_TIMESTAMP and its
	// kin. "" derives the text from DefaultValue or DefaultFunc.
	DefaultShown string
	// DefaultSeq names the sequence whose nextval is the default (serial
	// and identity columns, DEFAULT nextval('s')); HasDefault is set too.
	DefaultSeq string
	// DefaultExpr is the SQL text of any other default expression
	// (DEFAULT now() + interval '1 day', DEFAULT 1 + 2), evaluated for
	// each written record that omits the field, through the executor's
	// DefaultCompiler; HasDefault is set too, and DefaultShown holds its
	// pg_get_expr text.
	DefaultExpr string
	// Identity marks an identity column (GENERATED ... AS IDENTITY),
	// whose DefaultSeq is the sequence it owns.
	Identity Identity
	// Generated is the SQL text of a stored generated column's expression
	// (GENERATED ALWAYS AS (expr) STORED), as pg_get_expr shows it: the
	// executor computes the field from the record's other fields on every
	// write (through its IndexExprCompiler, like an expression index
	// part), and no write may give it a value. "" for other fields.
	Generated string
	// Asserts are ZQL predicate expressions (source text) that must hold
	// for the field's value (zql.md §4 `assert [...]`).
	Asserts []string
	// Comment is COMMENT ON COLUMN's text ("": none).
	Comment string
	// Domain names the SQL domain the column was declared with ("":
	// none). Type is then the domain's base type, which reads, operators,
	// indexes and the wire see; every write also checks the domain's
	// constraints and takes its default (exec.storedField), looked up by
	// name so that ALTER DOMAIN reaches existing columns.
	Domain string
	// DomainArray marks a column of the domain's array type (d[]):
	// Type is then an array of the base type, and every element of a
	// written array is checked against the domain; the domain's DEFAULT
	// and NOT NULL apply to the elements only, as in PostgreSQL.
	DomainArray bool
	// Settings are ALTER COLUMN's SET STATISTICS, STORAGE, (options) and
	// COMPRESSION (nil: the defaults).
	Settings *ColumnSettings
	// InhCount is the number of parents the column is inherited from
	// (pg_attribute.attinhcount); NotLocal marks a column the table has
	// only by inheritance (attislocal false).
	InhCount int
	NotLocal bool
}

// ColumnSettings are the per-column settings PostgreSQL keeps in
// pg_attribute (attstattarget, attstorage, attcompression, attoptions).
// zerodb keeps them, shows them and dumps them, and acts on none: its
// statistics have no per-column target, and it stores and compresses
// every value alike.
type ColumnSettings struct {
	StatTarget  int      `json:"stat_target"`           // -1: the default
	Storage     byte     `json:"storage,omitempty"`     // 'p', 'e', 'm', 'x'; 0: the type's
	Compression byte     `json:"compression,omitempty"` // 'p' pglz, 'l' lz4; 0: the default
	Options     []string `json:"options,omitempty"`     // name=value (n_distinct, n_distinct_inherited)
}

// Identity is how an identity column takes explicit values; the values
// are PostgreSQL's pg_attribute.attidentity codes.
type Identity string

const (
	IdentityNone      Identity = ""
	IdentityAlways    Identity = "a" // GENERATED ALWAYS: explicit values need OVERRIDING SYSTEM VALUE
	IdentityByDefault Identity = "d" // GENERATED BY DEFAULT
)

// HasGenerated reports whether t has a stored generated column.
func (t *Table) HasGenerated() bool {
	for i := range t.Fields {
		if t.Fields[i].Generated != "" {
			return true
		}
	}
	return false
}

// FieldByName returns the named field of a schemafull table.
func (t *Table) FieldByName(name string) (*Field, int, bool) {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i], i, true
		}
	}
	return nil, -1, false
}

// User is a role (PostgreSQL's pg_authid row). Only its SCRAM verifier
// is stored, never a password.
type User struct {
	Name      string
	Verifier  string // PostgreSQL's SCRAM-SHA-256 verifier text; "" none
	Namespace string // the user's default namespace
	Superuser bool
	// CanLogin, CreateDB and CreateRole are PostgreSQL's rolcanlogin,
	// rolcreatedb and rolcreaterole.
	CanLogin   bool
	CreateDB   bool
	CreateRole bool
	// NoInherit is NOINHERIT (rolinherit false): the role does not have
	// the privileges of the roles it is a member of (it may still SET
	// ROLE to them).
	NoInherit bool
	// ConnLimit is the most sessions the role may have at once; -1 none.
	ConnLimit int32
	// ValidUntil is when the password stops working, in PostgreSQL's
	// timestamptz microseconds since 2000-01-01 UTC (math.MaxInt64 is
	// infinity); nil when it never does.
	ValidUntil *int64
	// MemberOf are the roles this one was granted (GRANT role TO this),
	// pg_auth_members' rows with this role as the member. They are
	// stored with the member, whose descriptor privilege checks read.
	MemberOf []Membership
}

// Policy is a row security policy (CREATE POLICY): which rows of its
// table the roles it names see and may write by command.
type Policy struct {
	Name        string `json:"name"`
	Restrictive bool   `json:"restrictive,omitempty"`
	// Command is "all", "select", "insert", "update" or "delete".
	Command string `json:"command"`
	// Roles are the roles it applies to; none is PUBLIC.
	Roles []string `json:"roles,omitempty"`
	// Using and Check are its USING and WITH CHECK expressions as SQL
	// text ("": none).
	Using string `json:"using,omitempty"`
	Check string `json:"check,omitempty"`
	// Comment is COMMENT ON POLICY's text ("": none).
	Comment string `json:"comment,omitempty"`
}

// Membership is a role's membership in another: a row of
// pg_auth_members.
type Membership struct {
	Role    string `json:"role"`
	Grantor string `json:"grantor,omitempty"`
	Admin   bool   `json:"admin,omitempty"` // WITH ADMIN OPTION
}

// PasswordExpired reports whether u's password no longer works at now
// (PostgreSQL's rolvaliduntil check at login).
func (u *User) PasswordExpired(now time.Time) bool {
	if u.ValidUntil == nil {
		return false
	}
	// PostgreSQL's epoch, 2000-01-01 UTC, is 946684800 Unix seconds.
	return *u.ValidUntil < now.UnixMicro()-946684800_000000
}
