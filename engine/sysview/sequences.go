package sysview

import (
	"strconv"
	"strings"
	"sync"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// SeqValues is a session's memory of the sequence values it took, for
// currval and lastval. The session owns one (Session.SeqValues); it is
// per session, never shared, as PostgreSQL's.
type SeqValues struct {
	mu   sync.Mutex
	byID map[uint64]int64
	// last is the sequence nextval or setval used last (lastval).
	lastID   uint64
	lastName string
	lastSet  bool
}

// Record remembers v as the current value of s in the session.
func (sv *SeqValues) Record(s *catalog.Sequence, v int64) {
	if sv == nil {
		return
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.byID == nil {
		sv.byID = make(map[uint64]int64)
	}
	sv.byID[s.ID] = v
	sv.lastID, sv.lastName, sv.lastSet = s.ID, s.Name, true
}

// Forget drops every remembered value (DISCARD SEQUENCES, DISCARD ALL):
// currval and lastval fail again until the next nextval.
func (sv *SeqValues) Forget() {
	if sv == nil {
		return
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	sv.byID = nil
	sv.lastID, sv.lastName, sv.lastSet = 0, "", false
}

func (sv *SeqValues) current(id uint64) (int64, bool) {
	if sv == nil {
		return 0, false
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	v, ok := sv.byID[id]
	return v, ok
}

func (sv *SeqValues) last() (id uint64, name string, v int64, ok bool) {
	if sv == nil {
		return 0, "", 0, false
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if !sv.lastSet {
		return 0, "", 0, false
	}
	return sv.lastID, sv.lastName, sv.byID[sv.lastID], true
}

// Reset forgets every value (DISCARD SEQUENCES, DISCARD ALL).
func (sv *SeqValues) Reset() {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	sv.byID, sv.lastID, sv.lastName, sv.lastSet = nil, 0, "", false
}

func (e *Env) seqValues() *SeqValues {
	if e == nil || e.Session == nil {
		return nil
	}
	return e.Session.SeqValues()
}

// sequenceArg finds the sequence a regclass argument names: an OID, or a
// (possibly qualified, quoted) name as regclass input reads it. 42P01
// when there is no such relation, 42809 when it is not a sequence.
func sequenceArg(e *Env, v value.Value) (*catalog.Sequence, error) {
	if e.Cat == nil || e.Database == nil {
		return nil, errs.New(errs.InvalidCatalogName, "no database selected")
	}
	var name string
	if v.Kind() == value.KindInt {
		r, err := relArg(e, v)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, errs.New(errs.UndefinedTable, "could not open relation with OID %d", v.AsInt())
		}
		if r.seq == nil {
			return nil, errs.New(errs.WrongObjectType, "%q is not a sequence", r.name)
		}
		return r.seq, nil
	}
	schema, name := catalog.SplitQualified(value.CastText(v))
	if e.Temp != nil && (schema == "" || schema == "pg_temp" || schema == e.Temp.Name) {
		// A temporary table's serial sequence; pg_temp comes first.
		s, err := e.Cat.Sequence(e.Ctx, e.Txn, e.Temp, name)
		if schema != "" || errs.Code(err) != errs.UndefinedTable {
			return s, err
		}
	}
	if schema != "" && schema != "public" {
		if schema == PgCatalog || schema == InformationSchema {
			return nil, errs.New(errs.WrongObjectType, "%q is not a sequence", name)
		}
		if schema == "pg_temp" {
			return nil, errs.New(errs.UndefinedTable, "relation %q does not exist", schema+"."+name)
		}
		sc := e.userSchemaByName(schema)
		if sc == nil {
			return nil, errs.New(errs.InvalidSchemaName, "schema %q does not exist", schema)
		}
		s, err := e.Cat.Sequence(e.Ctx, e.Txn, sc, name)
		if errs.Code(err) == errs.UndefinedTable {
			err = errs.New(errs.UndefinedTable, "relation %q does not exist", schema+"."+name)
		}
		return s, err
	}
	if schema == "" {
		// Along search_path before public, as tables are found.
		for _, nsp := range searchPathOIDs(e) {
			sc := e.userSchemaByOID(nsp)
			if sc == nil {
				continue
			}
			if s, err := e.Cat.Sequence(e.Ctx, e.Txn, sc, name); errs.Code(err) != errs.UndefinedTable {
				return s, err
			}
		}
	}
	s, err := e.Cat.Sequence(e.Ctx, e.Txn, e.baseDatabase(), name)
	if errs.Code(err) == errs.UndefinedTable {
		if oid, ok, _ := RelationOID(e, name); ok && oid != 0 {
			return nil, errs.New(errs.WrongObjectType, "%q is not a sequence", name)
		}
	}
	return s, err
}

// seqDatabase is the database of sequence s: the session's temporary
// schema for a temporary table's serial sequence, or a schema of the
// database.
func seqDatabase(e *Env, s *catalog.Sequence) *catalog.Database {
	if e.Temp != nil && s.Database == e.Temp.ID {
		return e.Temp
	}
	if s.Database == e.Database.ID {
		return e.Database
	}
	if sc := e.userSchemaByOID(SchemaOID(s.Database)); sc != nil {
		return sc
	}
	return e.baseDatabase()
}

// readOnlySequence refuses fn (nextval, setval) on a permanent sequence
// in a read-only transaction; a temporary one is the session's own, as
// PostgreSQL allows.
func readOnlySequence(e *Env, s *catalog.Sequence, fn string) error {
	if !e.ReadOnly || (e.Temp != nil && s.Database == e.Temp.ID) {
		return nil
	}
	return errs.New(errs.ReadOnlySQLTransaction, "cannot execute %s() in a read-only transaction", fn)
}

func nextval(e *Env, a []value.Value) (value.Value, error) {
	s, err := sequenceArg(e, a[0])
	if err != nil {
		return value.None, err
	}
	if err := e.checkSequence(s, catalog.PrivUsage|catalog.PrivUpdate); err != nil {
		return value.None, err
	}
	if err := readOnlySequence(e, s, "nextval"); err != nil {
		return value.None, err
	}
	v, err := e.Cat.NextVal(e.Ctx, e.Txn, seqDatabase(e, s), s)
	if err != nil {
		return value.None, err
	}
	e.seqValues().Record(s, v)
	return value.Int(v), nil
}

func currval(e *Env, a []value.Value) (value.Value, error) {
	s, err := sequenceArg(e, a[0])
	if err != nil {
		return value.None, err
	}
	if err := e.checkSequence(s, catalog.PrivSelect|catalog.PrivUsage); err != nil {
		return value.None, err
	}
	v, ok := e.seqValues().current(s.ID)
	if !ok {
		return value.None, errs.New(errs.ObjectNotInPrerequisite, "currval of sequence %q is not yet defined in this session", s.Name)
	}
	return value.Int(v), nil
}

func lastval(e *Env, _ []value.Value) (value.Value, error) {
	id, name, v, ok := e.seqValues().last()
	if !ok {
		return value.None, errs.New(errs.ObjectNotInPrerequisite, "lastval is not yet defined in this session")
	}
	// The sequence must still exist, as PostgreSQL checks.
	if e.Cat != nil && e.Database != nil {
		s, err := e.Cat.Sequence(e.Ctx, e.Txn, e.baseDatabase(), name)
		if (err != nil || s.ID != id) && e.Temp != nil {
			s, err = e.Cat.Sequence(e.Ctx, e.Txn, e.Temp, name)
		}
		for _, sc := range e.userSchemas() {
			if err == nil && s.ID == id {
				break
			}
			s, err = e.Cat.Sequence(e.Ctx, e.Txn, sc, name)
		}
		if err != nil || s.ID != id {
			return value.None, errs.New(errs.ObjectNotInPrerequisite, "lastval is not yet defined in this session")
		}
	}
	return value.Int(v), nil
}

func setval(e *Env, a []value.Value) (value.Value, error) {
	s, err := sequenceArg(e, a[0])
	if err != nil {
		return value.None, err
	}
	n, err := value.Convert(a[1], value.TypeInt8)
	if err != nil {
		return value.None, err
	}
	called := true
	if len(a) > 2 {
		b, err := value.Convert(a[2], value.TypeBool)
		if err != nil {
			return value.None, err
		}
		called = b.AsBool()
	}
	if err := e.checkSequence(s, catalog.PrivUpdate); err != nil {
		return value.None, err
	}
	if err := readOnlySequence(e, s, "setval"); err != nil {
		return value.None, err
	}
	if err := e.Cat.SetVal(e.Ctx, e.Txn, seqDatabase(e, s), s, n.AsInt(), called); err != nil {
		return value.None, err
	}
	if called {
		// setval(s, n) makes n the session's currval, as nextval would.
		e.seqValues().Record(s, n.AsInt())
	}
	return n, nil
}

// serialSequence is pg_get_serial_sequence(table, column): the sequence
// owned by the column (serial or identity), schema-qualified, or NULL.
// The table name is read as regclass input; the column name literally.
func serialSequence(e *Env, a []value.Value) (value.Value, error) {
	if e.Cat == nil || e.Database == nil {
		return value.None, nil
	}
	schema, table := catalog.SplitQualified(value.CastText(a[0]))
	db, qual := e.baseDatabase(), "public."
	if schema != "" && schema != "public" {
		if schema == PgCatalog || schema == InformationSchema {
			return value.None, nil
		}
		sc := e.userSchemaByName(schema)
		if sc == nil {
			return value.None, errs.New(errs.InvalidSchemaName, "schema %q does not exist", schema)
		}
		db, qual = sc, builtin.QuoteIdent(sc.Name)+"."
	}
	t, err := e.Cat.Table(e.Ctx, e.Txn, db, table)
	if e.Temp != nil && schema == "" {
		// pg_temp first: a temporary table's column.
		if tt, terr := e.Cat.Table(e.Ctx, e.Txn, e.Temp, table); terr == nil {
			t, err, db, qual = tt, nil, e.Temp, "pg_temp." // as PostgreSQL names its own temporary schema
		}
	}
	if err != nil {
		return value.None, err
	}
	col := value.CastText(a[1])
	if _, _, ok := t.FieldByName(col); !ok {
		return value.None, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", col, table)
	}
	seqs, err := e.Cat.Sequences(e.Ctx, e.Txn, db)
	if err != nil {
		return value.None, err
	}
	for _, s := range seqs {
		if s.OwnedTable == t.Name && s.OwnedColumn == col {
			return value.String(qual + builtin.QuoteIdent(s.Name)), nil
		}
	}
	return value.None, nil
}

// sequenceColumns are the columns of a sequence relation, as SELECT *
// FROM a sequence shows them in PostgreSQL.
func sequenceColumns() []colInfo {
	return []colInfo{
		{name: "last_value", t: value.TypeInt8, notNull: true},
		{name: "log_cnt", t: value.TypeInt8, notNull: true},
		{name: "is_called", t: value.TypeBool, notNull: true},
	}
}

// seqTypeOID is the pg_type OID of a sequence's data type.
func seqTypeOID(s *catalog.Sequence) uint32 {
	switch s.Bits {
	case 16:
		return 21
	case 32:
		return 23
	}
	return 20
}

func pgSequence(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if s := r.seq; s != nil {
			out.add(r.oid, seqTypeOID(s), s.Start, s.Increment, s.Max, s.Min, s.Cache, s.Cycle)
		}
	})
	return m.err
}

func pgSequences(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		s := r.seq
		if s == nil {
			return
		}
		last, called, err := m.e.Cat.SequenceState(m.e.Ctx, m.e.Txn, m.e.Database, s)
		if err != nil {
			m.err = err
			return
		}
		var lastVal any
		if called {
			lastVal = last
		}
		out.add(m.nspName(r.nsp), s.Name, bootstrapRole, int64(seqTypeOID(s)),
			s.Start, s.Min, s.Max, s.Increment, s.Cycle, s.Cache, lastVal)
	})
	return m.err
}

