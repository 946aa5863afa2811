package exec

import (
	"slices"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/opt"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Partitioned tables (ARCHITECTURE.md): the executor routes the rows
// written to a partitioned table to its partitions, checks the rows
// written to a partition against its bound, and keeps the parent's list
// of partitions in step with CREATE ... PARTITION OF, ATTACH, DETACH
// and DROP.

// partitions is the partitioning of parent with its partitions'
// descriptors as the statement's transaction has them, looked up once
// per run.
func (r *run) partitions(parent *catalog.Table) (*catalog.Partitions, error) {
	if p := r.partCache[parent.ID]; p != nil && p.Parent == parent {
		return p, nil
	}
	db, err := r.tableDatabase(parent)
	if err != nil {
		return nil, err
	}
	parts := make([]*catalog.Table, 0, len(parent.Partitions))
	err = r.eachPartition(db, parent, func(t *catalog.Table) error {
		parts = append(parts, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p, err := catalog.PartitionsOf(parent, parts)
	if err != nil {
		return nil, err
	}
	if r.partCache == nil {
		r.partCache = make(map[uint64]*catalog.Partitions)
	}
	r.partCache[parent.ID] = p
	return p, nil
}

// eachPartition calls f with the descriptor of each partition of t, of
// database db, as the statement's transaction has it.
func (r *run) eachPartition(db *catalog.Database, t *catalog.Table, f func(part *catalog.Table) error) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	for _, name := range t.Partitions {
		part, err := r.x.cat.Table(r.ctx, txn, db, name)
		if err != nil {
			return err
		}
		if err := f(part); err != nil {
			return err
		}
	}
	return nil
}

// parentOf is the partitioned table of partition t, of database db,
// as the statement's transaction has it.
func (r *run) parentOf(db *catalog.Database, t *catalog.Table) (*catalog.Table, error) {
	txn, err := r.txn()
	if err != nil {
		return nil, err
	}
	return r.x.cat.Table(r.ctx, txn, db, t.PartitionOf)
}

// rowPartition is the partition of partitioned table t a row with
// stored object obj is in (the one its key routes to: bounds are
// checked on every write), with w.prefix made that partition's, for an
// UPDATE or DELETE of t.
func (w *writeBase) rowPartition(t *catalog.Table, obj value.Value) (*catalog.Table, error) {
	p, err := w.r.routeRow(t, storedObject(obj))
	if err != nil {
		return nil, err
	}
	w.prefix, err = w.r.tablePrefix(w.prefix[:0], p)
	return p, err
}

// partitionKey is the values of obj's partition key under p: its key
// columns', and its key expressions' evaluated over the row.
func (r *run) partitionKey(p *catalog.Partitions, obj *value.Object) ([]value.Value, error) {
	cols, _ := p.Columns()
	key := make([]value.Value, len(cols))
	for i, c := range cols {
		src := p.Parent.Partitioned.Expr(i)
		if src == "" {
			key[i], _ = obj.Get(c)
			continue
		}
		x, err := r.indexExpr(p.Parent, src)
		if err != nil {
			return nil, err
		}
		row := [2]value.Value{value.None, value.ObjectOf(obj)}
		if key[i], err = r.eval(x, &scope{row: row[:]}); err != nil {
			return nil, err
		}
	}
	return key, nil
}

// partitionReadCols are the columns the partition key under p reads: the
// columns a scan for its values must decode.
func partitionReadCols(p *catalog.Partitions) []string {
	cols, _ := p.Columns()
	if pk := p.Parent.Partitioned; pk.HasExprs() {
		cols = append(slices.DeleteFunc(slices.Clone(cols), func(c string) bool { return c == "" }), pk.ExprColumns...)
	}
	return cols
}

// partitionBelow reports whether t is a partition of table name, at
// any level.
func (r *run) partitionBelow(db *catalog.Database, t *catalog.Table, name string) (bool, error) {
	for t.PartitionOf != "" {
		if t.PartitionOf == name {
			return true, nil
		}
		var err error
		if t, err = r.parentOf(db, t); err != nil {
			return false, err
		}
	}
	return false, nil
}

// tableSequenceOf is the sequence column col of partition t's table
// draws from, which the serial or identity column the table's ALTER
// TABLE just added to t shares: named by the executor when it made it.
func (r *run) tableSequenceOf(db *catalog.Database, t *catalog.Table, col string) (string, error) {
	parent, err := r.parentOf(db, t)
	if err != nil {
		return "", err
	}
	f, _, ok := parent.FieldByName(col)
	if !ok || f.DefaultSeq == "" {
		return "", internalf("partitioned table %q has no sequence for column %q", parent.Name, col)
	}
	return f.DefaultSeq, nil
}

// routeRow is the partition of parent that obj belongs in (23514 when
// none takes it).
func (r *run) routeRow(parent *catalog.Table, obj *value.Object) (*catalog.Table, error) {
	p, err := r.partitions(parent)
	if err != nil {
		return nil, err
	}
	key, err := r.partitionKey(p, obj)
	if err != nil {
		return nil, err
	}
	t := p.Route(key)
	if t == nil {
		cols, typs := p.Columns()
		cols = slices.Clone(cols)
		texts := make([]string, len(key))
		for i, v := range key {
			texts[i], cols[i] = datumText(v, typs[i]), parent.Partitioned.PartName(i)
		}
		return nil, errs.New(errs.CheckViolation, "no partition of relation %q found for row", parent.Name).
			WithDetail("Partition key of the failing row contains (%s) = (%s).", strings.Join(cols, ", "), strings.Join(texts, ", "))
	}
	if t.Partitioned != nil {
		// A partition that is partitioned itself routes the row on
		// by its own key.
		return r.routeRow(t, obj)
	}
	return t, nil
}

// checkPartitionBound refuses a row written to partition t directly
// that its bound, or the bound of a partitioned table it is a
// partition of in turn, does not take.
func (r *run) checkPartitionBound(t *catalog.Table, obj *value.Object) error {
	for p := t; p.PartitionOf != ""; {
		parent, err := r.checkOwnBound(p, obj)
		if err != nil {
			if errs.Code(err) == errs.CheckViolation {
				return errs.New(errs.CheckViolation, "new row for relation %q violates partition constraint", t.Name)
			}
			return err
		}
		p = parent
	}
	return nil
}

// checkOwnBound refuses a row of partition t that t's own bound does
// not take; it returns t's partitioned table.
func (r *run) checkOwnBound(t *catalog.Table, obj *value.Object) (*catalog.Table, error) {
	// ofCache keeps it under the partition's id, so that a COPY into
	// a partition reads its parent once.
	p := r.ofCache[t.ID]
	if p == nil {
		db, err := r.tableDatabase(t)
		if err != nil {
			return nil, err
		}
		parent, err := r.parentOf(db, t)
		if err != nil {
			return nil, err
		}
		if p, err = r.partitions(parent); err != nil {
			return nil, err
		}
		if r.ofCache == nil {
			r.ofCache = make(map[uint64]*catalog.Partitions)
		}
		r.ofCache[t.ID] = p
	}
	key, err := r.partitionKey(p, obj)
	if err != nil {
		return nil, err
	}
	ok, err := p.Holds(t, key)
	if err != nil || ok {
		return p.Parent, err
	}
	return nil, errs.New(errs.CheckViolation, "new row for relation %q violates partition constraint", t.Name)
}

// routeWithin is the partition of partitioned table t that obj belongs
// in, when t is written to directly: t's own bound, if t is a
// partition, must take obj first.
func (r *run) routeWithin(t *catalog.Table, obj *value.Object) (*catalog.Table, error) {
	if t.PartitionOf != "" {
		if err := r.checkPartitionBound(t, obj); err != nil {
			return nil, err
		}
	}
	return r.routeRow(t, obj)
}

// datumText is v as PostgreSQL's error details show a key: its text
// form, "null" for NULL.
func datumText(v value.Value, t value.Type) string {
	if v.IsNone() {
		return "null"
	}
	b, err := value.AppendText(nil, v, t)
	if err != nil {
		return v.String()
	}
	return string(b)
}

// attachPartition adds the new table t to its parent's partitions:
// PostgreSQL's checks of its bound against its siblings' (42P17) and,
// when the parent has a default partition, of the default's rows
// against the new bound (23514).
func (r *run) attachPartition(db *catalog.Database, t *catalog.Table) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	parent, err := r.parentOf(db, t)
	if err != nil {
		return err
	}
	if parent.Partitioned == nil {
		return errs.New(errs.WrongObjectType, "table %q is not partitioned", parent.Name)
	}
	p, err := r.partitions(parent)
	if err != nil {
		return err
	}
	if err := newBoundFits(p, t); err != nil {
		return err
	}
	if p.Default != nil && !t.Bound.Default {
		if err := r.defaultKeeps(p, t); err != nil {
			return err
		}
	}
	c := *parent
	c.Partitions = append(c.Partitions[:len(c.Partitions):len(c.Partitions)], t.Name)
	delete(r.partCache, parent.ID)
	return r.x.cat.AlterTable(r.ctx, txn, db, &c)
}

// newBoundFits is PostgreSQL's check of the bound of a new partition t
// against its siblings': hash moduli that divide one another, no
// overlap, one default partition (42P17).
func newBoundFits(p *catalog.Partitions, t *catalog.Table) error {
	if t.Bound.Modulus > 0 {
		if err := p.HashModulusError(t.Bound); err != nil {
			return err
		}
	}
	other, err := p.Overlap(t.Bound)
	if err != nil || other == nil {
		return err
	}
	if t.Bound.Default {
		return errs.New(errs.InvalidObjectDefinition, "partition %q conflicts with existing default partition %q", t.Name, other.Name)
	}
	return errs.New(errs.InvalidObjectDefinition, "partition %q would overlap partition %q", t.Name, other.Name)
}

// defaultKeeps refuses a new partition t whose bound takes rows the
// default partition holds.
func (r *run) defaultKeeps(p *catalog.Partitions, t *catalog.Table) error {
	return r.eachLeafRecord(p.Default, partitionReadCols(p), func(_ *catalog.Table, _, obj value.Value) error {
		key, err := r.partitionKey(p, obj.AsObject())
		if err != nil {
			return err
		}
		ok, err := p.Holds(t, key)
		if err != nil || !ok {
			return err
		}
		return errs.New(errs.CheckViolation, "updated partition constraint for default partition %q would be violated by some row", p.Default.Name)
	})
}

// detachPartition removes partition name from parent's list.
func (r *run) detachPartition(db *catalog.Database, parent *catalog.Table, name string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	c := *parent
	c.Partitions = nil
	for _, n := range parent.Partitions {
		if n != name {
			c.Partitions = append(c.Partitions, n)
		}
	}
	delete(r.partCache, parent.ID)
	return r.x.cat.AlterTable(r.ctx, txn, db, &c)
}

// appendIter yields the rows of its inputs one input after another.
type appendIter struct {
	ins []iterator
	cur int
	o   outer
	// oids are the tableoids of the inputs' tables, appended to their
	// rows, for the read of a table with inheritance children (nil for
	// a partitioned table's).
	oids []value.Value
	row  []value.Value
}

func (r *run) buildAppend(n *plan.Append) (iterator, error) {
	var views []*catalog.View
	if len(n.Inputs) > 0 {
		if s, ok := n.Inputs[0].(*plan.Scan); ok {
			views = s.Views
		}
	}
	// A partition that is partitioned itself is read under its
	// table's privileges too.
	if err := r.checkRead(n.Parent, false, views, n != r.unchecked && !r.partitionInput(n)); err != nil {
		return nil, err
	}
	outer := r.appending
	r.appending = n
	defer func() { r.appending = outer }()
	it := &appendIter{ins: make([]iterator, 0, len(n.Inputs))}
	params := n.Partitions != nil && (len(r.env.Params) > 0 || len(r.env.NamedParams) > 0)
	for _, in := range n.Inputs {
		if t, s := appendInput(in); s != nil && params && opt.PartitionPruned(n.Partitions, t, s, r.knownValue) {
			continue
		}
		b, err := r.build(in)
		if err != nil {
			return nil, err
		}
		it.ins = append(it.ins, b)
	}
	if n.Tables != nil {
		if len(n.Tables) != len(it.ins) {
			return nil, internalf("append of %d inputs has %d tables", len(it.ins), len(n.Tables))
		}
		for _, id := range n.Tables {
			it.oids = append(it.oids, value.Int(int64(sysview.TableOID(id))))
		}
	}
	return it, nil
}

// appendInput is the partition an input of an Append reads and a scan
// carrying the conditions pushed into it (nil when it has none: an
// index scan, or a nested Append pruned empty).
func appendInput(in plan.Node) (*catalog.Table, *plan.Scan) {
	switch in := in.(type) {
	case *plan.Scan:
		return in.Table, in
	case *plan.Append:
		return in.Parent, opt.FirstScan(in)
	}
	return nil, nil
}

// partitionInput reports whether n is an input of the Append being
// built, whose partitioned table's privileges cover it.
func (r *run) partitionInput(n plan.Node) bool {
	return r.appending != nil && slices.Contains(r.appending.Inputs, n)
}

// knownValue is the value of a constant or a parameter of the
// statement (ok=false for other expressions): what prunes partitions
// as a statement starts.
func (r *run) knownValue(x plan.Expr) (value.Value, bool) {
	switch x := plan.Pointer(x).(type) {
	case *plan.Const:
		return x.V, true
	case *plan.Param:
		v, err := r.param(x)
		return v, err == nil
	}
	return value.None, false
}

func (it *appendIter) open(o outer) error {
	it.cur, it.o = 0, o
	if len(it.ins) == 0 {
		return nil
	}
	return it.ins[0].open(o)
}

func (it *appendIter) next() ([]value.Value, error) {
	for it.cur < len(it.ins) {
		row, err := it.ins[it.cur].next()
		if row != nil && it.oids != nil {
			it.row = append(append(it.row[:0], row...), it.oids[it.cur])
			return it.row, nil
		}
		if row != nil || err != nil {
			return row, err
		}
		it.ins[it.cur].close()
		it.cur++
		if it.cur < len(it.ins) {
			if err := it.ins[it.cur].open(it.o); err != nil {
				return nil, err
			}
		}
	}
	return nil, nil
}

func (it *appendIter) close() {
	if it.cur < len(it.ins) {
		it.ins[it.cur].close()
		it.cur = len(it.ins)
	}
}

// route is the partition an INSERT into a partitioned table writes obj
// to, with obj as the parent's columns make it (defaults filled: they
// may give the key), and it.prefix that partition's.
func (it *insertIter) route(obj *value.Object) (*catalog.Table, *value.Object, error) {
	r := it.r
	obj, err := r.validate(it.n.Table, obj)
	if err != nil {
		return nil, nil, err
	}
	t, err := r.routeWithin(it.n.Table, obj)
	if err != nil {
		return nil, nil, err
	}
	if it.prefix, err = r.tablePrefix(it.prefix[:0], t); err != nil {
		return nil, nil, err
	}
	return t, obj, nil
}

// partitionOf is the partition an UPDATE's new row obj belongs in,
// when the row is now in partition t: through the partitioned table,
// any of its partitions; of the partition itself, t only (23514).
func (it *updateIter) partitionOf(t *catalog.Table, obj *value.Object) (*catalog.Table, error) {
	if it.n.Table.Partitioned != nil {
		return it.r.routeWithin(it.n.Table, obj)
	}
	return t, it.r.checkPartitionBound(t, obj)
}

// attachDetach runs ALTER TABLE ... ATTACH / DETACH PARTITION.
func (r *run) attachDetach(n *plan.AttachPartition) error {
	txn, db, err := r.txnDatabase()
	if err != nil {
		return err
	}
	parent, err := r.x.cat.Table(r.ctx, txn, db, n.Parent)
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, n.Name)
	if err != nil {
		return err
	}
	if n.Detach {
		if t.PartitionOf != parent.Name {
			return errs.New(errs.UndefinedTable, "relation %q is not a partition of relation %q", t.Name, parent.Name)
		}
		if err := r.fkDetachCheck(t); err != nil {
			return err
		}
		c := *t
		c.PartitionOf, c.Bound = "", nil
		if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
			return err
		}
		return r.detachPartition(db, parent, t.Name)
	}
	switch {
	case t.PartitionOf != "":
		return errs.New(errs.ObjectInUse, "%q is already a partition", t.Name)
	case t.ID == parent.ID:
		return errs.New(errs.DuplicateTable, "cannot attach a table to itself")
	}
	if err := sameColumns(parent, t); err != nil {
		return err
	}
	c := *t
	c.PartitionOf, c.Bound = parent.Name, n.Bound
	p, err := r.partitions(parent)
	if err != nil {
		return err
	}
	// The bound is checked before the rows are, as in PostgreSQL.
	if err := newBoundFits(p, &c); err != nil {
		return err
	}
	// The table's rows must all be ones its bound takes.
	err = r.eachLeafRecord(t, partitionReadCols(p), func(leaf *catalog.Table, _, obj value.Value) error {
		v, err := r.partitionKey(p, obj.AsObject())
		if err != nil {
			return err
		}
		if ok, err := p.Holds(&c, v); err != nil || ok {
			return err
		}
		return errs.New(errs.CheckViolation, "partition constraint of relation %q is violated by some row", leaf.Name)
	})
	if err != nil {
		return err
	}
	if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
		return err
	}
	if err := r.attachPartition(db, &c); err != nil {
		return err
	}
	return r.inheritFKs(db, parent.ForeignKeys, &c)
}

