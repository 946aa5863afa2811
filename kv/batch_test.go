package kv

import (
	"bytes"
	"errors"
	"testing"

	"pgregory.net/rapid"
)

func TestBatchBasics(t *testing.T) {
	var b Batch
	key := []byte("k1")
	val := []byte("v1")
	b.Put(key, val)
	b.Delete([]byte("k2"))
	b.Put([]byte("k3"), nil)
	// The batch owns copies: mutating the caller's slices changes nothing.
	key[0], val[0] = 'X', 'X'
	if b.Len() != 3 {
		t.Fatalf("Len = %d", b.Len())
	}
	want := []Op{
		{OpPut, []byte("k1"), []byte("v1")},
		{OpDelete, []byte("k2"), nil},
		{OpPut, []byte("k3"), []byte{}},
	}
	for i, w := range want {
		if got := b.Op(i); !opEqual(got, w) {
			t.Errorf("op %d = %v, want %v", i, got, w)
		}
	}
	b.Reset()
	if b.Len() != 0 {
		t.Fatalf("Len after Reset = %d", b.Len())
	}
}

func TestBatchBigValues(t *testing.T) {
	var b Batch
	big := bytes.Repeat([]byte("x"), 3*minArenaChunk)
	for i := range 10 {
		b.Put([]byte{byte(i)}, big[:i*minArenaChunk/3])
	}
	got, err := UnmarshalBatch(b.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if !opEqual(got.Op(i), b.Op(i)) || len(b.Op(i).Value) != i*minArenaChunk/3 {
			t.Fatalf("op %d differs", i)
		}
	}
}

func opEqual(a, b Op) bool {
	return a.Kind == b.Kind && bytes.Equal(a.Key, b.Key) && bytes.Equal(a.Value, b.Value)
}

func TestUnmarshalBatchErrors(t *testing.T) {
	var ok Batch
	ok.Put([]byte("a"), []byte("b"))
	good := ok.Marshal()
	tests := map[string][]byte{
		"empty":          nil,
		"bad version":    {9, 0},
		"no count":       {batchVersion},
		"count too big":  {batchVersion, 5, 1, 0},
		"unknown kind":   {batchVersion, 1, 7, 0},
		"truncated key":  {batchVersion, 1, 1, 5, 'a'},
		"missing value":  {batchVersion, 1, 1, 1, 'a'},
		"trailing bytes": append(bytes.Clone(good), 0),
		"truncated":      good[:len(good)-1],
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := UnmarshalBatch(in); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestBatchRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var b Batch
		n := rapid.IntRange(0, 20).Draw(t, "n")
		for range n {
			key := rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, "key")
			switch rapid.IntRange(0, 2).Draw(t, "kind") {
			case 0:
				b.Delete(key)
			case 1:
				b.DeleteRange(key, rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, "end"))
			default:
				b.Put(key, rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(t, "value"))
			}
		}
		data := b.Marshal()
		got, err := UnmarshalBatch(data)
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != b.Len() {
			t.Fatalf("Len %d, want %d", got.Len(), b.Len())
		}
		for i := range b.Len() {
			if !opEqual(got.Op(i), b.Op(i)) {
				t.Fatalf("op %d = %v, want %v", i, got.Op(i), b.Op(i))
			}
		}
		if again := got.Marshal(); !bytes.Equal(again, data) {
			t.Fatalf("re-marshal differs")
		}
		// The decoded batch must not alias the input.
		clear(data)
		for i := range b.Len() {
			if !opEqual(got.Op(i), b.Op(i)) {
				t.Fatalf("decoded batch aliases its input")
			}
		}
	})
}

func FuzzUnmarshalBatch(f *testing.F) {
	var b Batch
	b.Put([]byte("key"), []byte("value"))
	b.Delete([]byte("gone"))
	b.DeleteRange([]byte("a"), []byte("b"))
	f.Add(b.Marshal())
	f.Add([]byte{batchVersion, 0})
	f.Add([]byte{batchVersion, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := UnmarshalBatch(in)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error does not wrap ErrCorrupt: %v", err)
			}
			return
		}
		// Accepted input is canonical except for non-minimal varints, so
		// compare decoded contents rather than bytes.
		again, err := UnmarshalBatch(got.Marshal())
		if err != nil {
			t.Fatalf("re-unmarshal: %v", err)
		}
		if again.Len() != got.Len() {
			t.Fatalf("round trip changed length")
		}
		for i := range got.Len() {
			if !opEqual(again.Op(i), got.Op(i)) {
				t.Fatalf("round trip changed op %d", i)
			}
		}
	})
}
