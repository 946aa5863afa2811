package kv

import (
	"fmt"
	"testing"
)

// FuzzWALTail writes arbitrary bytes where the newest log segment's
// records end, as a crash (or a disk) may leave them, and reopens the
// store. With sealed set the bytes become one record whose checksum is
// right, so the replay reaches the batch decoding too. The store must
// open with every acknowledged commit, or (a sealed record that is no
// batch) refuse to open with an error: never panic, never lose a commit.
func FuzzWALTail(f *testing.F) {
	f.Add([]byte{200, 0, 0, 0, 1, 2, 3, 4, 'k'}, false)
	f.Add([]byte{0xf0, 0xff, 0xff, 0xff, 1, 2, 3, 4}, false)
	f.Add([]byte{}, true)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 'k', 1, 'v'}, true)
	f.Add(make([]byte, 12), true)
	f.Fuzz(func(t *testing.T, tail []byte, sealed bool) {
		if len(tail) > 1<<16 {
			return
		}
		l := newClosedLog(t, 3)
		fs, num, end := l.fs, l.num, l.end
		if sealed {
			hdr, err := makeWALHeader(tail)
			if err != nil {
				t.Fatal(err)
			}
			rec := append(hdr[:], tail...)
			sealRecords(rec, nil, num, int64(end))
			tail = rec
		}
		if _, err := l.f.WriteAt(tail, int64(end)); err != nil {
			t.Fatal(err)
		}
		_ = l.f.Close()
		s, err := open("db", fs, Options{})
		if err != nil {
			if sealed {
				return // a checked record that is no batch: refused
			}
			t.Fatalf("a torn tail of the newest segment: %v", err)
		}
		defer s.Close()
		if !sealed {
			checkN(t, "torn tail", s, 3, "v")
			return
		}
		// A sealed record may be a batch that rewrites the keys; the
		// store must still read.
		ro := begin(t, s, true)
		defer ro.Rollback()
		for i := range 3 {
			if _, _, err := ro.Get(t.Context(), fmt.Appendf(nil, "k%05d", i)); err != nil {
				t.Fatal(err)
			}
		}
	})
}
