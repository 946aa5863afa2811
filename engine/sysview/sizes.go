package sysview

import (
	"fmt"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// The size functions (psql's \dt+ and \l+): a relation's size is the
// bytes of its keys and values as stored, counted by scanning its key
// range in the statement's transaction — exact for the transaction's
// view, and as slow as reading the relation. A primary key index takes
// no space of its own: records are stored under their keys.

// spanBytes sums the lengths of the keys and values in [start, end).
func spanBytes(e *Env, start, end []byte) (int64, error) {
	it := e.Txn.Scan(e.Ctx, start, end, false)
	var n int64
	for it.Next() {
		n += int64(len(it.Key()) + len(it.Value()))
	}
	err := it.Err()
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("sysview: size of a relation: %w", err)
	}
	return n, nil
}

func indexBytes(e *Env, ix *catalog.Index) (int64, error) {
	db := e.Database
	start, end := keys.IndexSpan(db.Namespace, db.ID, ix.ID)
	if ix.Kind == catalog.IndexHNSW {
		start, end = keys.VectorIndexSpan(db.Namespace, db.ID, ix.ID)
	}
	return spanBytes(e, start, end)
}

// relationSize measures a relation: its records (a table), its entries
// (an index), with the table's indexes too when withIndexes, or only its
// indexes when onlyIndexes. Virtual relations and unknown OIDs are NULL.
func relationSize(e *Env, a []value.Value, withIndexes, onlyIndexes bool) (value.Value, error) {
	r, err := relArg(e, a[0])
	if err != nil || r == nil || r.table == nil || e.Txn == nil || e.Database == nil {
		return value.None, err
	}
	var n int64
	switch {
	case r.kind == 'i':
		if r.index != nil && !onlyIndexes {
			if n, err = indexBytes(e, r.index); err != nil {
				return value.None, err
			}
		}
	default:
		if !onlyIndexes {
			start, end := keys.TableSpan(e.Database.Namespace, e.Database.ID, r.table.ID)
			if n, err = spanBytes(e, start, end); err != nil {
				return value.None, err
			}
		}
		if withIndexes || onlyIndexes {
			for i := range r.table.Indexes {
				m, err := indexBytes(e, &r.table.Indexes[i])
				if err != nil {
					return value.None, err
				}
				n += m
			}
		}
	}
	return value.Int(n), nil
}

// sizePretty is pg_size_pretty(bigint), with PostgreSQL 15's units and
// rounding.
func sizePretty(size int64) string {
	units := []struct {
		name  string
		limit int64
		round bool
		bits  uint
	}{
		{"bytes", 10 * 1024, false, 0},
		{"kB", 20*1024 - 1, true, 10},
		{"MB", 20*1024 - 1, true, 20},
		{"GB", 20*1024 - 1, true, 30},
		{"TB", 20*1024 - 1, true, 40},
		{"PB", 20*1024 - 1, true, 50},
	}
	abs := func(x int64) int64 {
		if x < 0 {
			return -x
		}
		return x
	}
	b2i := func(b bool) uint {
		if b {
			return 1
		}
		return 0
	}
	for i, u := range units {
		if i == len(units)-1 || abs(size) < u.limit {
			if u.round {
				if size < 0 {
					size = (size - 1) / 2
				} else {
					size = (size + 1) / 2
				}
			}
			return fmt.Sprintf("%d %s", size, u.name)
		}
		next := units[i+1]
		bits := next.bits - u.bits - b2i(next.round) + b2i(u.round)
		size /= int64(1) << bits
	}
	return ""
}

// sizeUnits are pg_size_bytes' units (PostgreSQL 15's: no "B" yet) and
// their powers of two.
var sizeUnits = []struct {
	name string
	bits int
}{{"bytes", 0}, {"kB", 10}, {"MB", 20}, {"GB", 30}, {"TB", 40}, {"PB", 50}}

