package zqlfe

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// Static checks of records written to schemafull tables (zql.md §13: a
// semantic error comes before any write, with its position). The
// executor validates every record it writes (engine/exec validate); for
// the parts of a record written as constants the same rules are applied
// here, so that the error names the place in the text and no record of
// the statement is written before it:
//
//   - a field the schema does not declare: 42703, at the field;
//   - a value of the wrong type (or not a variant of an enum): 42804, at
//     the value;
//   - a required field missing from a whole record: 23502, at the record.
//
// Asserts are left to the executor (their predicates run there; its
// error carries the record's position). Tables made by SQL are left to
// the executor too, which applies SQL's assignment conversions to them.

// fieldPositions maps the fields of an object literal to the positions of
// their key and value; anything else has only its own position.
type fieldPositions struct {
	all    int
	keys   map[string]int
	values map[string]int
}

func (t *translator) positionsOf(e lang.Expr) fieldPositions {
	fp := fieldPositions{all: t.at(e)}
	if o, ok := e.(*lang.Object); ok {
		fp.keys = make(map[string]int, len(o.Fields))
		fp.values = make(map[string]int, len(o.Fields))
		for _, f := range o.Fields {
			fp.keys[f.Key] = t.at(f)
			if f.Value != nil {
				fp.values[f.Key] = t.at(f.Value)
			} else {
				fp.values[f.Key] = t.at(f)
			}
		}
	}
	return fp
}

func (fp fieldPositions) key(name string) int {
	if p, ok := fp.keys[name]; ok {
		return p
	}
	return fp.all
}

func (fp fieldPositions) value(name string) int {
	if p, ok := fp.values[name]; ok {
		return p
	}
	return fp.all
}

// checkRecord checks the constant object written to tb (when x is one).
// whole is set for a record that replaces every field (add, put,
// replace); a patch merged into a stored record (update) is checked field
// by field only.
func (t *translator) checkRecord(tb *catalog.Table, x plan.Expr, src lang.Expr, whole bool) error {
	if !staticallyChecked(tb) {
		return nil
	}
	v, ok := constOf(x)
	if !ok || v.Kind() != value.KindObject {
		return nil
	}
	obj := v.AsObject()
	fp := t.positionsOf(src)
	_, _, declaredID := tb.FieldByName("id")
	idNamesRecord := !declaredID && len(tb.PrimaryKey) == 0
	for i := 0; i < obj.Len(); i++ {
		name, _ := obj.At(i)
		if name == "id" && idNamesRecord {
			continue
		}
		if _, _, ok := tb.FieldByName(name); !ok {
			return errAt(errs.UndefinedColumn, fp.key(name), "column %q of relation %q does not exist", name, tb.Name)
		}
	}
	for i := range tb.Fields {
		f := &tb.Fields[i]
		fv, present := obj.Get(f.Name)
		if !present || fv.IsNone() {
			if whole && !f.HasDefault && !f.Optional && !f.Type.Optional {
				return errAt(errs.NotNullViolation, fp.all, "null value in column %q of relation %q violates not-null constraint", f.Name, tb.Name)
			}
			continue
		}
		if _, err := catalog.CheckValue(fv, f.Type); err != nil {
			e := errs.From(err)
			return errAt(e.Code, fp.value(f.Name), "field %q of table %q: %s", f.Name, tb.Name, e.Message)
		}
	}
	return nil
}

// staticallyChecked reports whether records of tb are checked here: a
// schemafull table with fields, made by ZQL.
func staticallyChecked(tb *catalog.Table) bool {
	return tb != nil && tb.Schemafull && len(tb.Fields) > 0 && tb.CreatedBy != "sql"
}

// checkPatch checks the constant fields of an update's patch object.
func (t *translator) checkPatch(tb *catalog.Table, o *lang.Object, names []string, vals []plan.Expr) error {
	if !staticallyChecked(tb) {
		return nil
	}
	fp := t.positionsOf(o)
	for i, name := range names {
		f, _, ok := tb.FieldByName(name)
		if !ok {
			if name == "id" {
				continue
			}
			return errAt(errs.UndefinedColumn, fp.key(name), "column %q of relation %q does not exist", name, tb.Name)
		}
		v, isConst := constOf(vals[i])
		if !isConst || v.IsNone() {
			continue
		}
		if _, err := catalog.CheckValue(v, f.Type); err != nil {
			e := errs.From(err)
			return errAt(e.Code, fp.value(name), "field %q of table %q: %s", name, tb.Name, e.Message)
		}
	}
	return nil
}
