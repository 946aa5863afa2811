package exec

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/zerodb/zerodb/engine/value"
)

// keyGen makes the keys of records written without one: ULID-style
// symbols of 26 lower-case Crockford base32 characters, a 48-bit
// millisecond timestamp followed by 80 bits that start random each
// millisecond and count up within it. Their text (and so their key
// encoding) sorts by creation time, and they stay unique and ordered even
// when many records are written in the same millisecond or the clock
// steps back (the last timestamp is kept then).
type keyGen struct {
	mu     sync.Mutex
	lastMS uint64
	tail   [10]byte
}

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// ulidLen is the length of a generated key's text.
const ulidLen = 26

func (g *keyGen) next(now time.Time) value.Value {
	var b [16]byte
	g.mu.Lock()
	g.step(uint64(now.UnixMilli()), &b)
	g.mu.Unlock()
	var out [ulidLen]byte
	encodeULID(&out, &b)
	return value.Symbol(string(out[:]))
}

// fill sets keys to len(keys) consecutive keys taken at now: what as many
// calls of next would give, for one lock and one allocation of text (the
// keys share one string). A bulk load (COPY) takes its keys this way; a
// block taken a moment before its rows are written sorts no differently
// among other writers' keys than keys taken per row would, as the block
// is reserved as a whole.
func (g *keyGen) fill(now time.Time, keys []value.Value) {
	buf := make([]byte, ulidLen*len(keys))
	ms := uint64(now.UnixMilli())
	var b [16]byte
	g.mu.Lock()
	for i := range keys {
		g.step(ms, &b)
		encodeULID((*[ulidLen]byte)(buf[i*ulidLen:]), &b)
	}
	g.mu.Unlock()
	text := string(buf)
	for i := range keys {
		keys[i] = value.Symbol(text[i*ulidLen : (i+1)*ulidLen])
	}
}

// step advances g to the next key at ms (a new millisecond starts a new
// random tail; the same or an earlier one counts up) and writes its 128
// bits to b. Requires g.mu.
func (g *keyGen) step(ms uint64, b *[16]byte) {
	if ms > g.lastMS {
		g.lastMS = ms
		_, _ = rand.Read(g.tail[:])
		g.tail[0] &= 0x7f // room to count up without carrying into the time
	} else {
		for i := len(g.tail) - 1; i >= 0; i-- {
			g.tail[i]++
			if g.tail[i] != 0 {
				break
			}
		}
	}
	ms = g.lastMS
	copy(b[6:], g.tail[:])
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
}

// encodeULID writes 128 bits as 26 base32 characters, most significant
// first (the first character carries the top 3 bits).
func encodeULID(out *[ulidLen]byte, b *[16]byte) {
	// Treat b as a 130-bit number with two leading zero bits.
	var acc uint32
	bits := 2
	j := 0
	for i := 0; i < 16; i++ {
		acc = acc<<8 | uint32(b[i])
		bits += 8
		for bits >= 5 {
			bits -= 5
			out[j] = crockford[(acc>>uint(bits))&31]
			j++
		}
	}
}
