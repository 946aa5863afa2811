package exec

import (
	"fmt"
	"sort"
	"testing"

	"pgregory.net/rapid"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// TestIndexEntriesMatchRecords checks the index invariant: after any
// sequence of inserts (ON CONFLICT DO NOTHING too), replacements, updates
// and deletes, committed or rolled back (unique violations included),
// every index's entries are exactly those recomputed from the table's
// records, a unique index never holds two records with the same non-none
// parts, and an index backfilled at the end agrees too. Reads through
// each index (alone and intersected) find every record. Expression parts
// (lower(concat(u)) unique, concat(a, b) with a path) are kept in step
// like paths.
func TestIndexEntriesMatchRecords(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		f := newFixture(t)
		f.x.IndexExprCompiler = testIndexExprs
		f.table(&catalog.Table{Name: "t", CreatedBy: "zql"})
		f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_a", Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Path: []string{"a"}}}}})
		f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_b_cd", Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Path: []string{"b"}, Desc: true}, {Path: []string{"c", "d"}}}}})
		f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_u", Kind: catalog.IndexBTree, Unique: true,
			Parts: []catalog.IndexPart{{Path: []string{"u"}}}}})
		f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_lower_u", Kind: catalog.IndexBTree, Unique: true,
			Parts: []catalog.IndexPart{{Expr: "lower(concat(u))", Cols: []string{"u"}}}}})
		// Plans carry the descriptor they were made with (the session
		// translates again when it changed): take the indexed one.
		tb := f.tableNamed("t")
		scalar := rapid.OneOf(
			rapid.Just(value.None),
			rapid.Map(rapid.Int64Range(-2, 3), value.Int),
			rapid.Map(rapid.SampledFrom([]string{"", "x", "X", "y", "x\x00"}), value.String),
			rapid.Map(rapid.Float64Range(-1, 1), value.Float),
			rapid.Just(value.Bool(true)),
		)
		genObj := func(rt *rapid.T) plan.Expr {
			o := value.NewObject(4)
			for _, name := range []string{"a", "b", "u"} {
				if v := scalar.Draw(rt, name); !v.IsNone() {
					o.Set(name, v)
				}
			}
			if rapid.Bool().Draw(rt, "has c") {
				c := value.NewObject(1)
				c.Set("d", scalar.Draw(rt, "d"))
				o.Set("c", value.ObjectOf(c))
			}
			return k(value.ObjectOf(o))
		}
		n := rapid.IntRange(1, 30).Draw(rt, "ops")
		for i := 0; i < n; i++ {
			key := ki(rapid.Int64Range(0, 6).Draw(rt, "key"))
			byKey := &plan.Filter{Input: scanOf(tb), Cond: zbin(plan.OpEq, col(0), key)}
			var node plan.Node
			switch op := rapid.IntRange(0, 4).Draw(rt, "op"); op {
			case 4:
				node = &plan.Insert{Table: tb, Input: values(row(key, genObj(rt))), Key: col(0), Obj: col(1), Mode: plan.InsertIgnore}
			case 0:
				node = &plan.Insert{Table: tb, Input: values(row(key, genObj(rt))), Key: col(0), Obj: col(1)}
			case 1:
				node = &plan.Insert{Table: tb, Input: values(row(key, genObj(rt))), Key: col(0), Obj: col(1), Mode: plan.InsertReplace}
			case 2:
				node = &plan.Update{Table: tb, Input: byKey, KeyCol: 0, ObjCol: 1, Set: genObj(rt)}
			case 3:
				node = &plan.Delete{Table: tb, Input: byKey, KeyCol: 0, ObjCol: 1}
			}
			rollback := rapid.IntRange(0, 4).Draw(rt, "rollback") == 0
			txn, err := f.store.Begin(f.ctx, kv.TxnOptions{})
			if err != nil {
				rt.Fatal(err)
			}
			_, err = collect(f.ctx, f.x, f.env(txn), node)
			if err != nil && errs.Code(err) != errs.UniqueViolation {
				txn.Rollback()
				rt.Fatalf("%v\n%s", err, plan.Explain(node))
			}
			if err != nil || rollback {
				txn.Rollback()
			} else if err := txn.Commit(f.ctx); err != nil {
				rt.Fatal(err)
			}
		}
		f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_late", Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Path: []string{"c", "d"}}, {Path: []string{"a"}}}}})
		f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_late_expr", Kind: catalog.IndexBTree,
			Parts: []catalog.IndexPart{{Expr: "concat(a, b)", Cols: []string{"a", "b"}, Desc: true}, {Path: []string{"a"}}}}})
		checkIndexes(rt, f)
	})
}

