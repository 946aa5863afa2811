package session

import (
	"strconv"

	"github.com/zerodb/zerodb/errs"
)

// checkEfSearch validates SET hnsw.ef_search as pgvector does (1 .. 1000).
func checkEfSearch(val string) error {
	n, err := strconv.Atoi(val)
	if err != nil {
		return errs.New(errs.InvalidParameterValue, "invalid value for parameter \"hnsw.ef_search\": \"%s\"", val)
	}
	if n < 1 || n > 1000 {
		return errs.New(errs.InvalidParameterValue, "%d is outside the valid range for parameter \"hnsw.ef_search\" (1 .. 1000)", n)
	}
	return nil
}

// setting reads a setting's current value for the executor (exec.Env).
func (s *Session) setting(name string) (string, bool) {
	g, ok := s.settings.lookup(name)
	if !ok {
		return "", false
	}
	return g.value, true
}
