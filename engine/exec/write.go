package exec

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// writeBase is the input side of Insert, Update and Delete. When the
// input may read the table being written, it is materialized before the
// first write (the Halloween problem: an UPDATE over a scan of its own
// table must not meet the rows it already rewrote, nor an INSERT … SELECT
// the rows it inserted).
type writeBase struct {
	r      *run
	in     iterator
	o      outer
	mat    bool
	rows   [][]value.Value
	store  rowStore
	pos    int
	filled bool
	prefix []byte
	keyBuf []byte
	valBuf []byte
	out    [2]value.Value
	wide   []value.Value // an output row followed by the input row (WithInput)
	// Inline backing stores for the usual short prefixes and keys, so a
	// single-row write does not allocate them.
	pbuf [32]byte
	kbuf [64]byte
}

func (w *writeBase) close() { w.in.close() }

// openInput opens the input of a write of t, after t's BEFORE
// STATEMENT triggers of events (setCols: an UPDATE's SET columns).
func (w *writeBase) openInput(o outer, t *catalog.Table, materialize bool, setCols []string, events ...uint8) error {
	if err := checkWritable(t); err != nil {
		return err
	}
	if err := w.r.statementTriggers(t, setCols, events...); err != nil {
		return err
	}
	w.o, w.mat, w.pos, w.filled = o, materialize, 0, false
	w.rows, w.store = w.rows[:0], rowStore{}
	var err error
	if w.prefix == nil {
		w.prefix, w.keyBuf = w.pbuf[:0], w.kbuf[:0]
	}
	if w.prefix, err = w.r.tablePrefix(w.prefix[:0], t); err != nil {
		return err
	}
	return w.in.open(o)
}

func (w *writeBase) nextInput() ([]value.Value, error) {
	if !w.mat {
		return w.in.next()
	}
	if !w.filled {
		w.filled = true
		for {
			row, err := w.in.next()
			if err != nil {
				return nil, err
			}
			if row == nil {
				break
			}
			if err := w.r.tick(); err != nil {
				return nil, err
			}
			w.rows = append(w.rows, w.store.copy(row))
		}
	}
	if w.pos >= len(w.rows) {
		return nil, nil
	}
	w.pos++
	return w.rows[w.pos-1], nil
}

// nextRow is the next input row of a write, nil at the end, counting
// it for cancellation (tick).
func (w *writeBase) nextRow() ([]value.Value, error) {
	row, err := w.nextInput()
	if row == nil || err != nil {
		return nil, err
	}
	return row, w.r.tick()
}

// emit is the output row [key, obj], followed by the input row when
// withInput.
func (w *writeBase) emit(withInput bool, key, obj value.Value, row []value.Value) []value.Value {
	if !withInput {
		w.out[0], w.out[1] = key, obj
		return w.out[:]
	}
	w.wide = append(append(w.wide[:0], key, obj), row...)
	return w.wide
}

// recordKey encodes the kv key of a record into w.keyBuf.
func (w *writeBase) recordKey(k value.Value, pos int) ([]byte, error) {
	b, err := value.AppendKey(append(w.keyBuf[:0], w.prefix...), k)
	if err != nil {
		return nil, atPos(err, pos)
	}
	w.keyBuf = b
	return b, nil
}

// readsTable reports whether n, or a subquery anywhere in it, scans
// table id.
func readsTable(n plan.Node, id uint64) bool {
	return slices.Contains(opt.Analyze(n).Tables, id)
}

// insertIter writes one record per input row.
type insertIter struct {
	writeBase
	n    *plan.Insert
	kt   *value.Type
	idOK bool // "id" in a written object names the record (no declared id field or primary key)
	// seen holds the keys ON CONFLICT DO UPDATE rewrote (each at most once).
	seen      *rowSet
	seenStore rowStore
	// arbiter is the unique index ON CONFLICT names (nil: the primary
	// key, or any conflict).
	arbiter *catalog.Index
}

func (r *run) buildInsert(n *plan.Insert) (iterator, error) {
	if n.Table == nil {
		return nil, internalf("insert without a table")
	}
	if n.Prepare != nil {
		return &preparedInsertIter{r: r, n: n}, nil
	}
	if err := notMatView(n.Table); err != nil {
		return nil, err
	}
	return r.buildInsertInto(n)
}

