package exec

import (
	"context"
	"slices"
	"time"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// CopyIn writes the rows of a COPY FROM into a schemafull SQL table
// without running its Insert plan: each row's values go straight to the
// table's fields, are checked as the Insert would check them (defaults,
// NOT NULL, types with SQL's assignment conversions: validate's
// storedField; CHECK constraints; the primary key), and are encoded
// into the record with no parameter evaluation and no intermediate
// objects. The errors are the Insert's. It is built once per COPY and
// used for every row, in the statement's transaction.
//
// Tables with derived data (hasDerived: secondary or unique indexes,
// graph adjacency, and whatever else a write must maintain or check
// beside the record) keep the Insert plan, which owns that maintenance
// and its end-of-statement work, and so do tables with triggers; a bulk load into a table without them
// (pgbench -i, which adds its keys afterwards) takes this path.
type CopyIn struct {
	r      run
	ins    *plan.Insert
	t      *catalog.Table
	kt     *value.Type
	txn    kv.Txn
	col    []int // per field of t: the COPY column holding it, or -1
	pk     []int // per primary key column: its field's index
	prefix []byte
	keyBuf []byte
	valBuf []byte
	fv     []value.Value // per field: the value to store (none: not stored)
	names  []string      // the stored fields of the current row
	vals   []value.Value
	enc    [][]byte // beside names: the stored fields given encoded (RowEncoded)
	// encodable is per COPY column whether RowEncoded may be given it
	// encoded (TakesEncodedJSONB).
	encodable []bool
	// genKeys are generated keys taken for the next rows of a table
	// without a primary key, a block at a time (keyGen.fill): one lock,
	// clock read and text allocation per block instead of per row.
	genKeys  []value.Value
	genBlock int // the size of the last block taken
	genBuf   [copyKeyBlock]value.Value
}

// copyKeyBlock is the most generated keys CopyIn takes at a time; what
// a COPY does not use of its last block is never given out.
const copyKeyBlock = 256

// NewCopyIn returns a CopyIn for ins, the Insert a COPY FROM was
// translated to (plan.Copy), or nil when the statement needs the Insert
// plan: a table made by ZQL or without columns, with derived data,
// fields with asserts or generated columns, or an Insert of another shape.
func (e *Executor) NewCopyIn(ctx context.Context, env *Env, ins *plan.Insert) (*CopyIn, error) {
	// The direct path builds no plan: it takes the plan's check and
	// lock here.
	r := &run{ctx: ctx, x: e, env: env}
	if err := r.beginWrite(ins, ins.Table); err != nil {
		return nil, err
	}
	t := ins.Table
	if t == nil || !t.Schemafull || len(t.Fields) == 0 || t.CreatedBy != "sql" ||
		ins.Mode != plan.InsertNew || ins.Key != nil || checkWritable(t) != nil || len(t.Triggers) > 0 || t.RowSecurity ||
		t.Partitioned != nil || t.PartitionOf != "" {
		// A table with triggers takes the Insert plan, which fires them;
		// one with row security too, whose checks ask the session; and
		// a partitioned table, whose rows it routes, or a partition,
		// whose bound it checks.
		return nil, nil
	}
	oc, ok := ins.Obj.(*plan.ObjectCons)
	if !ok || oc.Spread != nil {
		return nil, nil
	}
	c := &CopyIn{ins: ins, t: t, kt: keyType(t), col: make([]int, len(t.Fields))}
	for i := range c.col {
		c.col[i] = -1
	}
	// The object reads the columns of a Values row of the parameters
	// $1..$n, one per COPY column.
	in, ok := ins.Input.(*plan.Values)
	if !ok || len(in.Rows) != 1 {
		return nil, nil
	}
	_, _, declaredID := t.FieldByName("id")
	for i, name := range oc.Names {
		ref, ok := oc.Vals[i].(*plan.ColRef)
		if !ok || ref.Depth != 0 || ref.Idx < 0 || ref.Idx >= len(in.Rows[0]) {
			return nil, nil
		}
		p, ok := in.Rows[0][ref.Idx].(*plan.Param)
		_, fi, known := t.FieldByName(name)
		if !ok || p.N < 1 || !known || c.col[fi] >= 0 || (name == "id" && !declaredID) {
			return nil, nil
		}
		c.col[fi] = p.N - 1
	}
	for i := range t.Fields {
		if len(t.Fields[i].Asserts) > 0 || t.Fields[i].Generated != "" {
			return nil, nil
		}
	}
	for _, name := range t.PrimaryKey {
		_, fi, ok := t.FieldByName(name)
		if !ok {
			return nil, nil
		}
		c.pk = append(c.pk, fi)
	}
	c.r.init(e, ctx, env)
	if c.r.hasDerived(t) {
		return nil, nil
	}
	var err error
	if c.txn, err = c.r.txn(); err != nil {
		return nil, err
	}
	if c.prefix, err = c.r.tablePrefix(nil, t); err != nil {
		return nil, err
	}
	c.fv = make([]value.Value, len(t.Fields))
	c.encodable = make([]bool, len(in.Rows[0]))
	for fi, ci := range c.col {
		f := &t.Fields[fi]
		// Stored as parsed (storedField: a present non-null value of
		// a type that takes anything, no domain, no asserts), and read
		// by nothing else: not a key, no CHECK constraint.
		if ci >= 0 && f.Type.IsJSONB() && f.Domain == "" && len(ins.Checks) == 0 && !slices.Contains(c.pk, fi) {
			c.encodable[ci] = true
		}
	}
	return c, nil
}

// TakesEncodedJSONB reports whether RowEncoded takes COPY column col, a
// jsonb column, as the encoding of its value (value.TextParser's
// AppendJSONB) instead of the value: one that the row stores as it is
// given, and that nothing else of the row's write reads.
func (c *CopyIn) TakesEncodedJSONB(col int) bool { return c.encodable[col] }

// withFailingRow is NOT NULL violation err of the row of COPY values
// vals (enc: RowEncoded's) with the DETAIL validate gives it, which
// completes the row as the direct path does not; err itself when that
// cannot be had.
func (c *CopyIn) withFailingRow(err error, vals []value.Value, enc [][]byte) error {
	obj := value.NewObject(len(c.t.Fields))
	for i := range c.t.Fields {
		ci := c.col[i]
		switch {
		case ci < 0:
		case enc != nil && enc[ci] != nil:
			v, derr := value.DecodeBare(enc[ci])
			if derr != nil {
				return err
			}
			obj.Set(c.t.Fields[i].Name, v)
		case !vals[ci].IsNone():
			obj.Set(c.t.Fields[i].Name, vals[ci])
		}
	}
	if _, verr := c.r.validate(c.t, obj); errs.Code(verr) == errs.NotNullViolation {
		return verr
	}
	return err
}

// Close ends the COPY's use of c: the rows it wrote are counted for the
// statistics views (pg_stat_all_tables' n_tup_ins).
func (c *CopyIn) Close() { c.r.flushCounts() }

// Row writes one row: vals[i] is the value of the COPY's column i, of its
// column's type (none for NULL). vals may be reused after Row returns.
func (c *CopyIn) Row(vals []value.Value) error { return c.RowEncoded(vals, nil) }

// RowEncoded is Row with some columns' values given encoded: enc[i],
// when enc is not nil and enc[i] is not, is the stored encoding of COPY
// column i's value, a column TakesEncodedJSONB, and vals[i] is not looked
// at. enc may be reused after RowEncoded returns.
func (c *CopyIn) RowEncoded(vals []value.Value, enc [][]byte) error {
	r, t := &c.r, c.t
	if err := r.tick(); err != nil {
		return err
	}
	pos := c.ins.Obj.Pos()
	// What validate does for a SQL table, field by field in schema order.
	c.names, c.vals, c.enc = c.names[:0], c.vals[:0], c.enc[:0]
	for i := range t.Fields {
		f := &t.Fields[i]
		var v value.Value
		ci := c.col[i]
		if ci >= 0 && enc != nil && enc[ci] != nil {
			c.fv[i] = value.None // read by no key (TakesEncodedJSONB)
			c.names = append(c.names, f.Name)
			c.vals = append(c.vals, value.None)
			c.enc = append(c.enc, enc[ci])
			continue
		}
		if ci >= 0 {
			v = vals[ci]
			// A value parsed as the column's own type (an integer, a
			// string within its length) is what storedField would store:
			// present and not null, so no default, NOT NULL or
			// conversion applies (no asserts: NewCopyIn), and
			// catalog.CheckValue returns it as it is (enums are symbols).
			if f.Domain == "" && value.Holds(v, &f.Type) {
				c.fv[i] = v
				c.names = append(c.names, f.Name)
				c.vals = append(c.vals, v)
				c.enc = append(c.enc, nil)
				continue
			}
		}
		v, stored, err := r.storedField(t, f, v, ci >= 0, true, nil)
		if err != nil {
			if errs.Code(err) == errs.NotNullViolation {
				err = c.withFailingRow(err, vals, enc)
			}
			return atPos(err, pos)
		}
		c.fv[i] = v
		if stored {
			c.names = append(c.names, f.Name)
			c.vals = append(c.vals, v)
			c.enc = append(c.enc, nil)
		}
	}
	if len(c.ins.Checks) > 0 {
		// The constraints take the record as an object.
		o := value.NewObject(len(c.names))
		for i, n := range c.names {
			o.Set(n, c.vals[i])
		}
		if err := r.checkConstraints(t, c.ins.Checks, value.None, o); err != nil {
			return err
		}
	}
	var key value.Value
	generated := false
	switch len(c.pk) {
	case 0:
		if len(c.genKeys) == 0 {
			// Blocks grow from 16 keys, so a COPY of a few rows does
			// not encode hundreds of keys it never uses.
			c.genBlock = min(max(2*c.genBlock, 16), len(c.genBuf))
			c.genKeys = c.genBuf[:c.genBlock]
			r.x.keys.fill(time.Now(), c.genKeys)
		}
		key, generated = c.genKeys[0], true
		c.genKeys = c.genKeys[1:]
	case 1:
		key = c.fv[c.pk[0]]
	default:
		parts := make([]value.Value, len(c.pk))
		for i, fi := range c.pk {
			parts[i] = c.fv[fi]
		}
		key = value.Tuple(parts)
	}
	nk := key
	if !generated {
		// A generated key is a symbol, which a table without a primary
		// key is keyed by: nothing to normalize.
		var ok bool
		if nk, ok = normalizeKey(key, c.kt); !ok {
			return typeMismatch(0, "%s is not a valid key for table %q", key.String(), t.Name)
		}
	}
	kb, err := value.AppendKey(append(c.keyBuf[:0], c.prefix...), nk)
	if err != nil {
		return err
	}
	c.keyBuf = kb
	// A generated key is new by construction (keyGen).
	if !generated {
		if _, exists, err := c.txn.Get(r.ctx, kb); err != nil {
			return errs.From(err)
		} else if exists {
			return atPos(duplicateKey(t, nk), pos)
		}
	}
	c.valBuf = value.EncodeFieldsEncoded(c.valBuf[:0], c.names, c.vals, c.enc)
	if err := c.txn.Put(kb, c.valBuf); err != nil {
		return errs.From(err)
	}
	r.writes++
	r.countWrite(t, 1, 0, 0)
	return nil
}
