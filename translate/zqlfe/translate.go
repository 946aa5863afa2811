package zqlfe

import (
	"context"
	"math"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
	"github.com/zerodb/zerodb/translate"
)

// Command tag verbs of ZQL statements. Every statement that yields values
// is tagged SELECT (the session appends the row count), whether or not it
// writes.
const (
	tagSelect          = "SELECT"
	tagLet             = "LET"
	tagCreateTable     = "CREATE TABLE"
	tagCreateDatabase  = "CREATE DATABASE"
	tagCreateNamespace = "CREATE NAMESPACE"
	tagDropTable       = "DROP TABLE"
)

// resultColumns are the columns of every ZQL result: one jsonb column
// named result (zql.md §12).
func resultColumns() []plan.Column {
	return []plan.Column{{Name: "result", Type: value.TypeJSONB}}
}

// Translate turns one statement into the plan the session runs, looking up
// tables, functions and session variables through r. The rules it applies
// are described in the package documentation.
//
// Errors are *errs.Error with a SQLSTATE and the 1-based character
// position, in the whole message, of the construct at fault.
func Translate(ctx context.Context, r translate.Resolver, s Stmt) (st *plan.Statement, err error) {
	return translateStmt(ctx, r, s, 0)
}

// TranslateArgs is Translate for a query its caller gives n arguments (SQL's
// zql(text, arg, ...)): its $1..$n read columns 0..n-1 of the outer row
// the plan runs under — the caller makes that row, and the plan the right
// side of a lateral join on it — rather than statement parameters. A $k
// beyond n, or a named one, is 42P02.
func TranslateArgs(ctx context.Context, r translate.Resolver, s Stmt, n int) (*plan.Statement, error) {
	return translateStmt(ctx, r, s, n)
}

func translateStmt(ctx context.Context, r translate.Resolver, s Stmt, args int) (st *plan.Statement, err error) {
	if s.stmt == nil || s.src == nil {
		return nil, errs.New(errs.InternalError, "zqlfe: Translate of a Stmt not made by Split")
	}
	t := newTranslator(ctx, r, s.src)
	t.args = args
	defer func() {
		// A bug must not take the server down: bad input is reported, and
		// FuzzTranslate looks for this message.
		if p := recover(); p != nil {
			st = nil
			err = errAt(errs.InternalError, t.pos(s.Start), "internal error in the ZQL translator: %v", p)
		}
	}()
	st, err = t.statement(s.stmt)
	if err == nil {
		err = t.argErr
	}
	if err == nil {
		err = t.checkKeyParams()
	}
	if err != nil {
		return nil, err
	}
	if st.Kind != plan.StmtDDL {
		st.Routines = t.sh.routines()
	}
	st.Text = s.Source()
	st.ParamTypes = t.paramTypes()
	return st, nil
}

// translator holds the state of one Translate (or CompilePredicate) call.
type translator struct {
	ctx context.Context
	r   translate.Resolver
	src *source

	scope  *scope
	frames []frameInfo
	// level is the row level of the expression being built: 0 for the
	// statement's root node (or its Eval), one more inside every Subquery
	// node and every lateral right side.
	level int
	// minRef is the lowest row level a column reference was made to since
	// it was last reset; a comprehension generator uses it to tell whether
	// its source depends on earlier generators (a lateral join).
	minRef int
	// writes records whether the plan writes records.
	writes bool
	// maxParam is the highest $N used.
	maxParam int
	// tables caches table lookups (nil: the table does not exist).
	tables map[string]*catalog.Table
	// sh is shared by every translator of the statement (function.go).
	sh *shared

	// fn names the stored function whose body is being compiled ("" for
	// anything else): its body sees no session variable, and writes and
	// statement parameters are recorded to be refused.
	fn string
	// wrote, writePos and writeWhat record the first write built.
	wrote     bool
	writePos  int
	writeWhat string
	// usedParam and paramPos record the first statement parameter used.
	usedParam bool
	paramPos  int
	// args is the number of arguments the caller gives (TranslateArgs):
	// with args > 0, $1..$args read the outer row's columns; argErr is
	// the first $ that names none.
	args   int
	argErr error
	// keyParamsUsed counts the key placeholders translated as parameters;
	// keyAsLiteral records one read as a constant (keyparam.go).
	keyParamsUsed int
	keyAsLiteral  bool
}

func newTranslator(ctx context.Context, r translate.Resolver, src *source) *translator {
	return &translator{ctx: ctx, r: r, src: src, scope: &scope{}, minRef: math.MaxInt, sh: &shared{
		funcs: make(map[string]*compiledFunc),
		enums: make(map[string]*catalog.Enum),
		types: make(map[string]*catalog.TypeDef),
	}}
}

// pos converts a byte offset in the message into a 1-based character
// position.
func (t *translator) pos(off int) int { return t.src.charPos(off) }

// at returns the position of a syntax node.
func (t *translator) at(n lang.Node) int { return t.pos(n.Pos()) }

