package kv

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestExportSnapshot: transactions that import an exported snapshot read
// what the exporter read when it exported, after later commits, after
// the exporter ended and after the export was released; none can begin
// once it is released, and the store closes without leaking a snapshot
// whichever order things end in.
func TestExportSnapshot(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		readOnly bool // the exporter is a read-only transaction
		rc       bool // the exporter is READ COMMITTED
		// endExporterFirst: the exporter ends before the release.
		endExporterFirst bool
		// leaveOpen: the store closes with the export and an importer open.
		leaveOpen bool
	}{
		{name: "read-write, release first"},
		{name: "read-write, exporter ends first", endExporterFirst: true},
		{name: "read committed", rc: true, endExporterFirst: true},
		{name: "read-only, release first", readOnly: true},
		{name: "read-only, exporter ends first", readOnly: true, endExporterFirst: true},
		{name: "read-write, left open at close", leaveOpen: true},
		{name: "read-only, left open at close", readOnly: true, leaveOpen: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenMemory()
			if err != nil {
				t.Fatal(err)
			}
			put := func(kvs ...string) {
				t.Helper()
				tx, _ := s.Begin(ctx, TxnOptions{})
				for i := 0; i < len(kvs); i += 2 {
					if err := tx.Put([]byte(kvs[i]), []byte(kvs[i+1])); err != nil {
						t.Fatal(err)
					}
				}
				if err := tx.Commit(ctx); err != nil {
					t.Fatal(err)
				}
			}
			put("a", "0")
			exporter, err := s.Begin(ctx, TxnOptions{ReadOnly: tc.readOnly})
			if err != nil {
				t.Fatal(err)
			}
			if tc.rc {
				SetReadCommitted(exporter, true, func([]byte) bool { return false })
			}
			if _, _, err := exporter.Get(ctx, []byte("a")); err != nil {
				t.Fatal(err)
			}
			sn, err := ExportSnapshot(ctx, exporter)
			if err != nil {
				t.Fatal(err)
			}
			put("a", "1", "b", "1")
			old := []string{"a=0"}
			check := func(what string, tx Txn, want []string) {
				t.Helper()
				if got := scan(t, tx, str("a"), str("z"), false); !slices.Equal(got, want) {
					t.Fatalf("%s reads %v, want %v", what, got, want)
				}
			}
			first, err := BeginSnapshot(ctx, s, sn)
			if err != nil {
				t.Fatal(err)
			}
			check("an importer", first, old)
			if err := first.Put([]byte("x"), nil); !errors.Is(err, ErrReadOnly) {
				t.Fatalf("an importer's put: %v", err)
			}
			if tc.rc {
				// Its next statement moves on; the importers do not.
				if _, err := NewStatement(exporter); err != nil {
					t.Fatal(err)
				}
				check("the exporter's next statement", exporter, []string{"a=1", "b=1"})
			} else {
				// b was written since it began: a serializable
				// transaction would move its snapshot on to read it,
				// but not one that exported it.
				if _, ok, err := exporter.Get(ctx, []byte("b")); err != nil || ok {
					t.Fatalf("the exporter reads b: %v %v", ok, err)
				}
				check("the exporter", exporter, old)
			}
			if tc.leaveOpen {
				if err := s.Close(); err != nil {
					t.Fatalf("close with an export open: %v", err)
				}
				return
			}
			if tc.endExporterFirst {
				if err := exporter.Commit(ctx); err != nil {
					t.Fatal(err)
				}
				check("an importer after the exporter ended", first, old)
			}
			second, err := BeginSnapshot(ctx, s, sn)
			if err != nil {
				t.Fatal(err)
			}
			sn.Release()
			sn.Release()
			if _, err := BeginSnapshot(ctx, s, sn); err == nil {
				t.Fatal("an import after the release began")
			}
			check("an importer after the release", first, old)
			if err := first.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			check("the last importer", second, old)
			second.Rollback()
			if !tc.endExporterFirst {
				check("the exporter after the release", exporter, old)
				exporter.Rollback()
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
