package session

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/sysview"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
)

// SQL cursors (DECLARE, FETCH, MOVE, CLOSE) are portals, as in
// PostgreSQL: they share the extended protocol's portal names (Bind of a
// portal named like an open cursor is 42P03) and run the way a portal
// does (openPortal), with the cursor's position on top.
//
// A cursor reads a view of its transaction as it was at DECLARE
// (kv.View), so the block's later writes stay out of it, as in
// PostgreSQL. It streams: a cursor that only moves forward keeps no row.
// A SCROLL cursor keeps the rows read so far, so that it can move back
// (it reads ahead only as far as a FETCH asks, so FETCH LAST reads to the
// end). Without SCROLL a cursor moves forward only (55000), except a
// WITH HOLD one, which ends up in memory anyway; PostgreSQL decides by
// the plan when neither SCROLL nor NO SCROLL is given.
//
// A cursor ends with its transaction, or with a rollback to a savepoint
// older than it; WITH HOLD keeps it past COMMIT: the rows it has still
// to give are read into memory at the commit (and at once for a WITH
// HOLD cursor declared outside a block), as PostgreSQL materializes
// holdable cursors then.

// cursor is a portal's state as a SQL cursor.
type cursor struct {
	opts *plan.Cursor
	// scroll: the cursor may move backward (SCROLL; WITH HOLD without NO
	// SCROLL too, since it is read into memory anyway), so it keeps the
	// rows it read.
	scroll bool
	// view is the transaction the cursor reads (nil once held).
	view kv.Txn
	// inBlock: the cursor was declared in the open block, and ends
	// with it (unless held at its commit). depth is the number of
	// savepoints the block had at DECLARE: a rollback to one of them ends
	// the cursor.
	inBlock bool
	depth   int
	// PostgreSQL's portal position (pquery.c): atStart, atEnd and pos,
	// the number of the current row (the last one read forward).
	atStart, atEnd bool
	pos            int64
	// keep: rows read are kept in rows (a SCROLL cursor, a held one);
	// rows[0] is row base+1. Without keep, base counts the rows read.
	keep      bool
	rows      [][]value.Value
	base      int64
	exhausted bool // the query has no more rows
	declared  time.Time
}

// portalCtx is the context a portal's query runs in when it outlives
// the statement that started it (a cursor; a suspended portal under
// statement_timeout, whose context ends with each Execute): each FETCH
// or Execute points it at its own statement's context, so that a cancel
// or statement timeout stops that one and the end of one does not end
// the portal.
type portalCtx struct {
	cur atomic.Pointer[context.Context]
}

func newPortalCtx(ctx context.Context) *portalCtx {
	c := &portalCtx{}
	c.set(ctx)
	return c
}

func (c *portalCtx) set(ctx context.Context)                 { c.cur.Store(&ctx) }
func (c *portalCtx) ctx() context.Context                    { return *c.cur.Load() }
func (c *portalCtx) Deadline() (deadline time.Time, ok bool) { return c.ctx().Deadline() }
func (c *portalCtx) Done() <-chan struct{}                   { return c.ctx().Done() }
func (c *portalCtx) Err() error                              { return c.ctx().Err() }
func (c *portalCtx) Value(key any) any                       { return c.ctx().Value(key) }

// cursorCommand runs DECLARE, FETCH, MOVE or CLOSE. txn is the statement's
// transaction; fetchOut is the portal a FETCH runs from in the extended
// protocol (nil in the simple one), whose result formats its rows take.
func (s *Session) cursorCommand(ctx context.Context, txn kv.Txn, p *prepared, params []value.Value, w pgwire.ResultWriter, fetchOut *portal) (string, error) {
	c := p.st.Cursor
	switch p.st.Kind {
	case plan.StmtDeclare:
		return p.st.Tag, s.declare(ctx, txn, p, params, w)
	case plan.StmtCloseCursor:
		if c.Name == "" {
			s.closeCursors(func(*cursor) bool { return true })
			return p.st.Tag, nil
		}
		pt, err := s.cursorNamed(c.Name)
		if err != nil {
			return "", err
		}
		s.closeCursor(pt)
		return p.st.Tag, nil
	}
	pt, err := s.cursorNamed(c.Name)
	if err != nil {
		return "", err
	}
	var out *rowWriter
	if !c.Move {
		src := pt
		if fetchOut != nil {
			src = fetchOut
		}
		out = pt.cursorWriter(w, src)
	}
	pt.runCtx.set(ctx)
	n, err := pt.cur.fetch(pt, c, out)
	if err != nil {
		return "", err
	}
	if out != nil {
		if err := out.columns(); err != nil {
			return "", err
		}
	}
	return countTag(p.st.Tag, int(n)), nil
}

