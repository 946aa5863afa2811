package plan

// Pointer is e in pointer form (PointerForm), or e itself when it
// already is.
func Pointer(e Expr) Expr {
	p, _ := PointerForm(e)
	return p
}

// PointerForm returns the pointer form of an expression built as a plain
// struct (Const{} instead of &Const{}): both satisfy Expr, and
// code that matches expression kinds matches pointers. converted is false
// (and e is returned unchanged) when e is not such a plain struct.
func PointerForm(e Expr) (p Expr, converted bool) {
	switch e := e.(type) {
	case Const:
		return &e, true
	case ColRef:
		return &e, true
	case Local:
		return &e, true
	case Param:
		return &e, true
	case SessionVar:
		return &e, true
	case Field:
		return &e, true
	case Index:
		return &e, true
	case Binary:
		return &e, true
	case Unary:
		return &e, true
	case Call:
		return &e, true
	case Apply:
		return &e, true
	case Closure:
		return &e, true
	case Block:
		return &e, true
	case Let:
		return &e, true
	case SetSessionVar:
		return &e, true
	case ObjectCons:
		return &e, true
	case ListCons:
		return &e, true
	case TupleCons:
		return &e, true
	case RangeCons:
		return &e, true
	case RecordIDCons:
		return &e, true
	case RecordView:
		return &e, true
	case If:
		return &e, true
	case Cast:
		return &e, true
	case Subquery:
		return &e, true
	case Match:
		return &e, true
	}
	return e, false
}
