package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zerodb/zerodb/internal/zerodbproc"
	"github.com/zerodb/zerodb/vector"
)

// sqlParams are the knobs of the SQL run (-sql).
type sqlParams struct {
	bin           string
	m, efc, k     int
	efList        []int
	nExact, batch int
	data, queries [][]float32
	truth         [][]vector.Result
	zerodbFlags   []string
}

// runSQL measures the same workload through a zerodb server over the wire
// (pgx, extended protocol, pgvector's SQL): the load rate (INSERT of
// -batch rows per statement), the build rate of CREATE INDEX ... USING
// hnsw (a backfill of the loaded rows), the exact top-k rate (an ORDER BY
// the optimizer cannot serve from the index) and recall@k and queries per
// second of ORDER BY v <-> $1 LIMIT k at each hnsw.ef_search.
func runSQL(ctx context.Context, p sqlParams) error {
	z, err := zerodbproc.StartTemp(ctx, p.bin, p.zerodbFlags)
	if err != nil {
		return err
	}
	defer z.Stop()
	conn, err := pgx.Connect(ctx, z.URL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	dims := len(p.data[0])
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE TABLE items (id int PRIMARY KEY, v vector(%d))", dims)); err != nil {
		return err
	}

	start := time.Now()
	var b strings.Builder
	for i := 0; i < len(p.data); i += p.batch {
		b.Reset()
		b.WriteString("INSERT INTO items VALUES ")
		for j := i; j < min(i+p.batch, len(p.data)); j++ {
			if j > i {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, '%s')", j+1, vectorText(p.data[j]))
		}
		if _, err := conn.Exec(ctx, b.String(), pgx.QueryExecModeSimpleProtocol); err != nil {
			return err
		}
	}
	load := time.Since(start)
	fmt.Printf("sql load: %d rows in %.1fs = %.0f rows/s (INSERT of %d rows per statement)\n",
		len(p.data), load.Seconds(), float64(len(p.data))/load.Seconds(), p.batch)

	start = time.Now()
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) WITH (m = %d, ef_construction = %d)", p.m, p.efc)); err != nil {
		return err
	}
	build := time.Since(start)
	fmt.Printf("sql CREATE INDEX (backfill): %.1fs = %.0f vectors/s\n", build.Seconds(), float64(len(p.data))/build.Seconds())

	knn := "SELECT id FROM items ORDER BY v <-> $1 LIMIT " + strconv.Itoa(p.k)
	var plan strings.Builder
	rows, err := conn.Query(ctx, "EXPLAIN "+knn, vectorText(p.queries[0]))
	if err != nil {
		return err
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		plan.WriteString("  " + line + "\n")
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !strings.Contains(plan.String(), "(hnsw)") {
		return fmt.Errorf("the k-NN query does not use the index:\n%s", plan.String())
	}
	fmt.Print("sql plan:\n" + plan.String())

	query := func(sql string, q []float32) ([]vector.Result, error) {
		rows, err := conn.Query(ctx, sql, vectorText(q))
		if err != nil {
			return nil, err
		}
		var out []vector.Result
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, vector.Result{ID: uint64(id)})
		}
		return out, rows.Err()
	}
	// (v <-> $1) + 0 is no distance call the index can order by: the
	// optimizer keeps an exact top-k over the table.
	exactSQL := "SELECT id FROM items ORDER BY (v <-> $1) + 0 LIMIT " + strconv.Itoa(p.k)
	exactRate := func() (float64, error) {
		ne := min(p.nExact, len(p.queries))
		start := time.Now()
		for i := range ne {
			res, err := query(exactSQL, p.queries[i])
			if err != nil {
				return 0, err
			}
			if r := recall(res, p.truth[i]); r < 0.99 {
				return 0, fmt.Errorf("exact scan recall %.3f", r)
			}
		}
		return float64(ne) / time.Since(start).Seconds(), nil
	}
	exact1, err := exactRate()
	if err != nil {
		return err
	}
	fmt.Printf("sql exact top-%d: %.2f queries/s\n", p.k, exact1)
	type row struct {
		ef     int
		recall float64
		qps    float64
	}
	var out []row
	for _, ef := range p.efList {
		if _, err := conn.Exec(ctx, "SET hnsw.ef_search = "+strconv.Itoa(ef)); err != nil {
			return err
		}
		for _, q := range p.queries[:min(50, len(p.queries))] { // warm the caches
			if _, err := query(knn, q); err != nil {
				return err
			}
		}
		var sum float64
		start := time.Now()
		for i, q := range p.queries {
			res, err := query(knn, q)
			if err != nil {
				return err
			}
			sum += recall(res, p.truth[i])
		}
		el := time.Since(start)
		out = append(out, row{ef, sum / float64(len(p.queries)), float64(len(p.queries)) / el.Seconds()})
	}
	exact2, err := exactRate()
	if err != nil {
		return err
	}
	exact := (exact1 + exact2) / 2
	fmt.Printf("sql exact top-%d, again: %.2f queries/s; mean %.2f queries/s is the baseline\n", p.k, exact2, exact)
	fmt.Printf("%-10s %-10s %-12s %s\n", "ef_search", "recall@"+strconv.Itoa(p.k), "queries/s", "vs exact")
	for _, r := range out {
		fmt.Printf("%-10d %-10.4f %-12.1f %.1f×\n", r.ef, r.recall, r.qps, r.qps/exact)
	}
	return nil
}

func vectorText(v []float32) string {
	b := make([]byte, 0, 10*len(v))
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, float64(x), 'g', -1, 32)
	}
	return string(append(b, ']'))
}
