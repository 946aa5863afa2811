package compattests

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestReadCommittedTransfers runs what applications written for
// PostgreSQL do at its default isolation level, READ COMMITTED, through
// pgx's extended protocol: clients move money between a few hot
// accounts in transaction blocks, one reading the balance with SELECT
// ... FOR UPDATE first (what ORMs' lock! and select_for_update() send),
// the other with a plain UPDATE ... RETURNING. No block may fail, and
// no transfer may be lost: the total stays, and every transfer is
// logged once.
func TestReadCommittedTransfers(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	conn := pgxConnect(ctx, t, s.url("main"))
	const clients, rounds, accounts = 4, 40, 3
	for _, q := range []string{
		"CREATE TABLE account (id int PRIMARY KEY, balance int NOT NULL)",
		"CREATE TABLE transfer (client int, round int, amount int)",
		"INSERT INTO account SELECT g, 1000 FROM generate_series(1, 3) g",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errc := make(chan error, clients)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cc, err := pgx.Connect(ctx, s.url("main"))
			if err != nil {
				errc <- err
				return
			}
			defer cc.Close(ctx)
			for r := range rounds {
				// Rows are locked in id order, as deadlock-free code
				// does (PostgreSQL would report 40P01 otherwise too).
				from := 1 + (c+r)%(accounts-1)
				to := from + 1
				err := pgx.BeginFunc(ctx, cc, func(tx pgx.Tx) error {
					var balance int
					if c%2 == 0 {
						if err := tx.QueryRow(ctx, "SELECT balance FROM account WHERE id = $1 FOR UPDATE", from).Scan(&balance); err != nil {
							return err
						}
						if _, err := tx.Exec(ctx, "UPDATE account SET balance = $1 WHERE id = $2", balance-1, from); err != nil {
							return err
						}
					} else if err := tx.QueryRow(ctx, "UPDATE account SET balance = balance - 1 WHERE id = $1 RETURNING balance", from).Scan(&balance); err != nil {
						return err
					}
					if _, err := tx.Exec(ctx, "UPDATE account SET balance = balance + 1 WHERE id = $1", to); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, "INSERT INTO transfer VALUES ($1, $2, 1)", c, r)
					return err
				})
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Errorf("a client's block failed: %v", err)
	}
	var total, transfers int
	if err := conn.QueryRow(ctx, "SELECT (SELECT sum(balance) FROM account), (SELECT count(*) FROM transfer)").Scan(&total, &transfers); err != nil {
		t.Fatal(err)
	}
	if total != 1000*accounts || transfers != clients*rounds {
		t.Fatalf("total %d, transfers %d; want %d and %d", total, transfers, 1000*accounts, clients*rounds)
	}
	var isolation string
	if err := conn.QueryRow(ctx, "SHOW transaction_isolation").Scan(&isolation); err != nil || isolation != "read committed" {
		t.Fatalf("transaction_isolation %q, %v", isolation, err)
	}
}

// TestIdleInTransactionTimeout: a session left idle in a transaction
// block past idle_in_transaction_session_timeout ends with FATAL 25P03
// and its locks go, as in PostgreSQL; idle outside a block, it stays.
func TestIdleInTransactionTimeout(t *testing.T) {
	s := startServer(t, "")
	ctx := context.Background()
	conn := pgxConnect(ctx, t, s.url("main"))
	for _, q := range []string{
		"CREATE TABLE idle (id int PRIMARY KEY, n int)",
		"INSERT INTO idle VALUES (1, 0)",
		"SET idle_in_transaction_session_timeout = '200ms'",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(400 * time.Millisecond) // idle, but not in a block
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		t.Fatalf("after idling outside a block: %v", err)
	}
	if _, err := conn.Exec(ctx, "UPDATE idle SET n = 1 WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond)
	_, err := conn.Exec(ctx, "SELECT 1")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "25P03" || pe.Severity != "FATAL" {
		t.Fatalf("after idling in a block: %v, want FATAL 25P03", err)
	}
	// Its row lock went with it: another session updates the row at once.
	other := pgxConnect(ctx, t, s.url("main"))
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := other.Exec(tctx, "UPDATE idle SET n = 2 WHERE id = 1"); err != nil {
		t.Fatalf("the ended session's lock: %v", err)
	}
}
