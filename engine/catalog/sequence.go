package catalog

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Sequence is a SQL sequence (CREATE SEQUENCE, and the sequences serial
// and identity columns own). Sequences are relations in PostgreSQL, so
// they share the name space of tables, views and indexes, and take their
// ids from the table id sequence (their OIDs then never meet a table's).
//
// The descriptor holds the parameters; the state (the last value
// reserved, and whether it was handed out) lives under its own key
// (keys.SequenceValueKey), written by the value allocator (seqalloc.go)
// in small transactions of its own, so nextval is not transactional and
// never makes two inserting transactions conflict.
type Sequence struct {
	ID       uint64
	Database uint64
	Name     string
	// Bits is the width of the data type: 16, 32 or 64 (AS smallint,
	// integer, bigint).
	Bits                       int
	Increment, Min, Max, Start int64
	Cache                      int64
	Cycle                      bool
	OwnedTable, OwnedColumn    string // OWNED BY; "" for none
	// Version counts the ALTER SEQUENCE and RESTART changes of the
	// sequence, so that the allocator can tell that values it holds in
	// memory belong to an older definition or state.
	Version uint64
	// Comment is COMMENT ON SEQUENCE's text ("": none).
	Comment string
	Privileges
}

// TypeName is the SQL name of the sequence's data type.
func (s *Sequence) TypeName() string {
	switch s.Bits {
	case 16:
		return "smallint"
	case 32:
		return "integer"
	}
	return "bigint"
}

// TypeBounds are the smallest and largest values of an integer type of
// that many bits.
func TypeBounds(bits int) (lo, hi int64) {
	switch bits {
	case 16:
		return math.MinInt16, math.MaxInt16
	case 32:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

const descSequence byte = 'S'

type sequenceDesc struct {
	ID          uint64 `json:"id"`
	Database    uint64 `json:"database"`
	Name        string `json:"name"`
	Bits        int    `json:"bits"`
	Increment   int64  `json:"increment"`
	Min         int64  `json:"min"`
	Max         int64  `json:"max"`
	Start       int64  `json:"start"`
	Cache       int64  `json:"cache"`
	Cycle       bool   `json:"cycle,omitempty"`
	OwnedTable  string `json:"owned_table,omitempty"`
	OwnedColumn string `json:"owned_column,omitempty"`
	Version     uint64 `json:"version,omitempty"`
	Comment     string `json:"comment,omitempty"`
	Privileges
}

func encodeSequence(s *Sequence) ([]byte, error) {
	if err := checkUTF8(s.Name, s.OwnedTable, s.OwnedColumn, s.Comment); err != nil {
		return nil, err
	}
	return encodeDesc(descSequence, sequenceDesc(*s))
}

func decodeSequence(b []byte) (*Sequence, error) {
	var d sequenceDesc
	if err := decodeDesc(b, descSequence, "sequence", &d); err != nil {
		return nil, err
	}
	s := Sequence(d)
	return &s, nil
}

// ValidateSequence checks a sequence's parameters as PostgreSQL's
// init_params does, with its messages.
func ValidateSequence(s *Sequence) error {
	lo, hi := TypeBounds(s.Bits)
	switch {
	case s.Bits != 16 && s.Bits != 32 && s.Bits != 64:
		return errs.New(errs.InvalidParameterValue, "sequence type must be smallint, integer, or bigint")
	case s.Increment == 0:
		return errs.New(errs.InvalidParameterValue, "INCREMENT must not be zero")
	case s.Max < lo || s.Max > hi:
		return errs.New(errs.InvalidParameterValue, "MAXVALUE (%d) is out of range for sequence data type %s", s.Max, s.TypeName())
	case s.Min < lo || s.Min > hi:
		return errs.New(errs.InvalidParameterValue, "MINVALUE (%d) is out of range for sequence data type %s", s.Min, s.TypeName())
	case s.Min >= s.Max:
		return errs.New(errs.InvalidParameterValue, "MINVALUE (%d) must be less than MAXVALUE (%d)", s.Min, s.Max)
	case s.Start < s.Min:
		return errs.New(errs.InvalidParameterValue, "START value (%d) cannot be less than MINVALUE (%d)", s.Start, s.Min)
	case s.Start > s.Max:
		return errs.New(errs.InvalidParameterValue, "START value (%d) cannot be greater than MAXVALUE (%d)", s.Start, s.Max)
	case s.Cache < 1:
		return errs.New(errs.InvalidParameterValue, "CACHE (%d) must be greater than zero", s.Cache)
	}
	return nil
}

func errNoSequence(name string) error {
	return errs.New(errs.UndefinedTable, "relation %q does not exist", name)
}

// Sequence finds a sequence (42P01 when missing). Like Table, a lookup
// in a transaction that sees a schema version an earlier lookup was made
// in needs no kv Get (versioned).
func (c *Catalog) Sequence(ctx context.Context, txn kv.Txn, db *Database, name string) (*Sequence, error) {
	key := keys.SequenceDescKey(nil, db.Namespace, db.ID, name)
	version := schemaVersion(txn, key)
	if s, _ := c.seqByName.get(version, key); s != nil {
		return s, nil
	}
	b, ok, err := txn.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("catalog: read sequence %q: %w", name, err)
	}
	if !ok {
		return nil, errNoSequence(name)
	}
	s, err := c.sequences.get(b, decodeSequence)
	if err != nil {
		return nil, err
	}
	if s.Name != name || s.Database != db.ID {
		return nil, errs.New(errs.DataCorrupted, "catalog: sequence entry %q holds sequence %q of database %d", name, s.Name, s.Database)
	}
	c.seqByName.put(version, key, s)
	return s, nil
}

// Sequences lists a database's sequences in name order.
func (c *Catalog) Sequences(ctx context.Context, txn kv.Txn, db *Database) ([]*Sequence, error) {
	var out []*Sequence
	err := scanValues(ctx, txn, keys.SequencesPrefix(nil, db.Namespace, db.ID), func(b []byte) error {
		s, err := c.sequences.get(b, decodeSequence)
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// CreateSequence stores a new sequence (assigning s.ID and s.Database;
// 42P07 when the name is taken by any relation).
func (c *Catalog) CreateSequence(ctx context.Context, txn kv.Txn, db *Database, s *Sequence) error {
	if s == nil {
		return errs.New(errs.InternalError, "catalog: CreateSequence without a sequence")
	}
	if err := checkName("sequence", s.Name); err != nil {
		return err
	}
	if err := ValidateSequence(s); err != nil {
		return err
	}
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	if err := c.checkSchema(ctx, txn, db); err != nil {
		return err
	}
	if _, ok, err := txn.Get(ctx, keys.TableKey(nil, db.Namespace, db.ID, s.Name)); err != nil {
		return fmt.Errorf("catalog: read table %q: %w", s.Name, err)
	} else if ok {
		return errs.New(errs.DuplicateTable, "relation %q already exists", s.Name)
	}
	if err := c.checkRelationNameFree(ctx, txn, db, s.Name); err != nil {
		return err
	}
	id, err := c.objectID(ctx, txn, db, seqTable)
	if err != nil {
		return err
	}
	stored := *s
	stored.ID, stored.Database, stored.Version = id, db.ID, 0
	if err := c.putSequence(txn, db, &stored); err != nil {
		return err
	}
	s.ID, s.Database, s.Version = id, db.ID, 0
	return nil
}

func (c *Catalog) putSequence(txn kv.Txn, db *Database, s *Sequence) error {
	b, err := encodeSequence(s)
	if err != nil {
		return err
	}
	if err := txn.Put(keys.SequenceDescKey(nil, db.Namespace, db.ID, s.Name), b); err != nil {
		return fmt.Errorf("catalog: write sequence %q: %w", s.Name, err)
	}
	return nil
}

// CommentSequence sets a sequence's comment ("" removes it): COMMENT ON
// SEQUENCE. Its Version stays: the values it hands out do not change.
func (c *Catalog) CommentSequence(ctx context.Context, txn kv.Txn, db *Database, name, text string) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	cur, err := c.Sequence(ctx, txn, db, name)
	if err != nil {
		return err
	}
	ns := *cur
	ns.Comment = text
	return c.putSequence(txn, db, &ns)
}

// AlterSequence replaces the parameters of an existing sequence (ALTER
// SEQUENCE) with those of s, found by s.ID under s.Name, and bumps its
// Version. When restart is set the state is reset too: the next nextval
// returns restartAt. Both changes are part of txn, as in PostgreSQL.
func (c *Catalog) AlterSequence(ctx context.Context, txn kv.Txn, db *Database, s *Sequence, restart bool, restartAt int64) error {
	cur, err := c.Sequence(ctx, txn, db, s.Name)
	if err != nil {
		return err
	}
	if cur.ID != s.ID {
		return errs.New(errs.SerializationFailure, "sequence %q was replaced concurrently", s.Name)
	}
	if err := ValidateSequence(s); err != nil {
		return err
	}
	if restart {
		if restartAt < s.Min {
			return errs.New(errs.InvalidParameterValue, "RESTART value (%d) cannot be less than MINVALUE (%d)", restartAt, s.Min)
		}
		if restartAt > s.Max {
			return errs.New(errs.InvalidParameterValue, "RESTART value (%d) cannot be greater than MAXVALUE (%d)", restartAt, s.Max)
		}
	}
	stored := *s
	stored.Database, stored.Version = db.ID, cur.Version+1
	if err := c.putSequence(txn, db, &stored); err != nil {
		return err
	}
	if restart {
		c.seqAlloc.block(s.ID).drop()
		return writeSeqState(txn, db, s.ID, seqState{last: restartAt})
	}
	return c.giveBack(ctx, txn, db, cur)
}

// DropSequence drops a sequence and its state (42P01 when missing).
func (c *Catalog) DropSequence(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	if err := c.checkLive(ctx, txn, db); err != nil {
		return err
	}
	s, err := c.Sequence(ctx, txn, db, name)
	if err != nil {
		return err
	}
	if err := txn.Delete(keys.SequenceDescKey(nil, db.Namespace, db.ID, name)); err != nil {
		return fmt.Errorf("catalog: delete sequence %q: %w", name, err)
	}
	if err := txn.Delete(keys.SequenceValueKey(nil, db.Namespace, db.ID, s.ID)); err != nil {
		return fmt.Errorf("catalog: delete sequence %q: %w", name, err)
	}
	c.seqAlloc.forget(s.ID)
	return nil
}

// checkSequenceNameFree is checkRelationNameFree's part for sequences.
func (c *Catalog) checkSequenceNameFree(ctx context.Context, txn kv.Txn, db *Database, name string) error {
	_, ok, err := txn.Get(ctx, keys.SequenceDescKey(nil, db.Namespace, db.ID, name))
	if err != nil {
		return fmt.Errorf("catalog: read sequence %q: %w", name, err)
	}
	if ok {
		return errs.New(errs.DuplicateTable, "relation %q already exists", name)
	}
	return nil
}

// seqState is a sequence's persisted state, PostgreSQL's (last_value,
// is_called): the next value handed out is last itself when !called,
// else the step after it.
type seqState struct {
	last   int64
	called bool
}

func readSeqState(ctx context.Context, txn kv.Txn, db *Database, s *Sequence) (seqState, error) {
	b, ok, err := txn.Get(ctx, keys.SequenceValueKey(nil, db.Namespace, db.ID, s.ID))
	if err != nil {
		return seqState{}, fmt.Errorf("catalog: read sequence %q: %w", s.Name, err)
	}
	if !ok {
		return seqState{last: s.Start}, nil
	}
	if len(b) != 9 {
		return seqState{}, errs.New(errs.DataCorrupted, "catalog: corrupt state of sequence %q (%d bytes)", s.Name, len(b))
	}
	return seqState{last: int64(binary.BigEndian.Uint64(b)), called: b[8] != 0}, nil
}

func writeSeqState(txn kv.Txn, db *Database, id uint64, st seqState) error {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 9), uint64(st.last))
	called := byte(0)
	if st.called {
		called = 1
	}
	if err := txn.Put(keys.SequenceValueKey(nil, db.Namespace, db.ID, id), append(b, called)); err != nil {
		return fmt.Errorf("catalog: write sequence state: %w", err)
	}
	return nil
}

// SequenceState is what pg_sequences and SELECT FROM a sequence show:
// the last value reserved and whether it was handed out. Values a node
// reserved ahead (seqalloc.go) count as reserved.
//
// While this node holds the block that ends at the persisted state, the
// state shown is that of the values handed out, as PostgreSQL shows it
// with CACHE 1.
func (c *Catalog) SequenceState(ctx context.Context, txn kv.Txn, db *Database, s *Sequence) (last int64, called bool, err error) {
	st, err := readSeqState(ctx, txn, db, s)
	if err != nil {
		return 0, false, err
	}
	b := c.seqAlloc.block(s.ID)
	b.mu.Lock()
	if b.left > 0 && b.version == s.Version && b.end == st {
		st = b.handed
	}
	b.mu.Unlock()
	return st.last, st.called, nil
}

// seqStep is the value after v, and false when there is none (the bound
// was reached without CYCLE).
func seqStep(s *Sequence, v int64) (int64, bool) {
	n := v + s.Increment
	overflow := (s.Increment > 0 && n < v) || (s.Increment < 0 && n > v)
	switch {
	case s.Increment > 0 && (overflow || n > s.Max):
		if !s.Cycle {
			return 0, false
		}
		return s.Min, true
	case s.Increment < 0 && (overflow || n < s.Min):
		if !s.Cycle {
			return 0, false
		}
		return s.Max, true
	}
	return n, true
}

// errLimit is nextval's error at the end of a sequence without CYCLE.
func errLimit(s *Sequence) error {
	if s.Increment > 0 {
		return errs.New(errs.SequenceGeneratorLimit, "nextval: reached maximum value of sequence %q (%d)", s.Name, s.Max)
	}
	return errs.New(errs.SequenceGeneratorLimit, "nextval: reached minimum value of sequence %q (%d)", s.Name, s.Min)
}

// SeqOptions are the options of CREATE SEQUENCE, ALTER SEQUENCE and an
// identity column's sequence, as written: nil or false for what was not
// said.
type SeqOptions struct {
	Bits         int // AS smallint/integer/bigint: 16, 32 or 64; 0 when not given
	Increment    *int64
	Min, Max     *int64
	NoMin, NoMax bool // NO MINVALUE, NO MAXVALUE
	Start        *int64
	Cache        *int64
	Cycle        *bool
	Restart      bool // RESTART [WITH n]
	RestartWith  *int64
	OwnedBy      bool // OWNED BY given; OwnedTable "" means NONE
	OwnedTable   string
	OwnedColumn  string
}

// Apply sets s's parameters from o as PostgreSQL's init_params does. For
// a new sequence (create) s starts as bigint and every parameter not
// given gets its default; for ALTER SEQUENCE the others are kept (a
// bound at the old type's limit follows a change of type).
func (o *SeqOptions) Apply(s *Sequence, create bool) {
	if create {
		s.Bits = 64
	}
	oldLo, oldHi := TypeBounds(s.Bits)
	if o.Bits != 0 {
		s.Bits = o.Bits
	}
	lo, hi := TypeBounds(s.Bits)
	if o.Increment != nil {
		s.Increment = *o.Increment
	} else if create {
		s.Increment = 1
	}
	switch {
	case o.Max != nil:
		s.Max = *o.Max
	case o.NoMax || create || (o.Bits != 0 && (s.Max == oldHi || s.Max > hi)):
		if s.Increment > 0 {
			s.Max = hi
		} else {
			s.Max = -1
		}
	}
	switch {
	case o.Min != nil:
		s.Min = *o.Min
	case o.NoMin || create || (o.Bits != 0 && (s.Min == oldLo || s.Min < lo)):
		if s.Increment > 0 {
			s.Min = 1
		} else {
			s.Min = lo
		}
	}
	switch {
	case o.Start != nil:
		s.Start = *o.Start
	case create:
		if s.Increment > 0 {
			s.Start = s.Min
		} else {
			s.Start = s.Max
		}
	}
	if o.Cache != nil {
		s.Cache = *o.Cache
	} else if create {
		s.Cache = 1
	}
	if o.Cycle != nil {
		s.Cycle = *o.Cycle
	}
	if o.OwnedBy {
		s.OwnedTable, s.OwnedColumn = o.OwnedTable, o.OwnedColumn
	}
}

// RestartValue is where ALTER SEQUENCE ... RESTART [WITH n] puts s (after
// Apply): n, or the start value.
func (o *SeqOptions) RestartValue(s *Sequence) int64 {
	if o.RestartWith != nil {
		return *o.RestartWith
	}
	return s.Start
}

// RelationExists reports whether any relation — table, view, index or
// sequence — has that name.
func (c *Catalog) RelationExists(ctx context.Context, txn kv.Txn, db *Database, name string) (bool, error) {
	if _, ok, err := txn.Get(ctx, keys.TableKey(nil, db.Namespace, db.ID, name)); err != nil || ok {
		return ok, err
	}
	err := c.checkRelationNameFree(ctx, txn, db, name)
	if errs.Code(err) == errs.DuplicateTable {
		return true, nil
	}
	return false, err
}

// maxIdentLen is PostgreSQL's NAMEDATALEN - 1: the longest name it
// makes up for an object.
const maxIdentLen = 63

// SerialSequenceName is the name PostgreSQL gives the sequence of a
// serial or identity column: table_column_seq, with the n-th attempt
// (n > 0) ending in seq<n>, the table and column parts shortened
// (longest first) to fit 63 bytes (makeObjectName).
func SerialSequenceName(table, column string, n int) string {
	label := "seq"
	if n > 0 {
		label = fmt.Sprintf("seq%d", n)
	}
	return MakeObjectName(table, column, label)
}

// MakeObjectName is PostgreSQL's makeObjectName: name1_name2_label
// (name2 and label may be ""), the longer of name1 and name2 shortened
// first until the whole fits in 63 bytes, never inside a character.
func MakeObjectName(name1, name2, label string) string {
	avail := maxIdentLen
	if name2 != "" {
		avail--
	}
	if label != "" {
		avail -= len(label) + 1
	}
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clipUTF8(name1, n1)
	if name2 != "" {
		name += "_" + clipUTF8(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clipUTF8 cuts s to at most n bytes without splitting a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// SetSequenceOwner changes the OWNED BY of a sequence without touching
// its values (its Version stays): a table or column it is owned by was
// renamed.
func (c *Catalog) SetSequenceOwner(ctx context.Context, txn kv.Txn, db *Database, name, table, column string) error {
	s, err := c.Sequence(ctx, txn, db, name)
	if err != nil {
		return err
	}
	moved := *s
	moved.OwnedTable, moved.OwnedColumn = table, column
	return c.putSequence(txn, db, &moved)
}

// renameOwner points the sequences owned by columns of table from at
// table to (ALTER TABLE ... RENAME): PostgreSQL's ownership follows the
// table, whose name is what a Sequence records.
func (c *Catalog) renameOwner(ctx context.Context, txn kv.Txn, db *Database, from, to string) error {
	seqs, err := c.Sequences(ctx, txn, db)
	if err != nil {
		return err
	}
	for _, s := range seqs {
		if s.OwnedTable == from {
			if err := c.SetSequenceOwner(ctx, txn, db, s.Name, to, s.OwnedColumn); err != nil {
				return err
			}
		}
	}
	return nil
}
