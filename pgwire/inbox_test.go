package pgwire

import (
	"testing"

	"pgregory.net/rapid"
)

// TestInboxFIFO: frames come out in the order they went in, whatever the
// interleaving of puts and takes, and a queue that never runs empty
// (a COPY's stream) keeps its slice within a small multiple of the
// frames it holds.
func TestInboxFIFO(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		q := newInbox(1 << 30)
		next, want := 0, 0
		maxLive := 0
		for _, put := range rapid.SliceOfN(rapid.Bool(), 0, 2000).Draw(rt, "ops") {
			if put {
				q.put(frame{typ: byte(next), body: make([]byte, 0, next+1)})
				next++
			} else if f, ok := q.take(); ok {
				if cap(f.body) != want+1 {
					rt.Fatalf("took frame %d, want %d", cap(f.body)-1, want)
				}
				want++
			} else if want != next {
				rt.Fatalf("queue empty with %d frames put and %d taken", next, want)
			}
			maxLive = max(maxLive, next-want)
			if c := cap(q.frames); c > 4*maxLive+8 {
				rt.Fatalf("slice of %d for at most %d queued frames", c, maxLive)
			}
		}
		for ; want < next; want++ {
			if f, ok := q.take(); !ok || cap(f.body) != want+1 {
				rt.Fatalf("frame %d missing at the end", want)
			}
		}
	})
}

// TestInboxStreamStaysSmall: a consumer one step behind a producer for
// 100,000 frames (a COPY) never lets the queue run empty; the slice must
// not grow with the frames that passed through.
func TestInboxStreamStaysSmall(t *testing.T) {
	q := newInbox(1 << 30)
	for i := 0; i < 8; i++ {
		q.put(frame{})
	}
	for i := 0; i < 100000; i++ {
		q.put(frame{})
		if _, ok := q.take(); !ok {
			t.Fatal("queue ran empty")
		}
	}
	if c := cap(q.frames); c > 64 {
		t.Fatalf("slice of %d for 9 queued frames", c)
	}
}
