package session

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

func vecText(rng *rand.Rand, dims int) string {
	parts := make([]string, dims)
	for i := range parts {
		parts[i] = strconv.FormatFloat(rng.Float64()*2-1, 'f', 3, 32)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func mustQuery(t testing.TB, s pgwire.Session, q string) string {
	t.Helper()
	var w recorder
	if err := s.Query(context.Background(), q, &w); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return w.take()
}

// resultIDs reads the first column of a recorder's rows (header and tag
// dropped).
func resultIDs(out string) []string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 {
		return nil
	}
	ids := make([]string, 0, len(lines)-2)
	for _, l := range lines[1 : len(lines)-1] {
		ids = append(ids, strings.SplitN(l, " | ", 2)[0])
	}
	return ids
}

func loadVectors(t testing.TB, s pgwire.Session, rng *rand.Rand, from, n, dims int) {
	t.Helper()
	for i := from; i < from+n; i += 50 {
		var b strings.Builder
		b.WriteString("INSERT INTO items VALUES ")
		for j := i; j < min(i+50, from+n); j++ {
			if j > i {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, '%s')", j, vecText(rng, dims))
		}
		mustQuery(t, s, b.String())
	}
}

// TestVectorIndexRestart: an HNSW index written to a Pebble directory
// answers the same after a reopen, without a rebuild.
func TestVectorIndexRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() (*DB, pgwire.Session) {
		db, err := Open(ctx, Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
			t.Fatal(err)
		}
		s, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: "main"})
		if err != nil {
			t.Fatal(err)
		}
		return db, s
	}
	rng := rand.New(rand.NewPCG(1, 2))
	db, s := open()
	mustQuery(t, s, "CREATE TABLE items (id int PRIMARY KEY, v vector(8))")
	loadVectors(t, s, rng, 0, 300, 8)
	mustQuery(t, s, "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) WITH (m = 8, ef_construction = 32)")
	loadVectors(t, s, rng, 300, 100, 8) // maintained incrementally
	mustQuery(t, s, "DELETE FROM items WHERE id % 7 = 0")
	q := vecText(rng, 8)
	query := "SELECT id FROM items ORDER BY v <-> '" + q + "' LIMIT 10"
	before := mustQuery(t, s, query)
	s.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, s = open()
	defer func() { s.Close(); _ = db.Close() }()
	if plan := mustQuery(t, s, "EXPLAIN "+query); !strings.Contains(plan, "Index Scan using items_v (hnsw)") {
		t.Fatalf("after restart the index is not used:\n%s", plan)
	}
	if after := mustQuery(t, s, query); after != before {
		t.Fatalf("after restart:\n%s\nbefore:\n%s", after, before)
	}
	if n := len(resultIDs(before)); n != 10 {
		t.Fatalf("%d rows, want 10", n)
	}
}

