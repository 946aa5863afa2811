package zqlfe

import (
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// pathObject is an object being built from the fields of a literal, where
// a nested key ({ address.city: "Oslo" }) makes a nested object under its
// first name that the later path fields sharing that name add to. base is
// what a nested object starts from: the field of the record being updated
// in an update's patch (so `update({ address.city: "Oslo" })` keeps the
// other fields of address), nothing in a plain literal.
type pathObject struct {
	names []string
	vals  []plan.Expr
	kids  map[int]*pathObject // nested objects by their index in names
	base  plan.Expr
	pos   int
}

// hasPaths reports whether any field of o has a nested key.
func hasPaths(o *lang.Object) bool {
	for _, f := range o.Fields {
		if len(f.Path) > 0 {
			return true
		}
	}
	return false
}

// pathFields is objectFields for a literal with nested keys.
func (t *translator) pathFields(o *lang.Object, base plan.Expr) ([]string, []plan.Expr, error) {
	top := &pathObject{base: base, pos: t.at(o)}
	for _, f := range o.Fields {
		var v plan.Expr
		var err error
		if f.Value != nil {
			v, err = t.expr(f.Value)
		} else {
			v, err = t.shorthand(f)
		}
		if err != nil {
			return nil, nil, err
		}
		if err := t.setPath(top, append([]string{f.Key}, f.Path...), v, t.at(f)); err != nil {
			return nil, nil, err
		}
	}
	top.build()
	return top.names, top.vals, nil
}

func (t *translator) setPath(o *pathObject, path []string, v plan.Expr, pos int) error {
	name := path[0]
	at := -1
	for i := len(o.names) - 1; i >= 0; i-- {
		if o.names[i] == name {
			at = i
			break
		}
	}
	kid := o.kids[at]
	if len(path) == 1 {
		if kid != nil {
			return errAt(errs.SyntaxError, pos, "field %q is set both whole and through a nested key", name)
		}
		o.names, o.vals = append(o.names, name), append(o.vals, v)
		return nil
	}
	if kid == nil {
		if at >= 0 {
			return errAt(errs.SyntaxError, pos, "field %q is set both whole and through a nested key", name)
		}
		kid = &pathObject{pos: pos}
		if o.base != nil {
			kid.base = t.field(o.base, name, pos)
		}
		if o.kids == nil {
			o.kids = make(map[int]*pathObject)
		}
		o.kids[len(o.names)] = kid
		o.names, o.vals = append(o.names, name), append(o.vals, nil)
	}
	return t.setPath(kid, path[1:], v, pos)
}

// build fills in the values of the nested objects, innermost first. A
// nested object spreads its base, so a missing field starts it empty; a
// base that is not an object is an error when the update runs.
func (o *pathObject) build() {
	for i, kid := range o.kids {
		kid.build()
		o.vals[i] = objectCons(kid.pos, kid.names, kid.vals, kid.base)
	}
}