func isSequences(m *model, out *rowSet) error {
	db := m.dbName()
	m.each(func(r *relInfo) {
		s := r.seq
		if s == nil || m.identitySequence(s) {
			return // PostgreSQL leaves identity columns' sequences out
		}
		cycle := "NO"
		if s.Cycle {
			cycle = "YES"
		}
		out.add(db, m.nspName(r.nsp), s.Name, s.TypeName(), int32(s.Bits), int32(2), int32(0),
			itoa(s.Start), itoa(s.Min), itoa(s.Max), itoa(s.Increment), cycle)
	})
	return m.err
}

// pgDepend has the dependencies psql and tools read: a sequence owned by
// a column (deptype 'i' for an identity column's, 'a' for serial and
// OWNED BY).
func pgDepend(m *model, out *rowSet) error {
	const pgClassOID uint32 = 1259
	m.each(func(r *relInfo) {
		s := r.seq
		if s == nil || s.OwnedTable == "" {
			return
		}
		t, ok := m.relByName(r.nsp, s.OwnedTable)
		if !ok {
			return
		}
		for j, c := range t.cols {
			if c.name != s.OwnedColumn {
				continue
			}
			dep := byte('a')
			if c.identity != catalog.IdentityNone && c.seq == s.Name {
				dep = 'i'
			}
			out.add(pgClassOID, r.oid, int32(0), pgClassOID, t.oid, int32(j+1), dep)
		}
	})
	if m.err != nil {
		return m.err
	}
	// What pg_dump orders its output by: a column default drawing from a
	// sequence depends on the sequence (the table is then created first
	// and the default set once the sequence exists), and a view or
	// materialized view on the relations its query reads. PostgreSQL
	// records the latter on the view's rewrite rule, which zerodb does
	// not have; pg_dump takes it from the view alike.
	const pgAttrdefOID uint32 = 2604
	rels, err := m.relations()
	if err != nil {
		return err
	}
	byName := make(map[relKey]*relInfo, len(rels))
	for i := range rels {
		if rels[i].kind != 'i' {
			byName[relKey{rels[i].nsp, rels[i].name}] = &rels[i]
		}
	}
	for i := range rels {
		r := &rels[i]
		if r.kind == 'r' && r.table != nil {
			// A child table depends on its parents (table inheritance),
			// which pg_dump creates first.
			for _, name := range r.table.Inherits {
				if p, ok := byName[relKey{r.nsp, name}]; ok {
					out.add(pgClassOID, r.oid, int32(0), pgClassOID, p.oid, int32(0), byte('n'))
				}
			}
			for j, c := range r.cols {
				if s, ok := byName[relKey{r.nsp, c.seq}]; ok && c.def != "" && s.kind == 'S' {
					out.add(pgAttrdefOID, attrDefOID(r.table.ID, j+1), int32(0), pgClassOID, s.oid, int32(0), byte('n'))
				}
			}
		}
		query := ""
		switch {
		case r.view != nil:
			query = r.view.Query
		case r.kind == 'm' && r.table != nil && r.table.MatView != nil:
			query = r.table.MatView.Query
		}
		if query == "" || m.e.ViewRelations == nil {
			continue
		}
		for _, name := range m.e.ViewRelations(query) {
			key := relKey{OIDPublic, name}
			if schema, rel, ok := strings.Cut(name, "."); ok {
				sc := m.e.userSchemaByName(schema)
				if sc == nil {
					continue
				}
				key = relKey{SchemaOID(sc.ID), rel}
			}
			if d, ok := byName[key]; ok && d != r {
				out.add(pgClassOID, r.oid, int32(0), pgClassOID, d.oid, int32(0), byte('n'))
			}
		}
	}
	return m.functionDepends(byName, out)
}