// TestVectorConcurrentDeletes inserts, deletes and searches at once: no
// search may return a row whose delete committed before it began, and
// every search returns k rows.
func TestVectorConcurrentDeletes(t *testing.T) {
	ctx := context.Background()
	db, s := openTestSession(t, Options{})
	rng := rand.New(rand.NewPCG(3, 4))
	mustQuery(t, s, "CREATE TABLE items (id int PRIMARY KEY, v vector(8))")
	loadVectors(t, s, rng, 0, 200, 8)
	mustQuery(t, s, "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) WITH (m = 8, ef_construction = 32)")

	var mu sync.Mutex
	deleted := map[string]bool{}
	session := func() pgwire.Session {
		x, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: "main"})
		if err != nil {
			t.Error(err)
			return nil
		}
		t.Cleanup(x.Close)
		return x
	}
	// write runs a statement, tolerating serialization failures that
	// outlived the automatic retries.
	write := func(x pgwire.Session, q string) bool {
		var w recorder
		err := x.Query(ctx, q, &w)
		if err != nil && errs.Code(err) != errs.SerializationFailure {
			t.Errorf("%s: %v", q, err)
		}
		return err == nil
	}
	var writers, readers sync.WaitGroup
	done := make(chan struct{})
	writers.Add(2)
	go func() { // deleter: even ids, once each
		defer writers.Done()
		x := session()
		for id := 0; id < 200 && x != nil; id += 2 {
			if write(x, fmt.Sprintf("DELETE FROM items WHERE id = %d", id)) {
				mu.Lock()
				deleted[strconv.Itoa(id)] = true
				mu.Unlock()
			}
		}
	}()
	go func() { // inserter: new ids
		defer writers.Done()
		x := session()
		r := rand.New(rand.NewPCG(5, 6))
		for id := 1000; id < 1100 && x != nil; id++ {
			write(x, fmt.Sprintf("INSERT INTO items VALUES (%d, '%s')", id, vecText(r, 8)))
		}
	}()
	for g := range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			x := session()
			r := rand.New(rand.NewPCG(7, uint64(g)))
			for x != nil {
				select {
				case <-done:
					return
				default:
				}
				mu.Lock()
				gone := make(map[string]bool, len(deleted))
				for id := range deleted {
					gone[id] = true
				}
				mu.Unlock()
				var w recorder
				if err := x.Query(ctx, "SELECT id FROM items ORDER BY v <-> '"+vecText(r, 8)+"' LIMIT 10", &w); err != nil {
					t.Error(err)
					return
				}
				ids := resultIDs(w.take())
				if len(ids) != 10 {
					t.Errorf("search returned %d rows, want 10", len(ids))
				}
				for _, id := range ids {
					if gone[id] {
						t.Errorf("search returned row %s, deleted before it began", id)
					}
				}
			}
		}()
	}
	writers.Wait()
	close(done)
	readers.Wait()
}

// TestVectorBinaryFormat sends a vector parameter and reads a vector
// column in pgvector's binary form.
func TestVectorBinaryFormat(t *testing.T) {
	ctx := context.Background()
	conn := testConn(t, startTestServer(t))
	if _, err := conn.Exec(ctx, "CREATE TABLE items (id int PRIMARY KEY, v vector(2))"); err != nil {
		t.Fatal(err)
	}
	param := []byte{0, 2, 0, 0, 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0} // [1, -2]
	res := conn.PgConn().ExecParams(ctx, "INSERT INTO items VALUES (1, $1) RETURNING v", [][]byte{param},
		[]uint32{value.OIDVector}, []int16{1}, []int16{1}).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Rows) != 1 || !bytes.Equal(res.Rows[0][0], param) {
		t.Fatalf("binary result %v, want %v", res.Rows, param)
	}
	var text string
	if err := conn.QueryRow(ctx, "SELECT v::text FROM items").Scan(&text); err != nil || text != "[1,-2]" {
		t.Fatalf("text form %q, %v", text, err)
	}
	res = conn.PgConn().ExecParams(ctx, "SELECT $1::vector(3)", [][]byte{param}, []uint32{value.OIDVector}, []int16{1}, nil).Read()
	if res.Err == nil || !strings.Contains(res.Err.Error(), "expected 3 dimensions, not 2") {
		t.Fatalf("a 2-dimensional parameter as vector(3): %v", res.Err)
	}
}

