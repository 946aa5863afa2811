package compattests

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestConcurrentTransfers runs concurrent transfers between accounts in
// explicit SERIALIZABLE transactions that read the balances and write
// back values computed by the client (which READ COMMITTED, here as in
// PostgreSQL, would let lose updates): the total is conserved,
// conflicting transactions fail with 40001 (or 40P01, their row locks
// taken in any order), and each succeeds on retry.
func TestConcurrentTransfers(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	setup := connect(t, s, "main")
	const accounts, initial = 5, 1000
	if _, err := setup.Exec(ctx, "CREATE TABLE acct (id int PRIMARY KEY, balance bigint NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= accounts; i++ {
		if _, err := setup.Exec(ctx, fmt.Sprintf("INSERT INTO acct VALUES (%d, %d)", i, initial)); err != nil {
			t.Fatal(err)
		}
	}
	const workers, transfers = 4, 40
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := 0; w < workers; w++ {
		conn := connect(t, s, "main")
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			for n := 0; n < transfers; n++ {
				from := rng.IntN(accounts) + 1
				to := rng.IntN(accounts-1) + 1
				if to >= from {
					to++
				}
				for attempt := 0; ; attempt++ {
					err := transfer(ctx, conn, from, to, rng.IntN(50)+1)
					if err == nil {
						break
					}
					var pgErr *pgconn.PgError
					if errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01") && attempt < 200 {
						conflicts.Add(1)
						continue
					}
					errc <- fmt.Errorf("transfer %d→%d: %w", from, to, err)
					return
				}
			}
		}(uint64(w))
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	var total int64
	if err := setup.QueryRow(ctx, "SELECT sum(balance) FROM acct").Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != accounts*initial {
		t.Fatalf("total is %d, want %d", total, accounts*initial)
	}
	if conflicts.Load() == 0 {
		t.Errorf("no transaction conflicted: the test did not exercise serializability")
	}
	t.Logf("%d transfers, %d conflicts retried", workers*transfers, conflicts.Load())
}

func transfer(ctx context.Context, conn *pgx.Conn, from, to, amount int) (err error) {
	if _, err := conn.Exec(ctx, "BEGIN ISOLATION LEVEL SERIALIZABLE"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_, _ = conn.Exec(ctx, "ROLLBACK")
		}
	}()
	var a, b int64
	if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT balance FROM acct WHERE id = %d", from)).Scan(&a); err != nil {
		return err
	}
	if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT balance FROM acct WHERE id = %d", to)).Scan(&b); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("UPDATE acct SET balance = %d WHERE id = %d", a-int64(amount), from)); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("UPDATE acct SET balance = %d WHERE id = %d", b+int64(amount), to)); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "COMMIT")
	return err
}