// inheritFKs gives partition t the foreign keys fks of its table it
// does not have, checked over its rows, and its partitions, at every
// level, the same.
func (r *run) inheritFKs(db *catalog.Database, fks []catalog.ForeignKey, t *catalog.Table) error {
	for _, fk := range fks {
		if slices.ContainsFunc(t.ForeignKeys, func(x catalog.ForeignKey) bool { return x.Name == fk.Name }) {
			continue
		}
		if err := r.addForeignKey(&plan.AddForeignKey{Table: t.Name, FK: fk}); err != nil {
			return err
		}
	}
	if t.Partitioned == nil || len(fks) == 0 {
		return nil
	}
	return r.eachPartition(db, t, func(part *catalog.Table) error { return r.inheritFKs(db, fks, part) })
}

// sameColumns refuses to attach t to parent unless it has the parent's
// columns, with the same types, and its primary key.
func sameColumns(parent, t *catalog.Table) error {
	for _, f := range t.Fields {
		if _, _, ok := parent.FieldByName(f.Name); !ok {
			return errs.New(errs.DatatypeMismatch, "table %q contains column %q not found in parent %q", t.Name, f.Name, parent.Name).
				WithDetail("The new partition may contain only the columns present in parent.")
		}
	}
	for _, pf := range parent.Fields {
		f, _, ok := t.FieldByName(pf.Name)
		if !ok {
			return errs.New(errs.DatatypeMismatch, "child table is missing column %q", pf.Name)
		}
		if f.Type.OID() != pf.Type.OID() || f.Type.SQLName() != pf.Type.SQLName() {
			return errs.New(errs.DatatypeMismatch, "child table %q has different type for column %q", t.Name, pf.Name)
		}
	}
	if !slices.Equal(t.PrimaryKey, parent.PrimaryKey) {
		return errs.New(errs.FeatureNotSupported, "attaching a table whose primary key is not its partitioned table's is not supported")
	}
	return nil
}

