package session

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestExtendedAutocommitCounter: statements of the extended protocol
// outside a block (each Sync its own transaction, as pgx and JDBC run
// them) that update one hot row all commit, losing no increment, as in
// PostgreSQL.
func TestExtendedAutocommitCounter(t *testing.T) {
	const clients, rounds = 6, 40
	ss := memorySessions(t, clients)
	mustQuery(t, ss[0], "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
	mustQuery(t, ss[0], "INSERT INTO counter VALUES (1, 0)")
	var wg sync.WaitGroup
	errc := make(chan error, clients*rounds)
	for c := range clients {
		wg.Add(1)
		go func(s *Session) {
			defer wg.Done()
			ctx := t.Context()
			for range rounds {
				var w recorder
				_, err := s.Prepare(ctx, "", "UPDATE counter SET n = n + 1 WHERE id = $1", nil)
				if err == nil {
					err = s.Bind(ctx, "", "", nil, [][]byte{[]byte("1")}, nil)
				}
				if err == nil {
					_, err = s.Execute(ctx, "", 0, &w)
				}
				if serr := s.Sync(ctx); err == nil && serr != nil {
					err = fmt.Errorf("at Sync: %w", serr)
				}
				if err != nil {
					errc <- err
				}
			}
		}(ss[c])
	}
	wg.Wait()
	close(errc)
	failed := 0
	for err := range errc {
		failed++
		if failed < 4 {
			t.Error(err)
		}
	}
	if got := mustQuery(t, ss[0], "SELECT n FROM counter"); !strings.Contains(got, fmt.Sprint(clients*rounds-failed)) || failed > 0 {
		t.Fatalf("counter %q after %d updates, %d failed", got, clients*rounds, failed)
	}
}