// functionDepends lists what stored ZQL functions depend on: the
// relations and other stored functions their source names. A function's
// body is checked against the catalog when it is defined, so pg_dump must
// write these first. A name that is a local variable as well as a table
// only adds an ordering the dump did not need.
func (m *model) functionDepends(rels map[relKey]*relInfo, out *rowSet) error {
	const pgClassOID, pgProcOID uint32 = 1259, 1255
	ps, err := m.procs()
	if err != nil {
		return err
	}
	for _, p := range ps {
		// A SQL-defined function taking or returning a table's rows
		// comes after the table (PostgreSQL's dependency is on the row
		// type, which pg_dump dumps with its table).
		for _, name := range p.rowTypes() {
			if r, ok := rels[relKey{OIDPublic, name}]; ok && r.kind == 'r' {
				out.add(pgProcOID, p.oid, int32(0), pgClassOID, r.oid, int32(0), byte('n'))
			}
		}
	}
	if m.e.ZQLNames == nil {
		return nil
	}
	stored := make(map[string]uint32)
	for _, p := range ps {
		if p.lang == OIDZQLLanguage {
			stored[p.name] = p.oid
		}
	}
	for _, p := range ps {
		if p.lang != OIDZQLLanguage {
			continue
		}
		for _, name := range m.e.ZQLNames(p.src) {
			if r, ok := rels[relKey{OIDPublic, name}]; ok && r.kind != 'S' {
				out.add(pgProcOID, p.oid, int32(0), pgClassOID, r.oid, int32(0), byte('n'))
			} else if f, ok := stored[name]; ok && f != p.oid {
				out.add(pgProcOID, p.oid, int32(0), pgProcOID, f, int32(0), byte('n'))
			}
		}
	}
	return nil
}