// testIndexExprs stands in for the SQL front end's compiler of index
// expressions (the executor's tests cannot import it): the expressions
// over the row [key, object] that the property test's indexes use.
func testIndexExprs(_ *catalog.Table, src string) (plan.Expr, error) {
	concat := func(args ...plan.Expr) plan.Expr { return &plan.Call{Fn: "sql::concat", Args: args, SQL: true} }
	switch src {
	case "lower(concat(u))":
		return &plan.Call{Fn: "sql::lower", Args: []plan.Expr{concat(fld(col(1), "u"))}, SQL: true}, nil
	case "concat(a, b)":
		return concat(fld(col(1), "a"), fld(col(1), "b")), nil
	}
	return nil, errs.New(errs.InternalError, "no test index expression %s", src)
}

func partValue(rt *rapid.T, r *run, t *catalog.Table, rec []value.Value, p *catalog.IndexPart) value.Value {
	v, err := r.partValue(t, rec[0], rec[1], p)
	if err != nil {
		rt.Fatal(err)
	}
	return v
}

// checkIndexes compares every index of table t with its records.
func checkIndexes(rt *rapid.T, f *fixture) {
	txn, err := f.store.Begin(f.ctx, kv.TxnOptions{ReadOnly: true})
	if err != nil {
		rt.Fatal(err)
	}
	defer txn.Rollback()
	tb, err := f.cat.Table(f.ctx, txn, f.db, "t")
	if err != nil {
		rt.Fatal(err)
	}
	r := f.x.newRun(f.ctx, f.env(txn))
	recs, err := collect(f.ctx, f.x, f.env(txn), scanOf(tb))
	if err != nil {
		rt.Fatal(err)
	}
	for i := range tb.Indexes {
		ix := &tb.Indexes[i]
		want := map[string]string{}
		seen := map[string]value.Value{}
		for _, rec := range recs {
			entry, rk, err := r.indexEntry(tb, ix, rec[0], rec[1])
			if err != nil {
				rt.Fatal(err)
			}
			want[string(entry)] = string(rk)
			parts, hasNone, err := r.indexParts(nil, tb, ix, rec[0], rec[1])
			if err != nil {
				rt.Fatal(err)
			}
			if ix.Unique && !hasNone {
				if other, dup := seen[string(parts)]; dup {
					rt.Fatalf("unique index %s holds %s and %s with the same parts", ix.Name, other, rec[0])
				}
				seen[string(parts)] = rec[0]
			}
		}
		got := map[string]string{}
		start, end := keys.IndexSpan(f.db.Namespace, f.db.ID, ix.ID)
		it := txn.Scan(f.ctx, start, end, false)
		for it.Next() {
			got[string(it.Key())] = string(it.Value())
		}
		if err := it.Err(); err != nil {
			rt.Fatal(err)
		}
		_ = it.Close()
		if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) {
			rt.Fatalf("index %s has entries\n%v\nwant\n%v", ix.Name, sorted(got), sorted(want))
		}
		// Every record is found through the index by an equality on its
		// parts, and a scan in key order gives the table's order.
		all, err := collect(f.ctx, f.x, f.env(txn), &plan.IndexScan{Table: tb, Index: ix, KeyOrder: true})
		if err != nil {
			rt.Fatal(err)
		}
		if render(all) != render(recs) {
			rt.Fatalf("index %s in key order:\n%s\nwant\n%s", ix.Name, render(all), render(recs))
		}
		for _, rec := range recs {
			var eq []plan.Expr
			for j := range ix.Parts {
				eq = append(eq, k(partValue(rt, r, tb, rec, &ix.Parts[j])))
			}
			rows, err := collect(f.ctx, f.x, f.env(txn), &plan.IndexScan{Table: tb, Index: ix, Spans: []plan.IndexSpan{{Eq: eq}}})
			if err != nil {
				rt.Fatal(err)
			}
			// The same through an intersection with the first index.
			first := &tb.Indexes[0]
			var eq0 []plan.Expr
			for j := range first.Parts {
				eq0 = append(eq0, k(partValue(rt, r, tb, rec, &first.Parts[j])))
			}
			both, err := collect(f.ctx, f.x, f.env(txn), &plan.IndexScan{Table: tb, Index: ix, Spans: []plan.IndexSpan{{Eq: eq}},
				Intersect: &plan.IndexIntersect{Index: first, Spans: []plan.IndexSpan{{Eq: eq0}}}})
			if err != nil {
				rt.Fatal(err)
			}
			rows = append(rows, both...)
			found := 0
			for _, row := range rows {
				if value.Equal(row[0], rec[0]) {
					found++
				}
			}
			if found != 2 {
				rt.Fatalf("index %s: record %s found %d times by its parts %v, alone and intersected with %s", ix.Name, rec[0], found, eq, first.Name)
			}
		}
	}
}

