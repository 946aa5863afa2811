package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Extended statistics objects (CREATE STATISTICS) are kept in their
// table's descriptor, as its indexes and constraints are: they go with
// the table when it is dropped or renamed, and with a column they use
// when it is dropped, as PostgreSQL's dependencies take them. A
// statistics object lives in its table's schema, where its name is
// unique. Nothing computes or reads their statistics: they are kept,
// shown and dumped so that a schema that declares them moves to zerodb
// and back.

// Statistic is one extended statistics object of a table.
type Statistic struct {
	Name string `json:"name"`
	// Kinds are its kinds as pg_statistic_ext.stxkind has them, in
	// that order: d (ndistinct), f (dependencies), m (mcv), e (it has
	// expressions).
	Kinds string `json:"kinds"`
	// Columns are the plain columns it covers, in the table's column
	// order (stxkeys); Exprs its expressions, as written.
	Columns []string   `json:"columns,omitempty"`
	Exprs   []StatExpr `json:"exprs,omitempty"`
	// Target is ALTER STATISTICS ... SET STATISTICS's (nil: -1, the
	// default).
	Target *int `json:"target,omitempty"`
	// Owner is the role that owns it ("": the table's owner).
	Owner   string `json:"owner,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// StatExpr is an expression of a statistics object: its SQL text as
// pg_get_statisticsobjdef shows it (a function call bare, anything else
// in parentheses) and the columns it reads.
type StatExpr struct {
	Expr string   `json:"expr"`
	Cols []string `json:"cols,omitempty"`
}

// OwnerName is the role that owns s of table t.
func (s *Statistic) OwnerName(t *Table) string {
	if s.Owner != "" {
		return s.Owner
	}
	return t.OwnerName()
}

// Uses reports whether s reads column col.
func (s *Statistic) Uses(col string) bool {
	return slices.Contains(s.Columns, col) || slices.ContainsFunc(s.Exprs, func(e StatExpr) bool { return slices.Contains(e.Cols, col) })
}

// NameAddition is the middle of the name PostgreSQL gives a copy of s
// (ChooseExtendedStatisticNameAddition of its columns, then "expr" for
// each expression).
func (s *Statistic) NameAddition() string {
	parts := slices.Clone(s.Columns)
	for range s.Exprs {
		parts = append(parts, "expr")
	}
	return strings.Join(parts, "_")
}

// StatisticByName finds t's statistics object called name (its index
// in t.Statistics, -1 when there is none).
func (t *Table) StatisticByName(name string) int {
	for i := range t.Statistics {
		if t.Statistics[i].Name == name {
			return i
		}
	}
	return -1
}

// ErrNoStatistic is PostgreSQL's error for a missing statistics object.
func ErrNoStatistic(name string) error {
	return errs.New(errs.UndefinedObject, "statistics object %q does not exist", name)
}

// FindStatistic finds statistics object name among db's tables (42704
// when there is none): the table and its index in t.Statistics.
func (c *Catalog) FindStatistic(ctx context.Context, txn kv.Txn, db *Database, name string) (*Table, int, error) {
	tables, err := c.Tables(ctx, txn, db)
	if err != nil {
		return nil, -1, err
	}
	for _, t := range tables {
		if i := t.StatisticByName(name); i >= 0 {
			return t, i, nil
		}
	}
	return nil, -1, ErrNoStatistic(name)
}

// ChooseStatisticName is the name PostgreSQL gives a statistics object
// of table named without one (ChooseExtendedStatisticName):
// table_addition_stat, then stat1, stat2, ... until taken reports false,
// each cut to 63 bytes as makeObjectName cuts them.
func ChooseStatisticName(table, addition string, taken func(string) bool) string {
	for pass := 0; ; pass++ {
		label := "stat"
		if pass > 0 {
			label += strconv.Itoa(pass)
		}
		name := MakeObjectName(table, addition, label)
		if !taken(name) {
			return name
		}
	}
}