// buildInsertInto is buildInsert's iterator, for any table: a
// materialized view is written only by its CREATE and REFRESH.
func (r *run) buildInsertInto(n *plan.Insert) (iterator, error) {
	in, err := r.build(n.Input)
	if err != nil {
		return nil, err
	}
	if n.Table.InsteadOf {
		return &insteadIter{writeBase: writeBase{r: r, in: in}, t: n.Table, event: catalog.TriggerInsert, obj: n.Obj, oldCol: -1}, nil
	}
	_, _, declared := n.Table.FieldByName("id")
	it := &insertIter{writeBase: writeBase{r: r, in: in}, n: n, kt: keyType(n.Table),
		idOK: !declared && len(n.Table.PrimaryKey) == 0}
	if n.Arbiter != "" {
		if n.Table.Partitioned != nil {
			return nil, errs.New(errs.FeatureNotSupported, "ON CONFLICT on a unique index of partitioned table %q is not supported", n.Table.Name).
				WithHint("Name the primary key's columns.")
		}
		ix, ok := n.Table.IndexByName(n.Arbiter)
		if !ok || !ix.Unique {
			return nil, internalf("ON CONFLICT arbiter %q is not a unique index of %q", n.Arbiter, n.Table.Name)
		}
		it.arbiter = ix
	}
	return it, nil
}

func (it *insertIter) open(o outer) error {
	mat := readsTable(it.n.Input, it.n.Table.ID)
	if it.n.Mode == plan.InsertUpdate {
		// As PostgreSQL: ON CONFLICT DO UPDATE fires UPDATE's
		// statement triggers too.
		return it.openInput(o, it.n.Table, mat, it.n.UpdateCols, catalog.TriggerInsert, catalog.TriggerUpdate)
	}
	return it.openInput(o, it.n.Table, mat, nil, catalog.TriggerInsert)
}

