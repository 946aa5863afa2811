package session

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestTypeNameCache(t *testing.T) {
	calls := 0
	var mu sync.Mutex
	c := newTypeNameCache(func(s string) ([]string, bool, bool, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		if s == "bad" {
			return nil, false, false, errors.New("syntax error")
		}
		return []string{s}, s == "numeric(3)", s == "int4[]", nil
	})
	for _, c2 := range []struct {
		in             string
		typmods, array bool
		err            bool
	}{
		{in: "int4"}, {in: "numeric(3)", typmods: true}, {in: "int4[]", array: true}, {in: "bad", err: true},
	} {
		for range 3 {
			names, typmods, array, err := c.typeName(c2.in)
			if (err != nil) != c2.err || typmods != c2.typmods || array != c2.array || !c2.err && (len(names) != 1 || names[0] != c2.in) {
				t.Errorf("%q: %q %v %v %v", c2.in, names, typmods, array, err)
			}
		}
	}
	if calls != 4 {
		t.Errorf("%d readings for 4 names read 3 times each", calls)
	}
	// Full, it starts over rather than growing.
	var wg sync.WaitGroup
	for i := range maxTypeNames + 10 {
		wg.Add(1)
		go func() { defer wg.Done(); c.typeName(fmt.Sprint("t", i)) }()
	}
	wg.Wait()
	if n := len(c.read); n > maxTypeNames {
		t.Errorf("%d readings kept, at most %d", n, maxTypeNames)
	}
}