// dropPartitions runs before DROP TABLE name: a partitioned table's
// partitions go with it, and a partition leaves its parent's list.
func (r *run) dropPartitions(db *catalog.Database, name string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	t, err := r.x.cat.Table(r.ctx, txn, db, name)
	if err != nil {
		return nil // DROP TABLE itself says what is wrong
	}
	if t.PartitionOf != "" {
		parent, err := r.parentOf(db, t)
		if err != nil {
			return err
		}
		if err := r.detachPartition(db, parent, t.Name); err != nil {
			return err
		}
	}
	return r.dropChildren(db, t)
}

// dropChildren drops the partitions of t, and theirs, at every level.
func (r *run) dropChildren(db *catalog.Database, t *catalog.Table) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	return r.eachPartition(db, t, func(part *catalog.Table) error {
		if err := r.dropChildren(db, part); err != nil {
			return err
		}
		// The tables its foreign keys reference forget it.
		if _, err := r.fkDropTable(part.Name, false, nil); err != nil {
			return err
		}
		forget := r.forgetTable(db, part.Name)
		if err := r.x.cat.DropTable(r.ctx, txn, db, part.Name); err != nil {
			return err
		}
		forget()
		return nil
	})
}

// eachLeafRecord calls f with the key and object of each record of t:
// of its partitions', at every level, when t is partitioned (its own
// descriptor has none).
func (r *run) eachLeafRecord(t *catalog.Table, cols []string, f func(leaf *catalog.Table, key, obj value.Value) error) error {
	if t.Partitioned == nil {
		return r.eachRecordOf(t, cols, func(key, obj value.Value) error { return f(t, key, obj) })
	}
	p, err := r.partitions(t)
	if err != nil {
		return err
	}
	for _, part := range append(slices.Clip(p.Parts), p.Default) {
		if part == nil {
			continue
		}
		if err := r.eachLeafRecord(part, cols, f); err != nil {
			return err
		}
	}
	return nil
}