// cursorWriter readies the cursor pt's row writer to send its rows
// through w in the formats of src: the cursor's own, or those the FETCH
// portal src was bound with.
func (pt *portal) cursorWriter(w pgwire.ResultWriter, src *portal) *rowWriter {
	src.bw.reset(w, src.formats, src.cols, pt.p.shape.types)
	pt.rw.reset(&src.bw, pt.p.st, resultShape{cols: src.cols, types: pt.p.shape.types})
	return &pt.rw
}

// executeCursor is Execute of a cursor's portal: the next maxRows rows
// (all when 0) in the cursor's formats, then "SELECT n", or suspension
// when the cursor is not known to be at its end (PortalRun of
// PostgreSQL, which allows this too).
func (s *Session) executeCursor(ctx context.Context, pt *portal, maxRows int, w pgwire.ResultWriter) (suspended bool, err error) {
	count := plan.FetchAll
	if maxRows > 0 {
		count = int64(maxRows)
	}
	pt.runCtx.set(ctx)
	n, err := pt.cur.run(pt, true, count, pt.cursorWriter(w, pt))
	if err != nil {
		return false, err
	}
	if !pt.cur.atEnd {
		return true, nil
	}
	return false, w.Complete(countTag("SELECT", int(n)))
}

// cursorNamed is the open cursor name (34000 when there is none).
func (s *Session) cursorNamed(name string) (*portal, error) {
	if s.ext != nil {
		if pt, ok := s.ext.portals[name]; ok && pt.cur != nil {
			return pt, nil
		}
	}
	return nil, errs.New(errs.InvalidCursorName, "cursor %q does not exist", name)
}

// fetchColumns are the columns a FETCH returns (nil for MOVE, or when
// its cursor does not exist), for Describe.
func (s *Session) fetchColumns(st *plan.Statement) []pgwire.Column {
	if st.Kind != plan.StmtFetch || st.Cursor.Move {
		return nil
	}
	pt, err := s.cursorNamed(st.Cursor.Name)
	if err != nil {
		return nil
	}
	return pt.p.shape.cols
}

