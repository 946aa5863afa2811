package pgwire

// ProcessIDSession is a Session that learns its BackendKeyData process ID
// (for pg_backend_pid and pg_cancel_backend).
type ProcessIDSession interface {
	SetProcessID(pid uint32)
}
