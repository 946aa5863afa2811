package catalog

import "github.com/zerodb/zerodb/engine/value"

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
	// CreatedBy records the front end that made it ("sql" or "zql"); it
	// only affects how `SELECT *` shows a schemaless table.
	CreatedBy string
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
	// Asserts are ZQL predicate expressions (source text) that must hold
	// for the field's value (zql.md §4 `assert [...]`).
	Asserts []string
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

// User is a login role. Only its SCRAM verifier is stored, never a password.
type User struct {
	Name      string
	Verifier  string // PostgreSQL's SCRAM-SHA-256 verifier text
	Namespace string // the user's default namespace
	Superuser bool
}
