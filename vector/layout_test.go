package vector

import (
	"testing"
)

func TestLayoutRoundTrip(t *testing.T) {
	cfg := Config{Dims: 128, Metric: MetricCosine, M: 16, EfConstruction: 64, Seed: 42}
	got, uid, err := decodeConfig(encodeConfig(cfg, 7))
	if err != nil || got != cfg || uid != 7 {
		t.Fatalf("config: %+v %d %v", got, uid, err)
	}
	e := entry{link{3, 4}, 5}
	if got, err := decodeEntry(encodeEntry(nil, e)); err != nil || got != e {
		t.Fatalf("entry: %+v %v", got, err)
	}
	ls := []link{{1, 2}, {3, 4}}
	if got, err := decodeLinks(nil, encodeLinks(nil, ls)); err != nil || len(got) != 2 || got[1] != ls[1] {
		t.Fatalf("links: %v %v", got, err)
	}
	ix := newIndex(nil, Config{Dims: 2, Metric: MetricL2, M: 4, EfConstruction: 8}, 1, Options{})
	b := encodeNode(nil, 9, 2, []float32{1.5, -2})
	gen, level, err := ix.decodeNodeHeader(b)
	v := make([]float32, 2)
	decodeFloats(v, b[nodeHeader:])
	if err != nil || gen != 9 || level != 2 || v[0] != 1.5 || v[1] != -2 {
		t.Fatalf("node: %d %d %v %v", gen, level, v, err)
	}
}

// FuzzDecode: corrupt index values are errors (XX001), never panics.
func FuzzDecode(f *testing.F) {
	f.Add(encodeConfig(Config{Dims: 3, Metric: MetricL2, M: 16, EfConstruction: 64}, 1))
	f.Add(encodeEntry(nil, entry{link{1, 2}, 3}))
	f.Add(encodeLinks(nil, []link{{1, 2}}))
	f.Add(encodeNode(nil, 1, 1, []float32{1, 2, 3}))
	f.Add([]byte{})
	ix := newIndex(nil, Config{Dims: 3, Metric: MetricL2, M: 4, EfConstruction: 8}, 1, Options{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if cfg, _, err := decodeConfig(b); err == nil {
			if cfg.validate() != nil {
				t.Fatalf("invalid config accepted: %+v", cfg)
			}
		} else if !isCode(err, "XX001") {
			t.Fatalf("config error %v", err)
		}
		if _, err := decodeEntry(b); err != nil && !isCode(err, "XX001") {
			t.Fatal(err)
		}
		if _, err := decodeLinks(nil, b); err != nil && !isCode(err, "XX001") {
			t.Fatal(err)
		}
		if _, _, err := ix.decodeNodeHeader(b); err == nil {
			decodeFloats(make([]float32, 3), b[nodeHeader:])
		} else if !isCode(err, "XX001") {
			t.Fatal(err)
		}
	})
}
