package kv

import "github.com/cockroachdb/pebble"

// comparer is Pebble's default byte order with a Split that makes every
// key its own prefix (what Pebble assumes without one), so that
// SeekPrefixGE works and uses the bloom filters. The name is the
// default's: existing stores open unchanged.
func comparer() *pebble.Comparer {
	c := *pebble.DefaultComparer
	c.Split = func(a []byte) int { return len(a) }
	return &c
}