// sizeBytes is pg_size_bytes(text), as PostgreSQL's dbsize.c reads it: a
// number (sign, digits, fraction, exponent), optional spaces and a unit
// of sizeUnits in any case; the bytes are rounded to an integer as a
// numeric cast to bigint is.
func sizeBytes(_ *Env, a []value.Value) (value.Value, error) {
	str := value.CastText(a[0])
	invalid := func() *errs.Error { return errs.New(errs.InvalidParameterValue, "invalid size: \"%s\"", str) }
	isDigit := func(s string, i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
	s := strings.TrimLeft(str, " \t\n\r\f\v")
	i, digits := 0, false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for ; isDigit(s, i); i++ {
		digits = true
	}
	if i < len(s) && s[i] == '.' {
		for i++; isDigit(s, i); i++ {
			digits = true
		}
	}
	if !digits {
		return value.None, invalid()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		// An exponent only when digits follow: "1e kB" has a unit "e kB".
		j := i + 1
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		if isDigit(s, j) {
			for i = j; isDigit(s, i); i++ {
			}
		}
	}
	num, _, err := apd.NewFromString(s[:i])
	if err != nil {
		return value.None, invalid()
	}
	if unit := strings.Trim(s[i:], " \t\n\r\f\v"); unit != "" {
		bits := -1
		for _, u := range sizeUnits {
			if strings.EqualFold(unit, u.name) {
				bits = u.bits
			}
		}
		if bits < 0 {
			return value.None, invalid().WithDetail("Invalid size unit: \"%s\".", unit).
				WithHint(`Valid units are "bytes", "kB", "MB", "GB", "TB", and "PB".`)
		}
		if _, err := apd.BaseContext.WithPrecision(1000).Mul(num, num, apd.New(1<<bits, 0)); err != nil {
			return value.None, errs.New(errs.NumericValueOutOfRange, "bigint out of range")
		}
	}
	// numeric to bigint: rounded half away from zero, 22003 "bigint out
	// of range" past it.
	return value.Convert(value.Decimal(num), value.TypeInt8)
}

func prettySize(_ *Env, a []value.Value) (value.Value, error) {
	switch a[0].Kind() {
	case value.KindInt:
		return value.String(sizePretty(a[0].AsInt())), nil
	}
	v, err := value.Convert(a[0], value.TypeInt8)
	if err != nil {
		return value.None, errs.New(errs.UndefinedFunction, "function pg_size_pretty(%s) does not exist", value.TypeOf(a[0]).SQLName())
	}
	return value.String(sizePretty(v.AsInt())), nil
}

// databaseSize is pg_database_size(name or oid): every key of the
// database (catalog entries, records, indexes) in its range.
// tablespaceSize is pg_tablespace_size: pg_default holds every database
// of the namespace, pg_global nothing that is measured here (psql's
// \db+).
func tablespaceSize(e *Env, a []value.Value) (value.Value, error) {
	name := ""
	switch a[0].Kind() {
	case value.KindString:
		name = a[0].AsString()
	case value.KindInt:
		switch a[0].AsInt() {
		case 1663:
			name = "pg_default"
		case 1664:
			name = "pg_global"
		default:
			return value.None, nil
		}
	}
	switch name {
	case "pg_global":
		return value.Int(0), nil
	case "pg_default":
	default:
		return value.None, errs.New(errs.UndefinedObject, "tablespace %q does not exist", name)
	}
	if e.Cat == nil || e.Namespace == nil || e.Txn == nil {
		return value.None, nil
	}
	dbs, err := e.Cat.Databases(e.Ctx, e.Txn, e.Namespace.Name)
	if err != nil {
		return value.None, err
	}
	var total int64
	for _, d := range dbs {
		n, err := databaseBytes(e, d)
		if err != nil {
			return value.None, err
		}
		total += n
	}
	return value.Int(total), nil
}

// databaseBytes is the size of database d's keys.
func databaseBytes(e *Env, d *catalog.Database) (int64, error) {
	start, end := keys.DatabaseSpan(d.Namespace, d.ID)
	return spanBytes(e, start, end)
}

func databaseSize(e *Env, a []value.Value) (value.Value, error) {
	if e.Cat == nil || e.Namespace == nil || e.Txn == nil {
		return value.None, nil
	}
	dbs, err := e.Cat.Databases(e.Ctx, e.Txn, e.Namespace.Name)
	if err != nil {
		return value.None, err
	}
	for _, d := range dbs {
		match := a[0].Kind() == value.KindString && a[0].AsString() == d.Name
		if a[0].Kind() == value.KindInt {
			match = a[0].AsInt() == int64(DatabaseOID(d.ID))
		}
		if match {
			n, err := databaseBytes(e, d)
			if err != nil {
				return value.None, err
			}
			return value.Int(n), nil
		}
	}
	if a[0].Kind() == value.KindString {
		return value.None, errs.New(errs.InvalidCatalogName, "database %q does not exist", a[0].AsString())
	}
	return value.None, nil
}
