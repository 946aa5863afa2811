package session

import (
	"context"
	"slices"
	"strings"
	"unsafe"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// zqlKeyPrefix keeps the plan cache's ZQL shapes apart from SQL's (a
// normalized SQL text never starts with a NUL byte).
const zqlKeyPrefix = "\x00zql\x00"

// queryCachedZQL is queryCached for a ZQL message: the message is
// normalized (its number and string literals replaced by parameters,
// zqlfe.Normalize), the prepared statement of its shape is looked up in
// the DB's plan cache (or made and cached), and run with the literals as
// parameter values. done=false leaves the message to the ordinary path
// with nothing sent and nothing run: messages that do not normalize,
// shapes that do not translate with parameters (a literal that must be a
// constant), and statements other than queries and writes.
//
// A name may mean a session variable (`let`, `import`) in one session
// and a table or function in another, so the key holds the names of the
// session's variables (all a translation asks of them; their values are
// read at run time).
func (s *Session) queryCachedZQL(ctx context.Context, text string, w pgwire.ResultWriter) (done bool, err error) {
	c := s.db.plans
	if c == nil || s.failed || len(text) > maxCachedText {
		return false, nil
	}
	// The normalized text and the key live in the session's buffers: a
	// cache hit, the common case, keeps neither.
	n := &s.zqlNorm
	if !n.Renormalize(text) {
		return false, nil
	}
	s.zqlKey = append(append(append(s.zqlKey[:0], zqlKeyPrefix...), s.varNames()...), n.Text...)
	key := planKey{ns: s.database.Namespace, db: s.database.ID, text: unsafe.String(unsafe.SliceData(s.zqlKey), len(s.zqlKey))}
	p, found := c.get(key)
	if found && p == nil {
		return false, nil
	}
	if !found {
		key.text = string(s.zqlKey)
		n.Detach()
		if p = s.prepareZQLNormalized(ctx, n, key); p == nil {
			return false, nil
		}
	}
	err = s.runPrepared(ctx, p, n.Values, w)
	n.Values = nil // keep no values alive
	if _, ok := err.(retranslateError); ok {
		return false, nil
	}
	c.runs.Add(1)
	if err != nil {
		if e := errs.From(err); e.Position > 0 {
			cp := *e
			cp.Position = n.Position(e.Position)
			err = &cp
		}
	}
	return true, err
}

// prepareZQLNormalized translates a normalized ZQL message and caches the
// result, or a negative entry when the shape cannot be cached. nil sends
// the message down the ordinary path.
func (s *Session) prepareZQLNormalized(ctx context.Context, n *zqlfe.Normalized, key planKey) *prepared {
	stmts, err := n.Split()
	if err != nil || len(stmts) != 1 {
		s.db.plans.put(key, nil)
		return nil
	}
	txn, done, err := s.translateTxn(ctx)
	if err != nil {
		return nil
	}
	defer done()
	p, err := s.prepare(ctx, txn, stmtSource{zql: &stmts[0], text: n.Text})
	if err != nil {
		// A table that does not exist yet may be created: try the shape
		// again next time. Any other error may be the parameters' (a
		// literal the translation needs as a constant).
		if errs.Code(err) != errs.UndefinedTable {
			s.db.plans.put(key, nil)
		}
		return nil
	}
	if p.listed || len(p.st.ParamTypes) != len(n.Values) || (p.st.Kind != plan.StmtQuery && p.st.Kind != plan.StmtWrite) {
		// A translation that listed the catalog (db::describe) holds the
		// listing as a constant, which no descriptor check would refresh.
		s.db.plans.put(key, nil)
		return nil
	}
	if _, ok := p.st.Root.(*plan.ExplainStmt); ok {
		// EXPLAIN shows the statement's constants, not parameters.
		s.db.plans.put(key, nil)
		return nil
	}
	for _, o := range p.objects {
		if f, ok := o.obj.(*catalog.Function); ok && slices.ContainsFunc(f.Params, func(fp catalog.FuncParam) bool { return fp.Type != nil }) {
			// Constant arguments of a typed parameter are checked at
			// translation, with the argument's position.
			s.db.plans.put(key, nil)
			return nil
		}
	}
	if p.st.Kind == plan.StmtWrite {
		for _, tr := range p.tables {
			if tr.t.Schemafull {
				// A constant written into a schemafull table is checked
				// at translation, with the position of the bad field; a
				// parameter would be checked at run time.
				s.db.plans.put(key, nil)
				return nil
			}
		}
	}
	p.key = key
	s.db.plans.put(key, p)
	return p
}

// varNames is the session's variable names, sorted, each followed by a
// NUL byte ("" without variables).
func (s *Session) varNames() string {
	if len(s.vars) == 0 {
		return ""
	}
	names := make([]string, 0, len(s.vars))
	for name := range s.vars {
		names = append(names, name)
	}
	slices.Sort(names)
	return strings.Join(names, "\x00") + "\x00"
}