// withPartitions is tables with the partitions of the partitioned
// ones among them added (TRUNCATE of a partitioned table empties its
// partitions).
func (r *run) withPartitions(tables []*catalog.Table) ([]*catalog.Table, error) {
	// The partitions appended are visited too: theirs follow, at
	// every level.
	for i := 0; i < len(tables); i++ {
		t := tables[i]
		if t.Partitioned == nil {
			continue
		}
		p, err := r.partitions(t)
		if err != nil {
			return nil, err
		}
		tables = append(tables, p.Parts...)
		if p.Default != nil {
			tables = append(tables, p.Default)
		}
	}
	return tables, nil
}

// errUniqueExprKey is PostgreSQL's refusal of a unique constraint (kind)
// of a table partitioned by an expression, which no partition's index
// could enforce alone.
func errUniqueExprKey(kind string) error {
	return errs.New(errs.FeatureNotSupported, "unsupported %s constraint with partition key definition", kind).
		WithDetail("%s constraints cannot be used when partition keys include expressions.", kind)
}

// indexPartitions makes index ix of partitioned table t on each of its
// partitions too (CREATE INDEX on the partitioned table), named after
// the partition as PostgreSQL names them; a unique one must include
// the partition key, which makes each partition's enough.
func (r *run) indexPartitions(db *catalog.Database, t *catalog.Table, ix catalog.Index) error {
	cols := ix.ColumnNames()
	if ix.Unique && t.Partitioned.HasExprs() {
		return errUniqueExprKey("UNIQUE")
	}
	if ix.Unique {
		for _, c := range t.Partitioned.Columns {
			if !slices.Contains(cols, c) {
				return errs.New(errs.FeatureNotSupported, "unique constraint on partitioned table must include all partitioning columns").
					WithDetail("UNIQUE constraint on table %q lacks column %q which is part of the partition key.", t.Name, c)
			}
		}
	}
	txn, err := r.txn()
	if err != nil {
		return err
	}
	return r.eachPartition(db, t, func(part *catalog.Table) error {
		if slices.ContainsFunc(part.Indexes, func(x catalog.Index) bool { return catalog.SameIndex(&x, &ix) }) {
			return nil // pg_dump makes the partitions' indexes first
		}
		pix := catalog.PartitionIndex(ix, part.Name)
		stored, err := r.makeIndex(txn, db, part.Name, pix, true)
		if err != nil || stored.Partitioned == nil {
			return err
		}
		// Its partitions get the index too, named after them.
		return r.indexPartitions(db, stored, pix)
	})
}

