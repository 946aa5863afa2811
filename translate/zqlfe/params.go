package zqlfe

import "github.com/zerodb/zerodb/lang"

// NamedParam is the first $name parameter of a statement and its 1-based
// character position in the message.
type NamedParam struct {
	Name     string
	Position int
}

// FirstNamedParam finds the first $name parameter the statement uses, in
// source order. The wire protocol binds parameters by position only, so
// the session refuses a statement with one before translating it; the Go
// API binds them by name.
func (s Stmt) FirstNamedParam() (NamedParam, bool) {
	if s.stmt == nil || s.src == nil {
		return NamedParam{}, false
	}
	var found *lang.Param
	var visit func(n lang.Node) bool
	visit = func(n lang.Node) bool {
		if p, ok := n.(*lang.Param); ok && p.Name != "" {
			found = p
			return false
		}
		eachChild(n, visit)
		return found == nil
	}
	visit(s.stmt)
	if found == nil {
		return NamedParam{}, false
	}
	return NamedParam{Name: found.Name, Position: s.src.charPos(found.Pos())}, true
}
