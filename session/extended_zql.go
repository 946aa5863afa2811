package session

import (
	"context"

	"github.com/zerodb/zerodb/engine/exec"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/zqlfe"
)

// prepareZQLExt is Parse for a ZQL statement. ZQL values carry their type
// at run time, so a parameter's type is the client's to choose
// (docs/zql.md, "Parameters"): a declared type is described back and
// its values convert by that type (int8 → int, jsonb → the document's
// value, ...); an undeclared parameter is described as text and its
// value is a string. $name parameters have no position on the wire: they
// are refused here (the Go API binds them).
func (s *Session) prepareZQLExt(ctx context.Context, es *extStmt, text string, declared []uint32) error {
	stmts, err := zqlfe.Split(text)
	if err != nil {
		return hintSQLTypo(text, err)
	}
	switch len(stmts) {
	case 0:
		es.desc = &pgwire.StatementDescription{ParamTypes: []uint32{}}
		return nil
	case 1:
	default:
		return errs.New(errs.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	if np, ok := stmts[0].FirstNamedParam(); ok {
		e := errs.New(errs.FeatureNotSupported, "parameter $%s cannot be bound over the wire", np.Name)
		e.Hint = "The extended query protocol binds parameters by position: write $1, $2, ... (named parameters are for the Go API)."
		e.Position = np.Position
		return e
	}
	txn, done, err := s.extTranslateTxn(ctx)
	if err != nil {
		return err
	}
	defer done()
	p, err := s.prepare(ctx, txn, stmtSource{zql: &stmts[0], text: text})
	if err != nil {
		return err
	}
	n := max(len(declared), len(p.st.ParamTypes))
	desc := &pgwire.StatementDescription{ParamTypes: make([]uint32, n)}
	types := make([]value.Type, n)
	for i := range n {
		oid := uint32(0)
		if i < len(declared) {
			oid = declared[i]
		}
		t, err := zqlParamType(oid, i+1)
		if err != nil {
			return err
		}
		if oid == 0 || oid == value.OIDUnknown {
			oid = value.OIDText
		}
		desc.ParamTypes[i], types[i] = oid, t
	}
	if p.st.ReturnsRows {
		desc.Columns = append([]pgwire.Column{}, p.shape.cols...)
	}
	es.p, es.desc, es.paramTypes = p, desc, types
	return nil
}

// zqlParamType is the type a ZQL parameter's Bind value is read as.
func zqlParamType(oid uint32, n int) (value.Type, error) {
	if oid == 0 || oid == value.OIDUnknown {
		return value.TypeText, nil
	}
	t := value.TypeOfOID(oid)
	if t.IsJSONText() {
		t = value.TypeJSONB // ZQL reads a json parameter as the document, as jsonb
	}
	if t.Kind == value.KindAny && !t.JSON {
		return value.Type{}, errs.New(errs.FeatureNotSupported, "parameter $%d: type OID %d is not supported for ZQL parameters", n, oid)
	}
	return t, nil
}

// extTranslateTxn is the transaction Parse translates in: the block's,
// the batch's, or a read-only snapshot of its own (done ends it).
func (s *Session) extTranslateTxn(ctx context.Context) (txn kv.Txn, done func(), err error) {
	if x := s.extState(); s.txn == nil && x.rw != nil {
		return x.rw, func() {}, nil
	} else if s.txn == nil && x.ro != nil {
		return x.ro, func() {}, nil
	}
	return s.translateTxn(ctx)
}

// zqlRows yields a ZQL statement's result values one per row: a statement
// whose value is a list (a stream, run to completion by Eval) sends one
// row per element (plan.Statement.ZQL).
func zqlRows(st *plan.Statement, rows exec.Rows) exec.Rows {
	if _, ok := st.Root.(*plan.Eval); !ok || !st.ZQL {
		return rows
	}
	return &flatRows{rows: rows}
}

type flatRows struct {
	rows  exec.Rows
	elems []value.Value // the rest of the current list
	row   [1]value.Value
}

func (f *flatRows) Next() bool {
	for {
		if len(f.elems) > 0 {
			f.row[0], f.elems = f.elems[0], f.elems[1:]
			return true
		}
		if !f.rows.Next() {
			return false
		}
		v := f.rows.Row()[0]
		if v.Kind() != value.KindList {
			f.row[0] = v
			return true
		}
		f.elems = v.AsList()
	}
}

func (f *flatRows) Row() []value.Value { return f.row[:] }
func (f *flatRows) Err() error         { return f.rows.Err() }
func (f *flatRows) Close()             { f.rows.Close() }
