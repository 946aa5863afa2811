package session

import "github.com/zerodb/zerodb/engine/exec"

// newPortal is a portal for Bind: the spare, when there is one, keeping
// its buffers.
func (x *extState) newPortal(name string, es *extStmt) *portal {
	pt := x.spare
	if pt == nil {
		return &portal{name: name, stmt: es}
	}
	x.spare = nil
	*pt = portal{
		name:    name,
		stmt:    es,
		params:  pt.params[:0],
		formats: pt.formats[:0],
		cols:    pt.cols[:0],
		bw:      binaryWriter{buf: pt.bw.buf[:0], vals: pt.bw.vals[:0], ends: pt.bw.ends[:0]},
		rw:      rowWriter{vals: pt.rw.vals[:0], buf: pt.rw.buf[:0], ends: pt.rw.ends[:0]},
		// The closed rows of its last query: executing the same plan
		// reopens them.
		doneRows: pt.doneRows,
	}
	return pt
}

// recycle closes a portal no longer reachable by name and keeps it as
// the spare.
func (x *extState) recycle(pt *portal) {
	pt.close()
	// The parameter values may hold large strings, the environment the
	// ended transaction: let them go now.
	clear(pt.params)
	pt.env = exec.Env{}
	x.spare = pt
}
