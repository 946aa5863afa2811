package zqlfe

import (
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/lang"
)

// keyParam is a record key that Normalize made a parameter: $n, whose
// values all have the given kind (value.KindInt or value.KindSymbol),
// written as a placeholder at byte offset off of the normalized text.
type keyParam struct {
	off  int
	n    int
	kind value.Kind
}

// keyParam reports the parameter a record key placeholder stands for.
func (t *translator) keyParam(s *lang.SymbolLit) (keyParam, bool) {
	if t.src == nil {
		return keyParam{}, false
	}
	for _, kp := range t.src.keyParams {
		if kp.off == s.Pos() {
			return kp, true
		}
	}
	return keyParam{}, false
}

// literalKey is the record key a symbol names, read as a constant. A key
// placeholder read so would be the placeholder's text: the translation
// is refused (checkKeyParams).
func (t *translator) literalKey(s *lang.SymbolLit) value.Value {
	t.keyRead(s)
	return symbolKey(s)
}

// keyRead notes that s is read as a constant.
func (t *translator) keyRead(s *lang.SymbolLit) {
	if _, ok := t.keyParam(s); ok {
		t.keyAsLiteral = true
	}
}

// errKeyParam refuses the translation of a normalized message whose key
// placeholder cannot be a parameter; the session then runs the original.
func errKeyParam(t *translator, s *lang.SymbolLit) error {
	return errAt(errs.FeatureNotSupported, t.at(s), "a record key here must be a constant")
}

// checkKeyParams fails when a key placeholder was read as a constant or
// not read at all.
func (t *translator) checkKeyParams() error {
	if t.src.keyParams == nil {
		return nil
	}
	if t.keyAsLiteral || t.keyParamsUsed < len(t.src.keyParams) {
		return errs.New(errs.FeatureNotSupported, "a record key of this statement must be a constant")
	}
	return nil
}

// fieldOfKeyParam translates t.@$n.f, a field of the record whose key is
// a parameter: the field of a point get of the record (as readRecord
// makes for a constant key), or none. It takes only the keys that need no
// conversion to the table's key type, which convertKey would check at
// translation, and fields other than id (which a record id has even when
// its record does not exist).
func (t *translator) fieldOfKeyParam(e *lang.FieldAccess, rid *lang.RecordID, kp keyParam) (plan.Expr, error) {
	tb, err := t.table(rid.Table.Name, t.at(rid.Table))
	if err != nil {
		return nil, err
	}
	if _, isIndex := tupleIndex(e.Name); isIndex || e.Name == "id" || !keyParamFits(tb, kp.kind) {
		return nil, errKeyParam(t, rid.Key)
	}
	if err := t.checkFieldRead(tb, e); err != nil {
		return nil, err
	}
	t.keyParamsUsed++
	return t.recordField(tb, rid, t.param(&lang.Param{Span: rid.Key.Span, Index: kp.n}), e)
}

// recordField is field e.Name of the record of table tb with the given
// key (converted to the table's key type), or none: a point get inside a
// subquery, whose table is resolved at translation rather than by name
// at every read (as following a record id does).
func (t *translator) recordField(tb *catalog.Table, rid *lang.RecordID, key plan.Expr, e *lang.FieldAccess) (plan.Expr, error) {
	// The field is read inside the subquery, from the stored object: no
	// record view is made.
	pos := t.at(rid)
	t.level++
	s, err := t.scan(tb, &plan.KeySpan{Point: key}, pos)
	if err != nil {
		t.level--
		return nil, err
	}
	n := t.project(s.node, t.field(t.ref(&s.el, pos), e.Name, t.at(e))).node
	t.level--
	return &plan.Subquery{At: at(pos), Node: n, Mode: plan.SubFirst}, nil
}

// keyParamFits reports whether every key of kind k is a key of tb as it
// is: for a constant key convertKey would return it unchanged.
func keyParamFits(tb *catalog.Table, k value.Kind) bool {
	kt := keyType(tb)
	switch {
	case kt == nil:
		return len(tb.PrimaryKey) <= 1
	case k == value.KindInt:
		return kt.Kind == value.KindInt && kt.Width == value.I64
	case k == value.KindSymbol:
		return kt.Kind == value.KindSymbol
	}
	return false
}

// recordIDOfKeyParam is t.@$n where it starts a traversal: the record
// id built from the parameter, as recordIDValue builds it from a constant
// key (which needs the table to exist to convert the key; keys that need
// no conversion only, as for fieldOfKeyParam). ok is false when rid's key
// is no placeholder.
func (t *translator) recordIDOfKeyParam(rid *lang.RecordID) (x plan.Expr, ok bool, err error) {
	kp, ok := t.keyParam(rid.Key)
	if !ok {
		return nil, false, nil
	}
	tb, err := t.table(rid.Table.Name, t.at(rid.Table))
	if err != nil {
		return nil, true, err
	}
	if !keyParamFits(tb, kp.kind) {
		return nil, true, errKeyParam(t, rid.Key)
	}
	t.keyParamsUsed++
	return &plan.RecordIDCons{At: at(t.at(rid)), Table: rid.Table.Name, Key: t.param(&lang.Param{Span: rid.Key.Span, Index: kp.n})}, true, nil
}
