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

// TableLockMode is a LOCK TABLE mode, PostgreSQL's numbering (ACCESS
// SHARE = 1 ... ACCESS EXCLUSIVE = 8).
type TableLockMode uint8

const (
	AccessShareLock TableLockMode = iota + 1
	RowShareLock
	RowExclusiveLock
	ShareUpdateExclusiveLock
	ShareLock
	ShareRowExclusiveLock
	ExclusiveLock
	AccessExclusiveLock
)

// conflicting is the set of modes (a bit per mode) m conflicts with:
// PostgreSQL's table of conflicting lock modes.
func (m TableLockMode) conflicting() uint16 {
	const (
		rs, rx, sux, sh, srx, x, ax = 1 << RowShareLock, 1 << RowExclusiveLock, 1 << ShareUpdateExclusiveLock,
			1 << ShareLock, 1 << ShareRowExclusiveLock, 1 << ExclusiveLock, 1 << AccessExclusiveLock
	)
	switch m {
	case AccessShareLock:
		return ax
	case RowShareLock:
		return x | ax
	case RowExclusiveLock:
		return sh | srx | x | ax
	case ShareUpdateExclusiveLock:
		return sux | sh | srx | x | ax
	case ShareLock:
		return rx | sux | srx | x | ax
	case ShareRowExclusiveLock:
		return rx | sux | sh | srx | x | ax
	case ExclusiveLock:
		return rs | rx | sux | sh | srx | x | ax
	case AccessExclusiveLock:
		return 1<<AccessShareLock | rs | rx | sux | sh | srx | x | ax
	}
	return 0
}

// Conflicts reports whether a lock in mode m and one in o, held by
// different transactions, conflict.
func (m TableLockMode) Conflicts(o TableLockMode) bool { return m.conflicting()&(1<<o) != 0 }

// String is the mode as pg_locks names it ("AccessShareLock").
func (m TableLockMode) String() string {
	names := [...]string{"", "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
		"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}
	if int(m) < len(names) {
		return names[m]
	}
	return "?"
}

// LockTable is LOCK TABLE: it takes each table's lock in Mode for the
// transaction, waiting for conflicting holders unless NoWait (55P03).
type LockTable struct {
	Tables []*catalog.Table
	Mode   TableLockMode
	NoWait bool
}

func (n *LockTable) Columns() []Column { return nil }
