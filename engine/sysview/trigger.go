package sysview

import (
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// TriggerOID is the stable OID of a table's trigger (its name cannot
// be a constraint's: a NUL byte sets it apart).
func TriggerOID(tableID uint64, name string) uint32 {
	return ConstraintOID(tableID, "trigger\x00"+name)
}

// relTriggers are the triggers of a table or view, and the OID of
// each.
func relTriggers(r *relInfo) ([]catalog.Trigger, func(name string) uint32) {
	switch {
	case r.kind == 'r' && r.table != nil:
		return r.table.Triggers, func(name string) uint32 { return TriggerOID(r.table.ID, name) }
	case r.kind == 'v' && r.view != nil:
		// A view has no id: its OID (a hash of its name) stands in.
		return r.view.Triggers, func(name string) uint32 { return ConstraintOID(uint64(r.oid), "view trigger\x00"+name) }
	}
	return nil, nil
}

// PostgreSQL's pg_trigger.tgtype bits.
const (
	tgRow     = 1 << 0
	tgBefore  = 1 << 1
	tgInstead = 1 << 6
)

// pgTrigger lists the tables' triggers.
func pgTrigger(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		triggers, oidOf := relTriggers(r)
		for i := range triggers {
			tg := &triggers[i]
			typ := int16(tg.Events)
			if !tg.Statement {
				typ |= tgRow
			}
			if tg.Before {
				typ |= tgBefore
			}
			if tg.Instead {
				typ |= tgInstead
			}
			enabled := byte('O')
			if tg.Disabled {
				enabled = 'D'
			}
			var attrs []int16
			for _, c := range tg.Columns {
				for k, col := range r.cols {
					if col.name == c {
						attrs = append(attrs, int16(k+1))
					}
				}
			}
			var args strings.Builder
			for _, a := range tg.Args {
				args.WriteString(a + `\000`)
			}
			var qual any
			if tg.When != "" {
				qual = tg.When
			}
			out.add(oidOf(tg.Name), r.oid, uint32(0), tg.Name, functionOID(tg.Function),
				typ, enabled, false, uint32(0),
				uint32(0), uint32(0), false,
				false, int16(len(tg.Args)), value.Int2Vector(attrs), args.String(),
				qual, nameOrNull(tg.OldTable), nameOrNull(tg.NewTable))
		}
	})
	return m.err
}

// triggerDefOf is pg_get_triggerdef of the trigger oid ("" when no
// trigger has it).
func triggerDefOf(e *Env, oid uint32, pretty bool) (value.Value, error) {
	rels, err := newModel(e).relations()
	if err != nil {
		return value.None, err
	}
	for i := range rels {
		r := &rels[i]
		triggers, oidOf := relTriggers(r)
		for k := range triggers {
			if tg := &triggers[k]; oidOf(tg.Name) == oid {
				schema := "public"
				if sc := e.userSchemaByOID(r.nsp); sc != nil {
					schema = sc.Name
				}
				return value.String(TriggerDef(schema, r.name, tg, pretty, !publicVisible(e))), nil
			}
		}
	}
	return value.None, nil
}

// publicVisible reports whether the session's search_path has public
// (pg_dump empties it: names of public are then qualified).
func publicVisible(e *Env) bool {
	if e.Session == nil {
		return true
	}
	sp, ok := e.Session.Setting("search_path")
	return !ok || strings.Contains(sp, "public")
}

// TriggerDef is the CREATE TRIGGER statement of tg on table, as
// PostgreSQL's pg_get_triggerdef writes it: pretty leaves the table
// unqualified (by schema otherwise), qualifyFunc qualifies the function (one of public, not
// on the search path).
func TriggerDef(schema, table string, tg *catalog.Trigger, pretty, qualifyFunc bool) string {
	var b strings.Builder
	b.WriteString("CREATE TRIGGER " + builtin.QuoteIdent(tg.Name))
	switch {
	case tg.Before:
		b.WriteString(" BEFORE")
	case tg.Instead:
		b.WriteString(" INSTEAD OF")
	default:
		b.WriteString(" AFTER")
	}
	var evs []string
	if tg.Events&catalog.TriggerInsert != 0 {
		evs = append(evs, "INSERT")
	}
	if tg.Events&catalog.TriggerDelete != 0 {
		evs = append(evs, "DELETE")
	}
	if tg.Events&catalog.TriggerUpdate != 0 {
		up := "UPDATE"
		if len(tg.Columns) > 0 {
			cols := make([]string, len(tg.Columns))
			for i, c := range tg.Columns {
				cols[i] = builtin.QuoteIdent(c)
			}
			up += " OF " + strings.Join(cols, ", ")
		}
		evs = append(evs, up)
	}
	if tg.Events&catalog.TriggerTruncate != 0 {
		evs = append(evs, "TRUNCATE")
	}
	b.WriteString(" " + strings.Join(evs, " OR ") + " ON ")
	if !pretty {
		b.WriteString(builtin.QuoteIdent(schema) + ".")
	}
	b.WriteString(builtin.QuoteIdent(table))
	if tg.HasTransition() {
		b.WriteString(" REFERENCING")
		if tg.OldTable != "" {
			b.WriteString(" OLD TABLE AS " + builtin.QuoteIdent(tg.OldTable))
		}
		if tg.NewTable != "" {
			b.WriteString(" NEW TABLE AS " + builtin.QuoteIdent(tg.NewTable))
		}
	}
	if tg.Statement {
		b.WriteString(" FOR EACH STATEMENT")
	} else {
		b.WriteString(" FOR EACH ROW")
	}
	if tg.When != "" {
		b.WriteString(" WHEN ((" + tg.When + "))")
	}
	b.WriteString(" EXECUTE FUNCTION ")
	if schema, fn, ok := strings.Cut(tg.Function, "."); ok {
		b.WriteString(builtin.QuoteIdent(schema) + "." + builtin.QuoteIdent(fn) + "(")
	} else {
		if qualifyFunc {
			b.WriteString("public.")
		}
		b.WriteString(builtin.QuoteIdent(tg.Function) + "(")
	}
	for i, a := range tg.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteLiteral(a))
	}
	b.WriteString(")")
	return b.String()
}

// nameOrNull is a name column's value: NULL for "".
func nameOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
