package latency

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestRun(t *testing.T) {
	var calls atomic.Int64
	r, err := Run(3, 50, func(c, i int) error {
		if c < 0 || c >= 3 || i < 0 || i >= 50 {
			t.Errorf("op(%d, %d)", c, i)
		}
		calls.Add(1)
		return nil
	})
	if err != nil || calls.Load() != 150 || r.OpsPerSec <= 0 || r.P50 > r.P99 {
		t.Fatalf("%+v, %v, %d calls", r, err, calls.Load())
	}
	boom := errors.New("boom")
	if _, err := Run(2, 10, func(c, i int) error {
		if i == 5 {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if _, err := Run(0, 1, nil); err == nil {
		t.Fatal("0 clients: want an error")
	}
}
