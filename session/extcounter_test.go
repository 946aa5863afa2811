package session

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestExtendedAutocommitCounter: statements of the extended protocol
// outside a block (each Sync ends an implicit transaction, as pgx and
// JDBC run them, one statement or a pipeline of several) that update hot
// rows all commit, losing no increment: the implicit transaction is READ
// COMMITTED and keeps its row locks until Sync, as PostgreSQL's.
func TestExtendedAutocommitCounter(t *testing.T) {
	for _, pipeline := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d statements per Sync", pipeline), func(t *testing.T) {
			const clients, rounds = 6, 30
			ss := memorySessions(t, clients)
			mustQuery(t, ss[0], "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
			mustQuery(t, ss[0], "INSERT INTO counter SELECT generate_series(0, 10), 0")
			var wg sync.WaitGroup
			errc := make(chan error, clients*rounds)
			for c := range clients {
				wg.Add(1)
				go func(c int, s *Session) {
					defer wg.Done()
					ctx := t.Context()
					for range rounds {
						var w recorder
						// A pipeline first updates the client's own row, so
						// that the hot row's update is not the first write.
						ids := []int{0}
						if pipeline == 2 {
							ids = []int{c + 5, 0}
						}
						_, err := s.Prepare(ctx, "", "UPDATE counter SET n = n + 1 WHERE id = $1", nil)
						for _, id := range ids {
							if err != nil {
								break
							}
							err = s.Bind(ctx, "", "", nil, [][]byte{[]byte(fmt.Sprint(id))}, nil)
							if err == nil {
								_, err = s.Execute(ctx, "", 0, &w)
							}
						}
						if serr := s.Sync(ctx); err == nil && serr != nil {
							err = fmt.Errorf("at Sync: %w", serr)
						}
						if err != nil {
							errc <- err
						}
					}
				}(c, ss[c])
			}
			wg.Wait()
			close(errc)
			for err := range errc {
				t.Error(err)
			}
			want := fmt.Sprint(clients * rounds)
			if pipeline == 2 {
				want += " | " + want
			} else {
				want += " | 0"
			}
			if got := mustQuery(t, ss[0], "SELECT (SELECT n FROM counter WHERE id = 0), (SELECT sum(n) FROM counter WHERE id > 0)"); !strings.Contains(got, want) {
				t.Fatalf("counters %q, want %s", got, want)
			}
		})
	}
}