// declare opens the cursor of a DECLARE prepared as p.
func (s *Session) declare(ctx context.Context, txn kv.Txn, p *prepared, params []value.Value, w pgwire.ResultWriter) error {
	c := p.st.Cursor
	if s.txn == nil && !c.Hold {
		return errs.New(errs.NoActiveSQLTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	x := s.extState()
	if _, ok := x.portals[c.Name]; ok {
		return errs.New(errs.DuplicateCursor, "cursor %q already exists", c.Name)
	}
	view, err := kv.View(txn)
	if err != nil {
		return err
	}
	pt := x.newPortal(c.Name, &extStmt{p: p})
	pt.params = append(pt.params, params...)
	pt.cols = append(pt.cols, p.shape.cols...)
	for i := range pt.cols {
		f := int16(0)
		if c.Binary {
			if !binaryResultSupported(pt.cols[i].TypeOID) {
				view.Rollback()
				return errs.New(errs.FeatureNotSupported, "binary format is not supported for result column %q (type OID %d)", pt.cols[i].Name, pt.cols[i].TypeOID)
			}
			f = 1
		}
		pt.cols[i].Format = f
		pt.formats = append(pt.formats, f)
	}
	cur := &cursor{opts: c, view: view, inBlock: s.txn != nil, depth: len(s.savepoints), atStart: true, declared: time.Now()}
	cur.scroll = c.Scroll || c.Hold && !c.NoScroll
	cur.keep = cur.scroll
	pt.runCtx = newPortalCtx(ctx)
	if err := s.openPortal(pt.runCtx, pt, p, view, w, false); err != nil {
		view.Rollback()
		return err
	}
	pt.cur = cur
	x.portals[c.Name] = pt
	if s.txn == nil {
		// Declared WITH HOLD in the statement's own transaction, which
		// ends now.
		if err := cur.hold(pt); err != nil {
			s.closeCursor(pt)
			return err
		}
	}
	return nil
}

// closeCursor ends a cursor's portal.
func (s *Session) closeCursor(pt *portal) {
	x := s.extState()
	delete(x.portals, pt.name)
	cur := pt.cur
	pt.cur = nil
	x.recycle(pt)
	if cur.view != nil {
		cur.view.Rollback()
	}
}

// closeCursors ends the cursors for which end says so.
func (s *Session) closeCursors(end func(*cursor) bool) {
	if s.ext == nil {
		return
	}
	for _, pt := range s.ext.portals {
		if pt.cur != nil && end(pt.cur) {
			s.closeCursor(pt)
		}
	}
}

// endCursors ends the block's cursors with the block. At a commit
// (commit set) its WITH HOLD cursors are read to the end and stay (an
// error then fails the commit, and they end too) and its other cursors
// end; keepCursors then makes the held ones the session's, unless the
// commit fails: endCursors(false) then ends them too, as it ends all
// the block's cursors at a rollback. Cursors held by an earlier commit
// stay either way.
func (s *Session) endCursors(ctx context.Context, commit bool) error {
	if s.ext == nil {
		return nil
	}
	var err error
	if commit {
		for _, pt := range s.ext.portals {
			if cur := pt.cur; cur != nil && cur.inBlock && cur.opts.Hold {
				pt.runCtx.set(ctx)
				if err = cur.hold(pt); err != nil {
					break
				}
			}
		}
	}
	s.closeCursors(func(c *cursor) bool { return c.inBlock && (!commit || err != nil || !c.opts.Hold) })
	return err
}

// keepCursors makes the cursors a commit held the session's.
func (s *Session) keepCursors() {
	if s.ext == nil {
		return
	}
	for _, pt := range s.ext.portals {
		if pt.cur != nil {
			pt.cur.inBlock = false
		}
	}
}

// rollbackCursors ends the cursors declared since savepoint i of the
// block was taken (ROLLBACK TO it); release says the savepoint is
// released instead, and its cursors belong to the one before.
func (s *Session) rollbackCursors(i int, release bool) {
	if s.ext == nil {
		return
	}
	if !release {
		s.closeCursors(func(c *cursor) bool { return c.inBlock && c.depth > i })
		return
	}
	for _, pt := range s.ext.portals {
		if c := pt.cur; c != nil && c.depth > i {
			c.depth = i
		}
	}
}

// hold reads the rest of the cursor's rows into memory and ends its
// view: the cursor no longer needs its transaction.
func (c *cursor) hold(pt *portal) error {
	c.keep = true
	for !c.exhausted {
		if _, _, err := c.row(pt, c.base+int64(len(c.rows))+1); err != nil {
			return err
		}
	}
	pt.close()
	pt.env = exec.Env{}
	c.view.Rollback()
	c.view = nil
	return nil
}

// row returns row i (from 1) of the cursor's query; ok is false past the
// last row. Without keep only the next row can be asked for.
func (c *cursor) row(pt *portal, i int64) (row []value.Value, ok bool, err error) {
	for i > c.base+int64(len(c.rows)) {
		if c.exhausted {
			return nil, false, nil
		}
		if !pt.rows.Next() {
			if err := pt.rows.Err(); err != nil {
				return nil, false, err
			}
			c.exhausted = true
			return nil, false, nil
		}
		if c.keep {
			c.rows = append(c.rows, append([]value.Value(nil), pt.rows.Row()...))
			continue
		}
		if c.base++; c.base == i {
			return pt.rows.Row(), true, nil
		}
	}
	if i <= c.base {
		return nil, false, errs.New(errs.InternalError, "cursor %q: row %d is gone", pt.name, i)
	}
	return c.rows[i-c.base-1], true, nil
}

func errScanForward() error {
	e := errs.New(errs.ObjectNotInPrerequisite, "cursor can only scan forward")
	e.Hint = "Declare it with SCROLL option to enable backward scan."
	return e
}

// fetch runs FETCH (out set: the rows are sent through it) or MOVE (out
// nil) and returns the count of its tag: PostgreSQL's DoPortalRunFetch.
func (c *cursor) fetch(pt *portal, f *plan.Cursor, out *rowWriter) (int64, error) {
	dir, count := f.Direction, f.Count
	switch dir {
	case plan.FetchForward:
		if count < 0 {
			dir, count = plan.FetchBackward, -count
		}
	case plan.FetchBackward:
		if count < 0 {
			dir, count = plan.FetchForward, -count
		}
	case plan.FetchAbsolute:
		switch {
		case count > 0:
			// Rewind and go forward, or move relative to where the
			// cursor is when that is closer.
			if count-1 < c.pos/2 {
				if err := c.rewind(); err != nil {
					return 0, err
				}
				if count > 1 {
					if _, err := c.run(pt, true, count-1, nil); err != nil {
						return 0, err
					}
				}
			} else {
				pos := c.pos
				if c.atEnd {
					pos++
				}
				var err error
				if count <= pos {
					_, err = c.run(pt, false, pos-count+1, nil)
				} else if count > pos+1 {
					_, err = c.run(pt, true, count-pos-1, nil)
				}
				if err != nil {
					return 0, err
				}
			}
			return c.run(pt, true, 1, out)
		case count < 0:
			if _, err := c.run(pt, true, plan.FetchAll, nil); err != nil {
				return 0, err
			}
			if count < -1 {
				if _, err := c.run(pt, false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.run(pt, false, 1, out)
		}
		if err := c.rewind(); err != nil {
			return 0, err
		}
		return c.run(pt, true, 0, out)
	case plan.FetchRelative:
		switch {
		case count > 0:
			if count > 1 {
				if _, err := c.run(pt, true, count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.run(pt, true, 1, out)
		case count < 0:
			if count < -1 {
				if _, err := c.run(pt, false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.run(pt, false, 1, out)
		}
		dir = plan.FetchForward
	}
	forward := dir == plan.FetchForward
	if count == 0 {
		// The current row, if the cursor is on one.
		onRow := !c.atStart && !c.atEnd
		if out == nil {
			if onRow {
				return 1, nil
			}
			return 0, nil
		}
		if onRow {
			if _, err := c.run(pt, false, 1, nil); err != nil {
				return 0, err
			}
			count, forward = 1, true
		}
	}
	if !forward && count == plan.FetchAll && out == nil {
		// MOVE BACKWARD ALL is a rewind.
		n := c.pos
		if n > 0 && !c.atEnd {
			n--
		}
		return n, c.rewind()
	}
	return c.run(pt, forward, count, out)
}

// rewind moves the cursor before its first row (DoPortalRewind).
func (c *cursor) rewind() error {
	if c.atStart && !c.atEnd {
		return nil
	}
	if !c.scroll {
		return errScanForward()
	}
	c.atStart, c.atEnd, c.pos = true, false, 0
	return nil
}

// run reads up to count rows forward or backward, sending them through
// out unless it is nil, and moves the cursor (PortalRunSelect).
func (c *cursor) run(pt *portal, forward bool, count int64, out *rowWriter) (int64, error) {
	if !forward && !c.scroll {
		return 0, errScanForward()
	}
	if count <= 0 || forward && c.atEnd || !forward && c.atStart {
		return 0, nil
	}
	var n int64
	next, step := c.pos+1, int64(1)
	if !forward {
		next, step = c.pos-1, -1
		if c.atEnd {
			next = c.pos
		}
	}
	for ; n < count && next >= 1; next += step {
		row, ok, err := c.row(pt, next)
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		if out != nil {
			if err := out.row(row); err != nil {
				return n, err
			}
		}
		n++
	}
	if forward {
		if n > 0 {
			c.atStart = false
		}
		if n < count {
			c.atEnd = true
		}
		c.pos += n
		return n, nil
	}
	if n > 0 && c.atEnd {
		c.atEnd = false
		c.pos++
	}
	if n < count {
		c.atStart, c.pos = true, 0
	} else {
		c.pos -= n
	}
	return n, nil
}

// Cursors implements sysview.Session (pg_cursors).
func (s *Session) Cursors() []sysview.Cursor {
	if s.ext == nil {
		return nil
	}
	var out []sysview.Cursor
	for _, pt := range s.ext.portals {
		if c := pt.cur; c != nil {
			out = append(out, sysview.Cursor{Name: pt.name, Statement: pt.stmt.p.src.text, Holdable: c.opts.Hold,
				Binary: c.opts.Binary, Scrollable: c.scroll, Created: c.declared})
		}
	}
	return out
}