// identitySequence reports whether s is an identity column's sequence.
func (m *model) identitySequence(s *catalog.Sequence) bool {
	t, ok := m.relByName(m.nspOf(s.Database), s.OwnedTable)
	if !ok {
		return false
	}
	for _, c := range t.cols {
		if c.name == s.OwnedColumn {
			return c.identity != catalog.IdentityNone && c.seq == s.Name
		}
	}
	return false
}

func (m *model) relByName(nsp uint32, name string) (*relInfo, bool) {
	return m.relOfKind(nsp, name, "r")
}

// relOfKind finds the relation of one of kinds (pg_class.relkind) by
// name.
func (m *model) relOfKind(nsp uint32, name, kinds string) (*relInfo, bool) {
	rels, err := m.relations()
	if err != nil {
		return nil, false
	}
	for i := range rels {
		if strings.IndexByte(kinds, rels[i].kind) >= 0 && rels[i].nsp == nsp && rels[i].name == name {
			return &rels[i], true
		}
	}
	return nil, false
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// seqRelBase is the first catalog.Table.ID of the descriptors that show a
// sequence as a relation (SequenceRelation): seqRelBase + the sequence's
// id, above every virtual relation's.
const seqRelBase = virtualBase + 1<<40

// SequenceRelation is the read-only relation SELECT ... FROM a sequence
// reads, as in PostgreSQL: one row of last_value, log_cnt and is_called,
// computed when scanned.
func SequenceRelation(s *catalog.Sequence) *catalog.Table {
	cols := sequenceColumns()
	fields := make([]catalog.Field, len(cols))
	for i, c := range cols {
		fields[i] = catalog.Field{Name: c.name, Type: c.t}
	}
	return &catalog.Table{ID: seqRelBase + s.ID, Database: s.Database, Name: s.Name, Schemafull: true, Fields: fields, CreatedBy: "sql",
		Privileges: s.Privileges}
}

// IsSequenceRelation reports whether t is a SequenceRelation.
func IsSequenceRelation(t *catalog.Table) bool { return t != nil && t.ID >= seqRelBase }

func sequenceRows(e *Env, t *catalog.Table) ([][2]value.Value, error) {
	if e.Cat == nil || e.Database == nil {
		return nil, errs.New(errs.InvalidCatalogName, "no database selected")
	}
	// By name: a cached plan of SELECT ... FROM s reads whatever sequence
	// is s now.
	db := e.baseDatabase()
	switch {
	case e.Temp != nil && t.Database == e.Temp.ID:
		db = e.Temp
	case t.Database != 0 && t.Database != db.ID:
		if sc := e.userSchemaByOID(SchemaOID(t.Database)); sc != nil {
			db = sc
		}
	}
	s, err := e.Cat.Sequence(e.Ctx, e.Txn, db, t.Name)
	if err != nil {
		return nil, err
	}
	last, called, err := e.Cat.SequenceState(e.Ctx, e.Txn, seqDatabase(e, s), s)
	if err != nil {
		return nil, err
	}
	out := &rowSet{cols: []col{{"last_value", tInt8}, {"log_cnt", tInt8}, {"is_called", tBool}}}
	out.add(last, logCount(s, last, called), called)
	return out.rows, out.err
}

// seqLogVals is PostgreSQL's SEQ_LOG_VALS: how many values nextval logs
// ahead in the WAL.
const seqLogVals = 32

// logCount is the log_cnt PostgreSQL shows for a sequence at last: the
// values logged ahead and not yet used. zerodb logs nothing ahead (it
// reserves ahead its own way, catalog/seqalloc.go), so this is what
// PostgreSQL would show after the nextvals from the start value to last
// with no checkpoint between: 0 before the first, 32 after it, one less
// after each next, logging 32 more when none are left. A setval or a
// cycle since is not known here; neither is the cache of more than one
// value that takes more at once: 32 then.
func logCount(s *catalog.Sequence, last int64, called bool) int64 {
	if !called {
		return 0
	}
	if s.Cache > 1 || s.Increment == 0 || (last-s.Start)%s.Increment != 0 {
		return seqLogVals
	}
	calls := (last-s.Start)/s.Increment + 1
	if calls < 1 {
		return seqLogVals
	}
	return seqLogVals - (calls-1)%(seqLogVals+1)
}
