package session

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestPartitionConcurrentInserts: two sessions insert rows into one
// partitioned table at once, each statement's rows spread over every
// partition (and a default one). Routing reads the partitioned table's
// descriptor and writes each partition's key range; nothing may be
// lost or land in a partition its key does not route to, and the
// partitions must add up to what the parent shows.
func TestPartitionConcurrentInserts(t *testing.T) {
	ctx := context.Background()
	ss := memorySessions(t, 2)
	for _, q := range []string{
		"CREATE TABLE ev (id int, at int NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
		"CREATE TABLE ev0 PARTITION OF ev FOR VALUES FROM (0) TO (100)",
		"CREATE TABLE ev1 PARTITION OF ev FOR VALUES FROM (100) TO (200)",
		"CREATE TABLE evd PARTITION OF ev DEFAULT",
	} {
		if _, err := one(ctx, ss[0], q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const perSession, batch = 300, 3
	var wg sync.WaitGroup
	errc := make(chan error, len(ss))
	for w, s := range ss {
		wg.Go(func() {
			for i := 0; i < perSession; i += batch {
				q := "INSERT INTO ev VALUES "
				for j := range batch {
					id := w*perSession + i + j
					if j > 0 {
						q += ", "
					}
					q += fmt.Sprintf("(%d, %d)", id, id%300)
				}
				for {
					_, err := one(ctx, s, q)
					if err == nil {
						break
					}
					if errs.Code(err) != errs.SerializationFailure {
						errc <- fmt.Errorf("%s: %w", q, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	checks := map[string]int64{
		"SELECT count(*) FROM ev":                              2 * perSession,
		"SELECT count(DISTINCT id) FROM ev":                    2 * perSession,
		"SELECT count(*) FROM ev0":                             200,
		"SELECT count(*) FROM ev1":                             200,
		"SELECT count(*) FROM evd":                             200,
		"SELECT count(*) FROM ev0 WHERE at < 0 OR at >= 100":   0,
		"SELECT count(*) FROM ev1 WHERE at < 100 OR at >= 200": 0,
		"SELECT count(*) FROM evd WHERE at < 200":              0,
	}
	for q, want := range checks {
		v, err := one(ctx, ss[1], q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if v.AsInt() != want {
			t.Errorf("%s = %d, want %d", q, v.AsInt(), want)
		}
	}
}
