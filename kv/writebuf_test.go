package kv

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestWriteBufferModel checks the write buffer against a map: mostly
// ascending keys (the tail's case) mixed with writes out of order, keys
// ahead of the ascending ones (tree keys above the tail),
// overwrites, deletions and freezes of a key range, whose copies must
// hold the range's items and not see later writes.
func TestWriteBufferModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		w := newWriteBuffer(nil)
		model := map[string]wbItem{}
		type frozenCopy struct {
			want []string
			tree func() []string
		}
		var frozen []frozenCopy
		snapshot := func() []string {
			var out []string
			for _, k := range slices.Sorted(maps.Keys(model)) {
				it := model[k]
				out = append(out, k+"="+string(it.value)+strconv.FormatBool(it.del))
			}
			return out
		}
		next := 0
		rt.Repeat(map[string]func(*rapid.T){
			"ascending": func(rt *rapid.T) {
				next += rapid.IntRange(0, 3).Draw(rt, "step")
				k := strconv.Itoa(100000 + next)
				it := wbItem{key: []byte(k), value: []byte("a"), del: rapid.Bool().Draw(rt, "del")}
				w.set(it)
				model[k] = it
			},
			"any": func(rt *rapid.T) {
				k := strconv.Itoa(100000 + rapid.IntRange(0, next+2).Draw(rt, "k"))
				it := wbItem{key: []byte(k), value: []byte("b"), del: rapid.Bool().Draw(rt, "del")}
				w.set(it)
				model[k] = it
			},
			"ahead": func(rt *rapid.T) {
				// A key the ascending writes will run into: the tail's bound.
				k := strconv.Itoa(100000 + next + rapid.IntRange(1, 8).Draw(rt, "ahead"))
				it := wbItem{key: []byte(k), value: []byte("c")}
				w.set(it)
				model[k] = it
			},
			"deleteRange": func(rt *rapid.T) {
				lo := 100000 + rapid.IntRange(-1, next+2).Draw(rt, "lo")
				start, end := strconv.Itoa(lo), strconv.Itoa(lo+rapid.IntRange(1, 20).Draw(rt, "width"))
				w.deleteRange([]byte(start), []byte(end))
				for k := range model {
					if k >= start && k < end {
						delete(model, k)
					}
				}
			},
			"get": func(rt *rapid.T) {
				k := strconv.Itoa(100000 + rapid.IntRange(-1, next+2).Draw(rt, "k"))
				got, ok := w.get([]byte(k))
				want, wok := model[k]
				if ok != wok || string(got.value) != string(want.value) || got.del != want.del {
					rt.Fatalf("get %s = %q %v %v, want %q %v %v", k, got.value, got.del, ok, want.value, want.del, wok)
				}
			},
			"cursor": func(rt *rapid.T) {
				// Ascending lookups through a cursor answer as get does.
				ns := rapid.SliceOfN(rapid.IntRange(-1, next+2), 0, 12).Draw(rt, "ks")
				ks := make([]string, len(ns))
				for i, n := range ns {
					ks[i] = strconv.Itoa(100000 + n)
				}
				slices.Sort(ks)
				c := wbCursor{w: w}
				for _, k := range ks {
					got, ok := c.get([]byte(k))
					want, wok := model[k]
					if ok != wok || string(got.value) != string(want.value) || got.del != want.del {
						rt.Fatalf("cursor get %s (of %v) = %q %v %v, want %q %v %v", k, ks, got.value, got.del, ok, want.value, want.del, wok)
					}
				}
			},
			"freeze": func(rt *rapid.T) {
				lo := 100000 + rapid.IntRange(-1, next+2).Draw(rt, "lo")
				start, end := strconv.Itoa(lo), strconv.Itoa(lo+rapid.IntRange(1, 5).Draw(rt, "width"))
				tr := w.frozen([]byte(start), []byte(end))
				inRange := func(s string) bool {
					k, _, _ := strings.Cut(s, "=")
					return k >= start && k < end
				}
				want := slices.DeleteFunc(snapshot(), func(s string) bool { return !inRange(s) })
				frozen = append(frozen, frozenCopy{want, func() []string {
					var out []string
					if tr == nil {
						// Nothing in the range when it was frozen.
						return out
					}
					tr.Ascend(func(it wbItem) bool {
						if s := string(it.key) + "=" + string(it.value) + strconv.FormatBool(it.del); inRange(s) {
							out = append(out, s)
						}
						return true
					})
					return out
				}})
			},
			"": func(rt *rapid.T) {
				var got []string
				w.ascend(func(it wbItem) {
					got = append(got, string(it.key)+"="+string(it.value)+strconv.FormatBool(it.del))
				})
				if want := snapshot(); !slices.Equal(got, want) || w.Len() != len(want) {
					rt.Fatalf("ascend = %v (len %d), want %v", got, w.Len(), want)
				}
				for _, f := range frozen {
					if got := f.tree(); !slices.Equal(got, f.want) {
						rt.Fatalf("frozen copy = %v, want %v", got, f.want)
					}
				}
			},
		})
	})
}

// TestWriteBufferTailKeepsBulkWrites checks that the write patterns of
// bulk loads end up in the tail, not the tree: a COPY after a catalog
// write that sorts after its data, and ADD PRIMARY KEY's new keys
// interleaved with deletes of the old ones above them.
func TestWriteBufferTailKeepsBulkWrites(t *testing.T) {
	const n = 1000
	key := func(prefix string, i int) []byte { return []byte(fmt.Sprintf("%s%06d", prefix, i)) }
	tests := []struct {
		name   string
		writes func(w *writeBuffer)
	}{
		{"copy after a catalog write", func(w *writeBuffer) {
			w.set(wbItem{key: []byte("s/catalog"), value: []byte("t")})
			for i := 0; i < n; i++ {
				w.set(wbItem{key: key("d/", i), value: []byte("v")})
			}
		}},
		{"add primary key", func(w *writeBuffer) {
			for i := 0; i < n; i++ {
				w.set(wbItem{key: key("d/1/", i), value: []byte("v")})
				w.set(wbItem{key: key("d/2/", i), del: true})
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWriteBuffer(nil)
			tc.writes(w)
			if w.tail.len() < n-2*bypassSlack {
				t.Errorf("tail holds %d of %d items, want at least %d", w.tail.len(), w.Len(), n-2*bypassSlack)
			}
			// A copy of the whole buffer takes the tail along.
			if total, c := w.Len(), w.frozen(nil, nil); c.Len() != total || w.tail.len() != 0 {
				t.Errorf("Clone holds %d of %d items, tail left %d", c.Len(), total, w.tail.len())
			}
		})
	}
}
