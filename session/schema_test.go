package session

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/zerodb/zerodb/errs"
)

// TestSchemaDropRacesWrites drops and makes again a schema while other
// sessions write its table and a table of public: every failure is one
// a client can act on (the table or schema is gone, a conflict), and
// public's table keeps every row that was committed.
func TestSchemaDropRacesWrites(t *testing.T) {
	ss := memorySessions(t, 3)
	mustQuery(t, ss[0], "CREATE TABLE kept (id int PRIMARY KEY)")
	mustQuery(t, ss[0], "CREATE SCHEMA app")
	mustQuery(t, ss[0], "CREATE TABLE app.t (id serial PRIMARY KEY, v text UNIQUE)")
	allowed := map[string]bool{
		errs.UndefinedTable: true, errs.InvalidSchemaName: true, errs.SerializationFailure: true,
		errs.UniqueViolation: true, errs.DuplicateSchema: true, errs.DuplicateTable: true,
	}
	var wg sync.WaitGroup
	errc := make(chan error, 1000)
	committed, refused := make([]int, 2), make([]int, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := ss[w+1]
			for i := range 150 {
				if err := queryErr(s, fmt.Sprintf("INSERT INTO app.t (v) VALUES ('%d-%d')", w, i)); err != nil {
					refused[w]++
					if !allowed[errs.Code(err)] {
						errc <- err
					}
				}
				if err := queryErr(s, fmt.Sprintf("INSERT INTO kept VALUES (%d)", w*1000+i)); err != nil {
					errc <- err
				} else {
					committed[w]++
				}
			}
		}()
	}
	stop := make(chan struct{})
	ddlDone := make(chan struct{})
	go func() {
		defer close(ddlDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, q := range []string{"DROP SCHEMA app CASCADE", "CREATE SCHEMA app", "CREATE TABLE app.t (id serial PRIMARY KEY, v text UNIQUE)"} {
				if err := queryErr(ss[0], q); err != nil && !allowed[errs.Code(err)] {
					errc <- fmt.Errorf("%s: %w", q, err)
				}
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-ddlDone
	close(errc)
	for err := range errc {
		t.Errorf("%v (%s)", err, errs.Code(err))
	}
	t.Logf("inserts into app.t refused while the schema churned: %d of %d", refused[0]+refused[1], 300)
	want := committed[0] + committed[1]
	if got := mustQuery(t, ss[0], "SELECT count(*) FROM kept"); !strings.Contains(got, fmt.Sprint(want)) {
		t.Fatalf("kept: %s, want %d rows", got, want)
	}
	// The schema works after the churn.
	mustQuery(t, ss[0], "DROP SCHEMA IF EXISTS app CASCADE")
	mustQuery(t, ss[0], "CREATE SCHEMA app")
	mustQuery(t, ss[0], "CREATE TABLE app.t (id int PRIMARY KEY)")
	mustQuery(t, ss[0], "INSERT INTO app.t VALUES (1)")
	if got := mustQuery(t, ss[0], "SELECT count(*) FROM app.t"); !strings.Contains(got, "1") {
		t.Fatalf("app.t after the churn: %s", got)
	}
}
