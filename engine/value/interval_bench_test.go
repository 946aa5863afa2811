package value

import (
	"hash/maphash"
	"testing"
	"time"
)

// Interval work per value, through the API shared with the nanosecond
// duration it replaced: text in and out, timestamp + interval, compare,
// hash, key and record encodings.
func BenchmarkInterval(b *testing.B) {
	ts := Datetime(time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC), false)
	for _, text := range []string{"01:30:00", "1 day 02:03:04"} {
		iv, err := ParseText(text, TypeInterval)
		if err != nil {
			b.Fatal(err)
		}
		other, _ := ParseText("25:00:00", TypeInterval)
		b.Run("parse/"+text, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := ParseText(text, TypeInterval); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("text/"+text, func(b *testing.B) {
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf, _ = AppendText(buf[:0], iv, TypeInterval)
			}
		})
		b.Run("addts/"+text, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Arith(Add, ts, iv); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("compare/"+text, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if Compare(iv, other) == 2 {
					b.Fatal()
				}
			}
		})
		b.Run("hash/"+text, func(b *testing.B) {
			var h maphash.Hash
			for i := 0; i < b.N; i++ {
				h.Reset()
				Hash(&h, iv)
			}
		})
		b.Run("key/"+text, func(b *testing.B) {
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf, _ = AppendKey(buf[:0], iv)
			}
		})
		b.Run("codec/"+text, func(b *testing.B) {
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf = Encode(buf[:0], iv)
				if _, err := Decode(buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
