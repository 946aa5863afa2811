package pgwire

import (
	"maps"
	"slices"

	"github.com/jackc/pgx/v5/pgproto3"
)

// ProcessIDSession is a Session that learns its BackendKeyData process ID
// (for pg_backend_pid and pg_cancel_backend).
type ProcessIDSession interface {
	SetProcessID(pid uint32)
}

// ReportingSession is a Session whose reported parameters (those of
// ParameterStatus) can change after start-up, with SET. Like PostgreSQL
// 14 and later, pgwire sends a ParameterStatus for each change just
// before ReadyForQuery.
type ReportingSession interface {
	// ChangedParameters returns the reported parameters whose values
	// changed since the last call (nil when none did).
	ChangedParameters() map[string]string
}

// sendChangedParameters sends ParameterStatus for the session's changed
// reported parameters.
func (c *conn) sendChangedParameters() error {
	rs, ok := c.sess.(ReportingSession)
	if !ok {
		return nil
	}
	changed := rs.ChangedParameters()
	for _, name := range slices.Sorted(maps.Keys(changed)) {
		if err := c.send(&pgproto3.ParameterStatus{Name: name, Value: changed[name]}); err != nil {
			return err
		}
	}
	return nil
}
