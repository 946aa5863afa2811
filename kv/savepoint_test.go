package kv

import (
	"context"
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestSavepointModel runs random writes, savepoints and rollbacks against
// a map model: after every step a Get of each key and a full Scan agree
// with the model, and so does what the commit made durable.
func TestSavepointModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		s, err := OpenMemory()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		keyOf := func(i int) []byte { return []byte(fmt.Sprintf("k%02d", i)) }
		// Some committed data first, so that deletions and range
		// deletions have something under the buffer to hide.
		seed, _ := s.Begin(ctx, TxnOptions{})
		model := map[string]string{}
		for i := range rapid.IntRange(0, 10).Draw(t, "committed") {
			k := keyOf(i * 2)
			seed.Put(k, []byte("c"))
			model[string(k)] = "c"
		}
		if err := seed.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		tx, err := s.Begin(ctx, TxnOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		type mark struct {
			sp    Savepoint
			model map[string]string
		}
		var marks []mark
		clone := func(m map[string]string) map[string]string {
			out := make(map[string]string, len(m))
			for k, v := range m {
				out[k] = v
			}
			return out
		}
		for step := range rapid.IntRange(1, 40).Draw(t, "steps") {
			switch rapid.IntRange(0, 5).Draw(t, "op") {
			case 0, 1:
				k := keyOf(rapid.IntRange(0, 24).Draw(t, "key"))
				v := fmt.Sprintf("v%d", step)
				tx.Put(k, []byte(v))
				model[string(k)] = v
			case 2:
				k := keyOf(rapid.IntRange(0, 24).Draw(t, "key"))
				tx.Delete(k)
				delete(model, string(k))
			case 3:
				a := rapid.IntRange(0, 24).Draw(t, "from")
				b := rapid.IntRange(a, 25).Draw(t, "to")
				tx.DeleteRange(keyOf(a), keyOf(b))
				for i := a; i < b; i++ {
					delete(model, string(keyOf(i)))
				}
			case 4:
				sp, err := TakeSavepoint(tx)
				if err != nil {
					t.Fatal(err)
				}
				marks = append(marks, mark{sp, clone(model)})
			case 5:
				if len(marks) == 0 {
					continue
				}
				i := rapid.IntRange(0, len(marks)-1).Draw(t, "savepoint")
				if err := RollbackTo(tx, marks[i].sp); err != nil {
					t.Fatal(err)
				}
				model = clone(marks[i].model)
				marks = marks[:i+1] // the later ones are gone, this one stays
			}
			for i := range 25 {
				v, ok, err := tx.Get(ctx, keyOf(i))
				if err != nil {
					t.Fatal(err)
				}
				if w, in := model[string(keyOf(i))]; ok != in || ok && string(v) != w {
					t.Fatalf("step %d: Get(%s) = %q, %v; model %q, %v", step, keyOf(i), v, ok, w, in)
				}
			}
			n := 0
			it := tx.Scan(ctx, []byte("k"), []byte("l"), false)
			for it.Next() {
				n++
				if model[string(it.Key())] != string(it.Value()) {
					t.Fatalf("step %d: Scan has %s=%q, model %q", step, it.Key(), it.Value(), model[string(it.Key())])
				}
			}
			if err := it.Close(); err != nil {
				t.Fatal(err)
			}
			if n != len(model) {
				t.Fatalf("step %d: Scan found %d keys, model has %d", step, n, len(model))
			}
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rd, _ := s.Begin(ctx, TxnOptions{ReadOnly: true})
		defer rd.Rollback()
		for i := range 25 {
			v, ok, _ := rd.Get(ctx, keyOf(i))
			if w, in := model[string(keyOf(i))]; ok != in || ok && string(v) != w {
				t.Fatalf("committed %s = %q, %v; model %q, %v", keyOf(i), v, ok, w, in)
			}
		}
	})
}