func (it *insertIter) next() ([]value.Value, error) {
	r, t := it.r, it.n.Table
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	for {
		row, err := it.nextRow()
		if row == nil || err != nil {
			return nil, err
		}
		sc := it.o.scope(row)
		ov, err := r.eval(it.n.Obj, &sc)
		if err != nil {
			return nil, err
		}
		if ov.Kind() != value.KindObject {
			return nil, typeMismatch(it.n.Obj.Pos(), "a record must be an object, not %s", kindName(ov))
		}
		obj := ov.AsObject()
		var key value.Value
		if it.n.Key != nil {
			if key, err = r.eval(it.n.Key, &sc); err != nil {
				return nil, err
			}
		}
		pos := 0
		if it.n.Key != nil {
			pos = it.n.Key.Pos()
		}
		generated := false
		if it.idOK {
			var idKey value.Value
			if obj, idKey, err = takeID(t, obj, pos); err != nil {
				return nil, err
			}
			if !idKey.IsNone() {
				if !key.IsNone() && !value.Equal(key, idKey) {
					return nil, errAt(pos, errs.InvalidParameterValue, "the id field %s does not match the record key %s", idKey.String(), key.String())
				}
				key = idKey
			}
		}
		if !key.IsNone() && len(t.PrimaryKey) > 0 {
			if obj, err = fillPK(t, obj, key, pos); err != nil {
				return nil, err
			}
		}
		if it.n.Table.Partitioned != nil {
			if t, obj, err = it.route(obj); err != nil {
				return nil, atPos(err, it.n.Obj.Pos())
			}
		}
		if len(t.Fields) > 0 {
			if err := refuseGenerated(t, obj, nil); err != nil {
				return nil, atPos(err, it.n.Obj.Pos())
			}
			if len(t.Triggers) > 0 && hasTriggers(t, true, catalog.TriggerInsert) {
				if obj, err = r.beforeInsert(t, obj); err != nil || obj == nil {
					if err != nil {
						return nil, err
					}
					continue
				}
			}
			if obj, err = r.validate(t, obj); err != nil {
				return nil, atPos(err, it.n.Obj.Pos())
			}
			// A routed row is checked again only when a BEFORE trigger
			// of its partition may have changed its key.
			if t.PartitionOf != "" && (it.n.Table.Partitioned == nil || len(t.Triggers) > 0) {
				if err := r.checkPartitionBound(t, obj); err != nil {
					return nil, err
				}
			}
		} else if len(t.Triggers) > 0 {
			if obj, err = r.beforeWrite(t, catalog.TriggerInsert, nil, value.None, obj, it.n.Obj.Pos()); err != nil || obj == nil {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		if err := r.checkConstraints(t, it.n.Checks, key, obj); err != nil {
			return nil, err
		}
		switch {
		case len(t.PrimaryKey) > 0:
			// The key columns are the key: an explicit key must agree.
			pk, err := pkKey(t, obj)
			if err != nil {
				return nil, err
			}
			if !key.IsNone() && !value.Equal(pk, key) {
				return nil, errAt(pos, errs.InvalidParameterValue, "the key %s does not match the primary key %s of the record", key.String(), pk.String())
			}
			key = pk
		case key.IsNone():
			key = r.x.keys.next(time.Now())
			generated = true
		}
		nk, ok := normalizeKey(key, it.kt)
		if !ok {
			return nil, typeMismatch(pos, "%s is not a valid key for table %q", key.String(), t.Name)
		}
		key = nk
		kb, err := it.recordKey(key, pos)
		if err != nil {
			return nil, err
		}
		derived := r.hasDerived(t)
		mode := it.n.Mode
		if it.arbiter != nil {
			// The arbiter is a unique index: a record holding its parts
			// takes the ON CONFLICT action; the primary key is then an
			// ordinary constraint.
			hk, hob, hit, err := it.arbiterHolder(key, obj)
			if err != nil {
				return nil, err
			}
			if hit && mode == plan.InsertIgnore {
				continue
			}
			if hit {
				nv, skip, err := it.upsert(t, hk, hob, obj)
				if err != nil {
					return nil, err
				}
				if skip {
					continue
				}
				return nv, nil
			}
			mode = plan.InsertNew
		}
		var old value.Value
		// A generated key is new by construction (keyGen): no record can
		// be there to conflict with or replace, so the read is skipped
		// (bulk loads into tables without a primary key write only).
		if !generated && (mode != plan.InsertReplace || derived) {
			if mode == plan.InsertUpdate || mode == plan.InsertIgnore {
				// ON CONFLICT on the key waits for a transaction that
				// writes the record, there or not yet: PostgreSQL's
				// waits for a concurrent insert of the key, then takes
				// the conflict path.
				if err := r.lockForWrite(txn, t, kb, plan.ForNoKeyUpdate); err != nil {
					return nil, err
				}
			}
			ob, exists, err := txn.Get(r.ctx, kb)
			if err != nil {
				return nil, errs.From(err)
			}
			if exists {
				switch mode {
				case plan.InsertIgnore:
					continue
				case plan.InsertNew:
					return nil, atPos(duplicateKey(t, key), it.n.Obj.Pos())
				case plan.InsertUpdate:
					nv, skip, err := it.upsert(t, key, ob, obj)
					if err != nil || skip {
						if err != nil {
							return nil, err
						}
						continue
					}
					return nv, nil
				}
				if old, err = value.Decode(ob); err != nil {
					return nil, errs.From(err)
				}
			}
		}
		ov = value.ObjectOf(obj)
		if it.n.Mode == plan.InsertIgnore && it.n.AnyConflict && (derived || len(t.Exclusions) > 0) {
			// ON CONFLICT DO NOTHING without a target skips a row a unique
			// index refuses too.
			if conflict, err := r.uniqueConflict(t, key, ov); conflict || err != nil {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		if it.n.Mode == plan.InsertUpdate {
			it.markSeen(key) // a later row of the statement may not update it
		}
		it.valBuf = value.Encode(it.valBuf[:0], ov)
		if err := txn.Put(kb, it.valBuf); err != nil {
			return nil, errs.From(err)
		}
		if derived {
			if err := r.recordChanged(t, key, old, ov, it.n.Obj.Pos()); err != nil {
				return nil, err
			}
			r.fkNote(t, old, ov)
		}
		r.writes++
		if old.IsNone() {
			r.countWrite(t, 1, 0, 0)
		} else {
			r.countWrite(t, 0, 1, 0) // a replaced record
		}
		if len(t.Triggers) > 0 {
			if err := r.afterWrite(t, catalog.TriggerInsert, nil, value.None, ov); err != nil {
				return nil, err
			}
		}
		it.out[0], it.out[1] = keyOf(t, it.kt, key, ov), ov
		return it.out[:], nil
	}
}

func duplicateKey(t *catalog.Table, key value.Value) error {
	cols := "id"
	if len(t.PrimaryKey) > 0 {
		cols = strings.Join(t.PrimaryKey, ", ")
	}
	return errs.New(errs.UniqueViolation, "duplicate key value violates unique constraint %q", t.PKeyConstraint()).
		WithDetail("Key (%s)=(%s) already exists.", cols, pkText(t, key))
}

// pkText is a record key of t as PostgreSQL's details show it: its
// columns' values, separated by commas.
func pkText(t *catalog.Table, key value.Value) string {
	if len(t.PrimaryKey) > 1 && key.Kind() == value.KindTuple {
		return keyTexts(key.AsList(), t, t.PrimaryKey)
	}
	if len(t.PrimaryKey) == 1 {
		return keyText(key, columnType(t, t.PrimaryKey[0]))
	}
	return keyText(key, value.Any)
}

// keyText is a key value of type typ as PostgreSQL's details show it:
// its text, a char(n) padded to n, null for NULL (which a NULLS NOT
// DISTINCT index holds once).
func keyText(v value.Value, typ value.Type) string {
	if v.IsNone() {
		return "null"
	}
	if v.Kind() == value.KindString {
		if typ.Kind == value.KindString && typ.BPChar && typ.MaxLen > 0 {
			return string(value.PadBPChar(nil, v.AsString(), typ.MaxLen))
		}
		return v.AsString()
	}
	if v.Kind() == value.KindComposite && typ.IsComposite() {
		if b, err := value.AppendText(nil, v, typ); err == nil {
			return string(b)
		}
	}
	if k := v.Kind(); k == value.KindTime || k == value.KindTimeTZ || k == value.KindNet || k == value.KindBits {
		// Their text does not depend on the session time zone; as Any
		// they would be written as JSON strings.
		return value.CastText(v)
	}
	if b, err := value.AppendText(nil, v, value.Any); err == nil && v.Kind() != value.KindSymbol {
		return string(b)
	}
	return v.String()
}

// columnType is the type of t's column col (Any when there is none).
func columnType(t *catalog.Table, col string) value.Type {
	if f, _, ok := t.FieldByName(col); ok {
		return f.Type
	}
	return value.Any
}

// takeID removes the id field of an object written to a table whose
// records are named by key: `{id: persons.@ann, ...}` (or `{id: 42}`)
// names the record persons.@ann, so the id is its key and is not stored.
func takeID(t *catalog.Table, obj *value.Object, pos int) (*value.Object, value.Value, error) {
	id, ok := obj.Get("id")
	if !ok {
		return obj, value.None, nil
	}
	var key value.Value
	switch id.Kind() {
	case value.KindNone:
	case value.KindRecordID:
		rid := id.AsRecordID()
		if rid.Table != t.Name {
			return nil, value.None, errAt(pos, errs.InvalidParameterValue, "record id %s does not belong to table %q", id.String(), t.Name)
		}
		key = rid.Key
	default:
		if !keyable(id) {
			return nil, value.None, typeMismatch(pos, "the id of a record must be a record id or a key value, not %s", kindName(id))
		}
		key = id
	}
	c := obj.Clone()
	c.Delete("id")
	return c, key, nil
}

// fillPK sets the primary-key fields of obj from an explicit key when obj
// lacks them (ZQL `users::add(5, {...})` on a table keyed by a column).
func fillPK(t *catalog.Table, obj *value.Object, key value.Value, pos int) (*value.Object, error) {
	if len(t.PrimaryKey) == 1 {
		if v, ok := obj.Get(t.PrimaryKey[0]); ok && !v.IsNone() {
			return obj, nil
		}
		c := obj.Clone()
		c.Set(t.PrimaryKey[0], key)
		return c, nil
	}
	if key.Kind() != value.KindTuple || len(key.AsList()) != len(t.PrimaryKey) {
		return nil, typeMismatch(pos, "the key of table %q is a tuple of %d values", t.Name, len(t.PrimaryKey))
	}
	var c *value.Object
	for i, col := range t.PrimaryKey {
		if v, ok := obj.Get(col); ok && !v.IsNone() {
			continue
		}
		if c == nil {
			c = obj.Clone()
		}
		c.Set(col, key.AsList()[i])
	}
	if c == nil {
		return obj, nil
	}
	return c, nil
}

// pkKey computes a record key from the primary-key columns of obj: the
// value itself for one column, a tuple for several.
func pkKey(t *catalog.Table, obj *value.Object) (value.Value, error) {
	if len(t.PrimaryKey) == 1 {
		v, _ := obj.Get(t.PrimaryKey[0])
		if v.IsNone() {
			return value.None, notNull(t, t.PrimaryKey[0])
		}
		return v, nil
	}
	vs := make([]value.Value, len(t.PrimaryKey))
	for i, col := range t.PrimaryKey {
		v, _ := obj.Get(col)
		if v.IsNone() {
			return value.None, notNull(t, col)
		}
		vs[i] = v
	}
	return value.Tuple(vs), nil
}

func notNull(t *catalog.Table, col string) error {
	return errs.New(errs.NotNullViolation, "null value in column %q of relation %q violates not-null constraint", col, t.Name)
}

func isPK(t *catalog.Table, col string) bool {
	for _, c := range t.PrimaryKey {
		if c == col {
			return true
		}
	}
	return false
}

// validate checks an object against a schemafull table and returns the
// object to store, with fields in schema order, defaults applied and
// values coerced (int widens to float, an int literal fits a narrower
// width; SQL-created tables also get SQL assignment conversions). Unknown
// fields are 42703, missing required ones 23502, wrong types 42804 (or
// the conversion's own SQLSTATE), failed asserts 23514. Fields that end
// up none are not stored: a missing field reads as none.
func (r *run) validate(t *catalog.Table, obj *value.Object) (*value.Object, error) {
	return r.validateRecord(t, obj, true)
}

// validateRewritten is validate for a record made from a stored one
// (UPDATE, ON CONFLICT DO UPDATE, a cascaded action, ALTER TABLE). A SQL
// table stores no NULL fields, so a field such a record lacks is NULL,
// which PostgreSQL never replaces by the column's default (SET c =
// DEFAULT is translated to the default itself); a ZQL table's none still
// takes the default, as on insert.
func (r *run) validateRewritten(t *catalog.Table, obj *value.Object) (*value.Object, error) {
	return r.validateRecord(t, obj, t.CreatedBy != "sql")
}

// validateRecord is validate; fillOmitted applies the defaults of the
// fields obj lacks.
func (r *run) validateRecord(t *catalog.Table, obj *value.Object, fillOmitted bool) (*value.Object, error) {
	sql := t.CreatedBy == "sql"
	for i := 0; i < obj.Len(); i++ {
		name, _ := obj.At(i)
		if _, _, ok := t.FieldByName(name); !ok {
			return nil, errs.New(errs.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
		}
	}
	gen := t.HasGenerated()
	out := value.NewObject(len(t.Fields))
	var nullErr error // a NOT NULL violation, reported with the whole row
	for i := range t.Fields {
		f := &t.Fields[i]
		if gen && f.Generated != "" {
			continue
		}
		v, present := obj.Get(f.Name)
		v, stored, err := r.storedField(t, f, v, present || !fillOmitted, sql, obj)
		switch {
		case err != nil && sql && nullErr == nil && errs.Code(err) == errs.NotNullViolation:
			nullErr = err
		case err != nil && nullErr == nil:
			return nil, err
		case err == nil && stored:
			out.Set(f.Name, v)
		}
	}
	if nullErr != nil {
		// PostgreSQL checks NOT NULL once the row is complete and
		// shows it (an error of a later column is not reported).
		if gen {
			if full, err := r.generatedFields(t, out, sql); err == nil {
				out = full
			}
		}
		if row, ok := r.failingRow(t, out); ok {
			nullErr = errs.From(nullErr).WithDetail("Failing row contains %s.", row)
		}
		return nil, nullErr
	}
	if gen {
		return r.generatedFields(t, out, sql)
	}
	return out, nil
}

// generatedFields computes the stored generated columns of t from the
// record's other fields, already final in obj (defaults applied,
// converted), as PostgreSQL does before it checks constraints: whatever
// the write gave such a field is replaced (the front ends refuse giving
// one, refuseGenerated). It returns the record with fields in schema
// order.
func (r *run) generatedFields(t *catalog.Table, obj *value.Object, sql bool) (*value.Object, error) {
	row := [2]value.Value{value.None, value.ObjectOf(obj)}
	out := value.NewObject(len(t.Fields))
	for i := range t.Fields {
		f := &t.Fields[i]
		if f.Generated == "" {
			if v, ok := obj.Get(f.Name); ok {
				out.Set(f.Name, v)
			}
			continue
		}
		x, err := r.indexExpr(t, f.Generated)
		if err != nil {
			return nil, err
		}
		v, err := r.eval(x, &scope{row: row[:]})
		if err != nil {
			return nil, err
		}
		v, stored, err := r.storedField(t, f, v, true, sql, obj)
		if err != nil {
			return nil, err
		}
		if stored {
			out.Set(f.Name, v)
		}
	}
	return out, nil
}

// storedObject is the object of a stored record's value (nil if none).
func storedObject(v value.Value) *value.Object {
	if v.Kind() != value.KindObject {
		return nil
	}
	return v.AsObject()
}

// refuseGenerated refuses a write that gives a generated column of t a
// value (428C9): obj is the written record, old the stored one it
// rewrites (nil for a new record). Leaving the field out, or keeping the
// value it has, is no write of it: an UPDATE's record carries the old
// values of the columns it does not set. The SQL front end refuses such
// writes itself with PostgreSQL's messages; this guards ZQL's.
func refuseGenerated(t *catalog.Table, obj, old *value.Object) error {
	for i := range t.Fields {
		f := &t.Fields[i]
		if f.Generated == "" {
			continue
		}
		v, ok := obj.Get(f.Name)
		if !ok || v.IsNone() {
			continue
		}
		if old != nil {
			if w, ok := old.Get(f.Name); ok && value.Equal(v, w) {
				continue
			}
		}
		return errs.New(errs.GeneratedAlways, "cannot write field %q of table %q: it is a generated column", f.Name, t.Name).
			WithDetail("Its value is computed from the record's other fields: GENERATED ALWAYS AS %s STORED.", f.Generated)
	}
	return nil
}

// storedField is validate's step for one field f of a written object
// obj: v is the written value (present: the field was written at all).
// It applies the default, NOT NULL, the type check or conversion and the
// asserts, and returns the value to store, or stored=false when the
// field is none and is not stored. COPY's direct path (CopyIn) runs the
// same step without building obj (its tables have no asserts).
func (r *run) storedField(t *catalog.Table, f *catalog.Field, v value.Value, present, sql bool, obj *value.Object) (_ value.Value, stored bool, _ error) {
	if (!present || (v.IsNone() && !sql)) && f.HasDefault {
		var err error
		if v, err = r.fieldDefault(t, f); err != nil {
			return value.None, false, err
		}
	} else if !present && f.Domain != "" && !f.DomainArray {
		var err error
		if v, err = r.domainDefault(f); err != nil {
			return value.None, false, err
		}
	}
	if v.IsSQLNull() {
		if f.Domain != "" && !f.DomainArray {
			if _, err := r.checkDomain(f.Domain, false, value.None); err != nil {
				return value.None, false, err
			}
		}
		if (!f.Optional && !f.Type.Optional) || isPK(t, f.Name) {
			return value.None, false, notNull(t, f.Name)
		}
		return value.None, false, nil
	}
	v, err := checkField(t, f, v, sql)
	if err != nil {
		return value.None, false, err
	}
	if f.Domain != "" {
		if v, err = r.checkDomain(f.Domain, f.DomainArray, v); err != nil {
			return value.None, false, err
		}
	}
	if err := r.checkAsserts(t, f, v, obj); err != nil {
		return value.None, false, err
	}
	return v, true, nil
}

func checkField(t *catalog.Table, f *catalog.Field, v value.Value, sql bool) (value.Value, error) {
	c, err := catalog.CheckValue(v, f.Type)
	if sql {
		if err != nil {
			// SQL assignment: what Check refuses may still convert
			// (text to a typed column, numeric to int with rounding).
			c, err = value.Convert(v, f.Type)
		}
		if err != nil {
			return value.None, errs.From(err)
		}
		return c, nil
	}
	if err != nil {
		e := errs.From(err)
		return value.None, errs.New(e.Code, "field %q of table %q: %s", f.Name, t.Name, e.Message)
	}
	return c, nil
}

// fieldDefault is the default of field f of table t (nil: a table of the
// statement's database).
func (r *run) fieldDefault(t *catalog.Table, f *catalog.Field) (value.Value, error) {
	if f.DefaultSeq != "" {
		v, err := r.nextval(t, f.DefaultSeq)
		if err != nil {
			return value.None, err
		}
		return value.Int(v), nil
	}
	if f.DefaultExpr != "" {
		return r.evalDefault(t, f)
	}
	if f.DefaultFunc == "" {
		return f.DefaultValue, nil
	}
	var v value.Value
	var err error
	if fn, ok := r.x.reg.Lookup(f.DefaultFunc); ok {
		v, err = fn.Fn(r.builtinCtx(false), nil)
	} else if sf, ok := sysFunc(f.DefaultFunc); ok && sf.MinArgs == 0 {
		// The session's: DEFAULT current_user, current_database().
		v, err = sf.Fn(r.sysEnv(), nil)
	} else {
		return value.None, errs.New(errs.UndefinedFunction, "function %s does not exist (default of column %q)", f.DefaultFunc, f.Name)
	}
	if err != nil {
		return value.None, errs.From(err)
	}
	// The function's result converted to the column's type, as the
	// assignment of the same call in an INSERT would be: now() into a
	// date column is today's date in the session time zone, not the
	// instant.
	if v, err = value.ConvertIn(v, f.Type, r.zone(true)); err != nil {
		return value.None, errs.From(err)
	}
	return v, nil
}

// evalDefault evaluates field f's default expression. Its errors have
// no position: it is stored text, not the statement's (PostgreSQL shows
// none either).
func (r *run) evalDefault(t *catalog.Table, f *catalog.Field) (value.Value, error) {
	x, err := r.defaultExpr(t, f)
	if err != nil {
		return value.None, err
	}
	v, err := r.eval(x, &scope{})
	if err != nil {
		return value.None, errs.From(err).WithoutPos()
	}
	return v, nil
}

// defaultKey names a field's default expression among those a run
// compiled: the same text converts to each field's own type.
type defaultKey struct {
	t     *catalog.Table
	field string
}

// defaultExpr is field f's default expression (catalog.Field.DefaultExpr)
// compiled through the DefaultCompiler hook, once per run.
func (r *run) defaultExpr(t *catalog.Table, f *catalog.Field) (plan.Expr, error) {
	k := defaultKey{t, f.Name}
	if x, ok := r.defaultExprs[k]; ok {
		return x, nil
	}
	if r.x.DefaultCompiler == nil {
		return nil, errs.New(errs.FeatureNotSupported, "the default %s of column %q cannot be evaluated here", f.DefaultExpr, f.Name)
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	x, err := r.x.DefaultCompiler(r.ctx, txn, r.env.Database, t, f)
	if err != nil {
		return nil, err
	}
	if r.defaultExprs == nil {
		r.defaultExprs = make(map[defaultKey]plan.Expr)
	}
	r.defaultExprs[k] = x
	return x, nil
}

// checkAsserts evaluates a field's ZQL assert predicates through the
// session's AssertCompiler hook.
func (r *run) checkAsserts(t *catalog.Table, f *catalog.Field, v value.Value, obj *value.Object) error {
	if len(f.Asserts) == 0 || r.x.AssertCompiler == nil {
		return nil
	}
	row := [2]value.Value{v, value.ObjectOf(obj)}
	for _, src := range f.Asserts {
		x, err := r.compiledAssert(src)
		if err != nil {
			return err
		}
		sc := scope{row: row[:]}
		res, err := r.eval(x, &sc)
		if err != nil {
			return err
		}
		if res.Kind() == value.KindFunc {
			fn := res.AsFunc()
			if c, ok := fn.(*closure); ok {
				res, err = c.callIn(r, row[:1])
			} else {
				res, err = fn.Call(r.builtinCtx(false).Ctx, row[:1])
			}
			if err != nil {
				return err
			}
		}
		if !isTrue(res) {
			return errs.New(errs.CheckViolation, "value of field %q of table %q fails assert %s", f.Name, t.Name, src).
				WithDetail("Failing value: %s.", v.String())
		}
	}
	return nil
}

func (r *run) compiledAssert(src string) (plan.Expr, error) {
	if x, ok := r.asserts[src]; ok {
		return x, nil
	}
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	x, err := r.x.AssertCompiler(r.ctx, txn, r.env.Database, src)
	if err != nil {
		return nil, fmt.Errorf("compiling assert %q: %w", src, err)
	}
	if r.asserts == nil {
		r.asserts = make(map[string]plan.Expr)
	}
	r.asserts[src] = x
	return x, nil
}

// updateIter rewrites the record of each input row with the object Set
// computes. The key never changes.
type updateIter struct {
	writeBase
	n *plan.Update
	// sets are the new objects of all the input rows, computed before
	// the first write when Set runs a subquery (nil otherwise).
	sets []value.Value
}

func (it *updateIter) open(o outer) error {
	it.sets = nil
	return it.openInput(o, it.n.Table, true, it.n.SetCols, catalog.TriggerUpdate)
}

// evalSets computes every input row's new object before anything is
// written, when Set runs a subquery: PostgreSQL evaluates a statement's
// expressions over the database as the statement began, so
// SET v = (SELECT sum(v) FROM t m WHERE m.g = t.g) must not see the rows
// this UPDATE has already changed. The input is materialized already.
func (it *updateIter) evalSets() error {
	if it.sets != nil || !opt.HasSubquery(it.n.Set) {
		return nil
	}
	if _, err := it.nextInput(); err != nil {
		return err
	}
	it.pos = 0
	it.sets = make([]value.Value, len(it.rows))
	for i, row := range it.rows {
		if err := it.r.tick(); err != nil {
			return err
		}
		sc := it.o.scope(row)
		nv, err := it.r.eval(it.n.Set, &sc)
		if err != nil {
			return err
		}
		it.sets[i] = nv
	}
	return nil
}

func (it *updateIter) next() ([]value.Value, error) {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	kt := keyType(it.n.Table)
	_, _, declaredID := it.n.Table.FieldByName("id")
	if err := it.evalSets(); err != nil {
		return nil, err
	}
	for {
		row, err := it.nextRow()
		if row == nil || err != nil {
			return nil, err
		}
		if it.n.KeyCol >= len(row) || it.n.ObjCol >= len(row) {
			return nil, internalf("update key/object column out of range")
		}
		key := row[it.n.KeyCol]
		if key.IsNone() {
			continue
		}
		nk, ok := normalizeKey(key, kt)
		if !ok {
			return nil, internalf("update of a record with an invalid key %s", key.String())
		}
		t := it.n.Table
		if t.Partitioned != nil {
			if t, err = it.rowPartition(t, row[it.n.ObjCol]); err != nil {
				return nil, err
			}
		}
		// kb (in it.keyBuf) stays the record's key down to its Put:
		// nothing between builds another key in it.
		kb, err := it.recordKey(nk, it.n.Set.Pos())
		if err != nil {
			return nil, err
		}
		if err := r.lockForWrite(txn, t, kb, plan.ForNoKeyUpdate); err != nil {
			return nil, err
		}
		var nv value.Value
		if it.sets != nil {
			nv = it.sets[it.pos-1]
		} else {
			sc := it.o.scope(row)
			if nv, err = r.eval(it.n.Set, &sc); err != nil {
				return nil, err
			}
		}
		if nv.Kind() != value.KindObject {
			return nil, typeMismatch(it.n.Set.Pos(), "a record must be an object, not %s", kindName(nv))
		}
		obj := nv.AsObject()
		if !declaredID && len(t.PrimaryKey) == 0 {
			var idKey value.Value
			if obj, idKey, err = takeID(t, obj, it.n.Set.Pos()); err != nil {
				return nil, err
			}
			if !idKey.IsNone() && !value.Equal(idKey, key) {
				return nil, errAt(it.n.Set.Pos(), errs.FeatureNotSupported, "the id of a record cannot change")
			}
		}
		if len(t.Fields) > 0 {
			if err := refuseGenerated(t, obj, storedObject(row[it.n.ObjCol])); err != nil {
				return nil, atPos(err, it.n.Set.Pos())
			}
			if obj, err = r.validateRewritten(t, obj); err != nil {
				return nil, atPos(err, it.n.Set.Pos())
			}
		}
		if len(t.Triggers) > 0 {
			if obj, err = r.beforeWrite(t, catalog.TriggerUpdate, it.n.SetCols, row[it.n.ObjCol], obj, it.n.Set.Pos()); err != nil {
				return nil, err
			}
			if obj == nil {
				continue
			}
		}
		if err := r.checkConstraints(t, it.n.Checks, key, obj); err != nil {
			return nil, err
		}
		if t.PartitionOf != "" {
			dst, err := it.partitionOf(t, obj)
			if err != nil {
				return nil, err
			}
			if dst != t {
				nv = value.ObjectOf(obj)
				pk := key
				if len(t.PrimaryKey) > 0 {
					if pk, err = pkKey(t, obj); err != nil {
						return nil, err
					}
				}
				if err := it.move(t, dst, it.n.Set.Pos(), key, pk, row[it.n.ObjCol], nv); err != nil {
					return nil, err
				}
				return it.emit(it.n.WithInput, pk, nv, row), nil
			}
		}
		if len(t.PrimaryKey) > 0 {
			pk, err := pkKey(t, obj)
			if err != nil {
				return nil, err
			}
			if !value.Equal(pk, key) {
				nv = value.ObjectOf(obj)
				if err := it.rekey(t, it.n.Set.Pos(), key, pk, row[it.n.ObjCol], nv); err != nil {
					return nil, err
				}
				if err := r.afterWrite(t, catalog.TriggerUpdate, it.n.SetCols, row[it.n.ObjCol], nv); err != nil {
					return nil, err
				}
				return it.emit(it.n.WithInput, pk, nv, row), nil
			}
		}
		nv = value.ObjectOf(obj)
		if r.referenced(t) && changesUniqueKey(t, row[it.n.ObjCol], nv) {
			if err := r.lockForWrite(txn, t, kb, plan.ForUpdate); err != nil {
				return nil, err
			}
		}
		it.valBuf = value.Encode(it.valBuf[:0], nv)
		if err := txn.Put(kb, it.valBuf); err != nil {
			return nil, errs.From(err)
		}
		if r.hasDerived(t) {
			if err := r.recordChanged(t, nk, row[it.n.ObjCol], nv, it.n.Set.Pos()); err != nil {
				return nil, err
			}
			r.fkNote(t, row[it.n.ObjCol], nv)
		}
		r.writes++
		r.countWrite(t, 0, 1, 0)
		if len(t.Triggers) > 0 {
			if err := r.afterWrite(t, catalog.TriggerUpdate, it.n.SetCols, row[it.n.ObjCol], nv); err != nil {
				return nil, err
			}
		}
		return it.emit(it.n.WithInput, key, nv, row), nil
	}
}

// deleteIter removes the record of each input row.
type deleteIter struct {
	writeBase
	n *plan.Delete
}

func (it *deleteIter) open(o outer) error {
	return it.openInput(o, it.n.Table, true, nil, catalog.TriggerDelete)
}

func (it *deleteIter) next() ([]value.Value, error) {
	r := it.r
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	kt := keyType(it.n.Table)
	for {
		row, err := it.nextRow()
		if row == nil || err != nil {
			return nil, err
		}
		if it.n.KeyCol >= len(row) || it.n.ObjCol >= len(row) {
			return nil, internalf("delete key/object column out of range")
		}
		key := row[it.n.KeyCol]
		nk, ok := normalizeKey(key, kt)
		if !ok {
			continue
		}
		t := it.n.Table
		if t.Partitioned != nil {
			if t, err = it.rowPartition(t, row[it.n.ObjCol]); err != nil {
				return nil, err
			}
		}
		kb, err := it.recordKey(nk, 0)
		if err != nil {
			return nil, err
		}
		if err := r.lockForWrite(txn, t, kb, plan.ForUpdate); err != nil {
			return nil, err
		}
		if len(t.Triggers) > 0 && hasTriggers(t, true, catalog.TriggerDelete) {
			keep, err := r.fireTriggers(t, false, catalog.TriggerDelete, nil, row[it.n.ObjCol], row[it.n.ObjCol])
			if err != nil {
				return nil, err
			}
			if keep.IsNone() {
				continue
			}
		}
		if err := txn.Delete(kb); err != nil {
			return nil, errs.From(err)
		}
		if r.hasDerived(t) {
			if err := r.recordChanged(t, nk, row[it.n.ObjCol], value.None, 0); err != nil {
				return nil, err
			}
			r.fkNote(t, row[it.n.ObjCol], value.None)
		} else if err := r.removeVertexEdges(t, nk); err != nil {
			return nil, err
		}
		r.writes++
		r.countWrite(t, 0, 0, 1)
		if len(t.Triggers) > 0 {
			if err := r.afterWrite(t, catalog.TriggerDelete, nil, row[it.n.ObjCol], value.None); err != nil {
				return nil, err
			}
		}
		return it.emit(it.n.WithInput, key, row[it.n.ObjCol], row), nil
	}
}