// text is the source text of a syntax node.
func (t *translator) text(n lang.Node) string {
	b := n.Bounds()
	if b.Start < 0 || b.End > len(t.src.text) || b.Start > b.End {
		return ""
	}
	return t.src.text[b.Start:b.End]
}

func (t *translator) paramTypes() []value.Type {
	if t.maxParam == 0 {
		return nil
	}
	// ZQL values are untyped until run time: parameters are sent and
	// received like results, as jsonb.
	out := make([]value.Type, t.maxParam)
	for i := range out {
		out[i] = value.Any
	}
	return out
}

func (t *translator) statement(s lang.Stmt) (*plan.Statement, error) {
	switch s := s.(type) {
	case *lang.ExprStmt:
		return t.exprStatement(s.X)
	case *lang.Let:
		return t.letStatement(s)
	case *lang.Use:
		return t.useStatement(s)
	case *lang.Destroy:
		return t.destroyStatement(s)
	case *lang.Transaction:
		// A statement is already atomic (and inside BEGIN it joins the
		// block), so a transaction is just its block.
		x, err := t.block(s.Body)
		if err != nil {
			return nil, err
		}
		return t.evalStatement(x), nil
	case *lang.FuncDecl:
		return t.functionDecl(s)
	case *lang.Import:
		return t.importStatement(s)
	}
	return nil, errAt(errs.InternalError, t.at(s), "zqlfe: unknown statement %T", s)
}

// exprStatement translates an expression statement: a stream becomes the
// root node (one row per element), anything else an Eval of its value.
func (t *translator) exprStatement(x lang.Expr) (*plan.Statement, error) {
	switch x := x.(type) {
	case *lang.Call:
		if st, ok, err := t.ddlStatement(x); ok || err != nil {
			return st, err
		}
		if st, ok, err := t.explainStatement(x); ok || err != nil {
			return st, err
		}
	case *lang.RecordID:
		// A record id that is the whole statement is a read (package doc).
		e, err := t.readRecord(x)
		if err != nil {
			return nil, err
		}
		return t.evalStatement(e), nil
	}
	ok, err := t.isStream(x)
	if err != nil {
		return nil, err
	}
	if ok {
		s, err := t.stream(x)
		if err != nil {
			return nil, err
		}
		return t.resultStatement(t.node(s, t.at(x))), nil
	}
	e, err := t.expr(x)
	if err != nil {
		return nil, err
	}
	return t.evalStatement(e), nil
}

func (t *translator) evalStatement(x plan.Expr) *plan.Statement {
	return t.resultStatement(&plan.Eval{X: x})
}

func (t *translator) resultStatement(root plan.Node) *plan.Statement {
	kind := plan.StmtQuery
	if t.writes {
		kind = plan.StmtWrite
	}
	return &plan.Statement{
		Kind:        kind,
		Root:        root,
		Columns:     resultColumns(),
		Tag:         tagSelect,
		ReturnsRows: true,
		ZQL:         true,
	}
}

// letStatement binds a session variable, visible to later statements
// through Resolver.HasSessionVar.
func (t *translator) letStatement(s *lang.Let) (*plan.Statement, error) {
	x, err := t.expr(s.Value)
	if err != nil {
		return nil, err
	}
	set := &plan.SetSessionVar{At: at(t.at(s)), Name: s.Name.Name, X: x}
	if s.Type != nil {
		ty, err := t.typeOf(s.Type)
		if err != nil {
			return nil, err
		}
		// Checked where the value is computed (with the value's position,
		// and enums' variants), and again by the session.
		if set.X, err = t.checked(x, ty, t.at(s.Value)); err != nil {
			return nil, err
		}
		set.Type = &ty
	}
	return &plan.Statement{Kind: plan.StmtSet, Set: set, Tag: tagLet, ZQL: true}, nil
}

// useStatement switches the session's database: `use db.@shop` (a quoted
// symbol may name "namespace/db"), or `use namespace.@acme`, which selects
// the namespace's default database.
func (t *translator) useStatement(s *lang.Use) (*plan.Statement, error) {
	target := s.Name.Name
	switch s.Kind.Name {
	case "db", "database":
	case "namespace", "ns":
		target += "/" + catalog.DefaultDatabase
	default:
		return nil, errAt(errs.SyntaxError, t.at(s.Kind), "use takes db.@name or namespace.@name, not %s", s.Kind.Name)
	}
	return &plan.Statement{Kind: plan.StmtUse, UseDatabase: target, Tag: "USE", ZQL: true}, nil
}

// checked wraps x in a check of type ty (a typed let): a constant is
// checked now (42804 at pos), anything else when it is computed.
func (t *translator) checked(x plan.Expr, ty value.Type, pos int) (plan.Expr, error) {
	if ty.Kind == value.KindAny && !ty.Optional {
		return x, nil
	}
	if v, ok := constOf(x); ok {
		c, err := catalog.CheckValue(v, ty)
		if err != nil {
			return nil, withPos(err, pos)
		}
		return konst(x.Pos(), c), nil
	}
	return &plan.Cast{At: at(pos), X: x, To: ty, Check: true}, nil
}