// dropPartitionIndexes drops the indexes the partitions of t have for
// its index ix (its unique constraint dropped).
func (r *run) dropPartitionIndexes(db *catalog.Database, t *catalog.Table, ix *catalog.Index) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	return r.eachPartition(db, t, func(part *catalog.Table) error {
		i := slices.IndexFunc(part.Indexes, func(x catalog.Index) bool { return catalog.SameIndex(&x, ix) })
		if i < 0 {
			return nil
		}
		if part.Partitioned != nil {
			if err := r.dropPartitionIndexes(db, part, &part.Indexes[i]); err != nil {
				return err
			}
		}
		_, err := r.x.cat.DropIndex(r.ctx, txn, db, part.Indexes[i].Name)
		return err
	})
}

// renamePartitionLinks keeps the names partitions and their table know
// each other by after t was renamed from old: a partitioned table's
// partitions name it, and a partition is in its table's list (a
// partition partitioned itself is both).
func (r *run) renamePartitionLinks(db *catalog.Database, t *catalog.Table, old string) error {
	txn, err := r.txn()
	if err != nil {
		return err
	}
	if t.PartitionOf != "" {
		parent, err := r.parentOf(db, t)
		if err != nil {
			return err
		}
		c := *parent
		c.Partitions = slices.Clone(parent.Partitions)
		if i := slices.Index(c.Partitions, old); i >= 0 {
			c.Partitions[i] = t.Name
		}
		if err := r.x.cat.AlterTable(r.ctx, txn, db, &c); err != nil {
			return err
		}
	}
	return r.eachPartition(db, t, func(part *catalog.Table) error {
		c := *part
		c.PartitionOf = t.Name
		return r.x.cat.AlterTable(r.ctx, txn, db, &c)
	})
}

