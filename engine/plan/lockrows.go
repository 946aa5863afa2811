package plan

import (
	"github.com/zerodb/zerodb/engine/catalog"
)

// LockStrength is the strength of a row lock, PostgreSQL's four, weakest
// first.
type LockStrength uint8

const (
	ForKeyShare LockStrength = iota
	ForShare
	ForNoKeyUpdate
	ForUpdate
)

// String is the strength as SQL writes it after FOR.
func (s LockStrength) String() string {
	switch s {
	case ForKeyShare:
		return "KEY SHARE"
	case ForShare:
		return "SHARE"
	case ForNoKeyUpdate:
		return "NO KEY UPDATE"
	}
	return "UPDATE"
}

// Conflicts reports whether a lock of strength s and one of o, held by
// different transactions, conflict (PostgreSQL's row-level lock table).
func (s LockStrength) Conflicts(o LockStrength) bool {
	return int(s)+int(o) >= int(ForUpdate)
}

// LockWait is what a row lock does when another transaction holds a
// conflicting one.
type LockWait uint8

const (
	// LockBlock waits for it to end.
	LockBlock LockWait = iota
	// LockNoWait fails at once with 55P03.
	LockNoWait
	// LockSkip leaves the row out of the result (SKIP LOCKED).
	LockSkip
)

// LockTarget is one table whose rows a LockRows locks: Key reads the
// record key of that table's row from the input row.
type LockTarget struct {
	Table *catalog.Table
	Key   Expr
}

// LockRows locks, for the statement's transaction, the records that each
// input row was made of (SELECT ... FOR UPDATE and the other strengths),
// and yields the row once it holds the locks: the row of PostgreSQL's
// LockRows node, which sits above the query's sort and below its LIMIT,
// so that only rows the query returns are locked. With LockSkip a row
// whose lock another transaction holds is left out.
type LockRows struct {
	Input    Node
	Targets  []LockTarget
	Strength LockStrength
	Wait     LockWait
}

func (n *LockRows) Columns() []Column { return n.Input.Columns() }