func sorted(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, fmt.Sprintf("%x=%x", k, v))
	}
	sort.Strings(out)
	return out
}

func (f *fixture) tableNamed(name string) *catalog.Table {
	var out *catalog.Table
	f.inTxn(func(txn kv.Txn) error {
		var err error
		out, err = f.cat.Table(f.ctx, txn, f.db, name)
		return err
	})
	return out
}

// TestIndexStats checks the statistics CREATE INDEX and ANALYZE store:
// the row count and the distinct estimate (exact below the sample size).
func TestIndexStats(t *testing.T) {
	f := newFixture(t)
	f.table(&catalog.Table{Name: "t", CreatedBy: "zql"})
	f.mustQuery(&plan.CreateIndex{Table: "t", Index: catalog.Index{Name: "t_a", Kind: catalog.IndexBTree,
		Parts: []catalog.IndexPart{{Path: []string{"a"}}}}})
	statsOf := func() map[string]string { return f.tableNamed("t").Indexes[0].Options }
	if got := statsOf(); got["stats_rows"] != "0" || got["stats_distinct"] != "0" {
		t.Errorf("stats of an empty table: %v", got)
	}
	tb := f.tableNamed("t")
	var rows [][]plan.Expr
	for i := int64(0); i < 3000; i++ {
		rows = append(rows, row(ki(i), obj("a", ki(i%700))))
	}
	f.mustQuery(&plan.Insert{Table: tb, Input: values(rows...), Key: col(0), Obj: col(1)})
	f.mustQuery(&plan.Analyze{Tables: []string{"t"}})
	if got := statsOf(); got["stats_rows"] != "3000" || got["stats_distinct"] != "700" {
		t.Errorf("stats after ANALYZE: %v", got)
	}
	if st := f.tableNamed("t").Stats; st == nil || st.Rows != 3000 {
		t.Errorf("table stats after ANALYZE: %+v, want 3000 rows", st)
	}
	// A table without indexes is counted too, by an ANALYZE of every
	// table.
	u := f.table(&catalog.Table{Name: "u", CreatedBy: "zql"})
	if u.Stats != nil {
		t.Errorf("stats of a new table: %+v", u.Stats)
	}
	f.mustQuery(&plan.Insert{Table: u, Input: values(row(ki(1), obj("a", ki(1))), row(ki(2), obj("a", ki(2)))), Key: col(0), Obj: col(1)})
	f.mustQuery(&plan.Analyze{})
	if st := f.tableNamed("u").Stats; st == nil || st.Rows != 2 {
		t.Errorf("stats of u after ANALYZE: %+v, want 2 rows", st)
	}
	var st indexStats
	for i := 0; i < 200000; i++ {
		st.add([]byte(fmt.Sprint(i % 50000)))
	}
	if d := st.distinct(); d < 40000 || d > 60000 {
		t.Errorf("distinct estimate %d of 50000", d)
	}
}