// TestVectorFilteredSearch: a selective filter still gets k rows from the
// index whenever k rows match, and all of them when fewer do.
func TestVectorFilteredSearch(t *testing.T) {
	_, s := openTestSession(t, Options{})
	rng := rand.New(rand.NewPCG(9, 10))
	mustQuery(t, s, "CREATE TABLE items (id int PRIMARY KEY, v vector(8))")
	loadVectors(t, s, rng, 0, 400, 8)
	mustQuery(t, s, "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) WITH (m = 4, ef_construction = 8)")
	mustQuery(t, s, "SET hnsw.ef_search = 1")
	for _, c := range []struct {
		where string
		limit int
		want  int
		match func(id int) bool
	}{
		{"id % 40 = 0", 5, 5, func(id int) bool { return id%40 == 0 }},   // 10 rows match
		{"id % 40 = 0", 20, 10, func(id int) bool { return id%40 == 0 }}, // all of them
		{"id + 0 >= 390", 10, 10, func(id int) bool { return id >= 390 }},
		{"id % 7 = 3", 50, 50, func(id int) bool { return id%7 == 3 }},
	} {
		q := "SELECT id FROM items WHERE " + c.where + " ORDER BY v <-> '" + vecText(rng, 8) + "' LIMIT " + strconv.Itoa(c.limit)
		if plan := mustQuery(t, s, "EXPLAIN "+q); !strings.Contains(plan, "(hnsw)") {
			t.Fatalf("%s: no index scan:\n%s", q, plan)
		}
		ids := resultIDs(mustQuery(t, s, q))
		if len(ids) != c.want {
			t.Errorf("%s: %d rows, want %d", q, len(ids), c.want)
		}
		for _, id := range ids {
			if n, _ := strconv.Atoi(id); !c.match(n) {
				t.Errorf("%s: row %s does not match", q, id)
			}
		}
	}
	// OFFSET: the index supplies count + offset rows.
	q := "SELECT id FROM items ORDER BY v <-> '" + vecText(rng, 8) + "' LIMIT 3 OFFSET 4"
	if got := resultIDs(mustQuery(t, s, q)); len(got) != 3 {
		t.Errorf("%s: %v", q, got)
	}
}

// TestVectorIsolation: an uncommitted insert is invisible to another
// session's search, its own search sees it, and so does everyone after
// the commit.
func TestVectorIsolation(t *testing.T) {
	ctx := context.Background()
	db, a := openTestSession(t, Options{})
	b, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: "main"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rng := rand.New(rand.NewPCG(11, 12))
	mustQuery(t, a, "CREATE TABLE items (id int PRIMARY KEY, v vector(8))")
	loadVectors(t, a, rng, 0, 100, 8)
	mustQuery(t, a, "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops)")
	q := vecText(rng, 8)
	nearest := "SELECT id FROM items ORDER BY v <-> '" + q + "' LIMIT 1"
	before := resultIDs(mustQuery(t, b, nearest))
	mustQuery(t, a, "BEGIN")
	mustQuery(t, a, "INSERT INTO items VALUES (1000, '"+q+"')")
	if got := resultIDs(mustQuery(t, a, nearest)); len(got) != 1 || got[0] != "1000" {
		t.Errorf("own uncommitted insert not found: %v", got)
	}
	if got := resultIDs(mustQuery(t, b, nearest)); len(got) != 1 || got[0] != before[0] {
		t.Errorf("another session sees an uncommitted insert: %v, want %v", got, before)
	}
	mustQuery(t, a, "COMMIT")
	if got := resultIDs(mustQuery(t, b, nearest)); len(got) != 1 || got[0] != "1000" {
		t.Errorf("committed insert not found: %v", got)
	}
}

// BenchmarkVectorSearch is one k-NN query through the session (simple
// protocol, plan cache) over an HNSW index of 5000 vectors of 64 dims.
func BenchmarkVectorSearch(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Memory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.EnsureRootUser(ctx, testPassword); err != nil {
		b.Fatal(err)
	}
	ps, err := db.OpenSession(ctx, pgwire.StartupParams{User: RootUser, Database: "main"})
	if err != nil {
		b.Fatal(err)
	}
	defer ps.Close()
	rng := rand.New(rand.NewPCG(13, 14))
	mustQuery(b, ps, "CREATE TABLE items (id int PRIMARY KEY, v vector(64))")
	loadVectors(b, ps, rng, 0, 5000, 64)
	mustQuery(b, ps, "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops)")
	queries := make([]string, 64)
	for i := range queries {
		queries[i] = "SELECT id FROM items ORDER BY v <-> '" + vecText(rng, 64) + "' LIMIT 10"
	}
	for i := 0; b.Loop(); i++ {
		mustQuery(b, ps, queries[i%len(queries)])
	}
}