// upsertStays refuses an ON CONFLICT DO UPDATE whose new row obj
// leaves partition t, as PostgreSQL does: through the partitioned
// table (0A000), or of the partition itself (its bound, 23514).
func (it *insertIter) upsertStays(t *catalog.Table, obj *value.Object) error {
	err := it.r.checkPartitionBound(t, obj)
	if err != nil && it.n.Table.Partitioned != nil && errs.Code(err) == errs.CheckViolation {
		return errs.New(errs.FeatureNotSupported, "invalid ON UPDATE specification").
			WithDetail("The result tuple would appear in a different partition than the original tuple.")
	}
	return err
}

// evalPartitionTableOID is plan.PartitionTableOID: the pg_class OID of
// the partition the row (the last argument) is in, found as an INSERT
// routes it, since every row of a partition is one its bound takes.
func (r *run) evalPartitionTableOID(c *plan.Call, sc *scope) (value.Value, error) {
	if len(c.Args) != 4 {
		return value.None, internalf("%s takes 4 arguments", c.Fn)
	}
	args := make([]value.Value, len(c.Args))
	for i, a := range c.Args {
		v, err := r.eval(a, sc)
		if err != nil {
			return value.None, err
		}
		args[i] = v
	}
	obj := args[3].AsObject()
	if obj == nil {
		return value.None, nil // an outer join's missing row
	}
	probe := &catalog.Table{ID: uint64(args[0].AsInt()), Database: uint64(args[1].AsInt()), Name: args[2].AsString()}
	parent := r.partParents[probe.ID]
	if parent == nil {
		db, err := r.tableDatabase(probe)
		if err != nil {
			return value.None, err
		}
		txn, err := r.txn()
		if err != nil {
			return value.None, err
		}
		if parent, err = r.x.cat.Table(r.ctx, txn, db, probe.Name); err != nil {
			return value.None, atPos(err, c.P)
		}
		if r.partParents == nil {
			r.partParents = map[uint64]*catalog.Table{}
		}
		r.partParents[probe.ID] = parent
	}
	t, err := r.routeRow(parent, obj)
	if err != nil {
		return value.None, atPos(err, c.P)
	}
	return value.Int(int64(sysview.TableOID(t.ID))), nil
}
