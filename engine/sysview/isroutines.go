package sysview

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
)

// information_schema.routines, parameters and triggers, over pg_proc's
// and pg_trigger's rows (procs.go, trigger.go) as PostgreSQL 15 defines
// them. zerodb has functions only (no procedures): routine_type is
// always FUNCTION.

// routineCols are information_schema.routines' columns: the SQL
// standard's many, most of them NULL in PostgreSQL too.
func routineCols() []col {
	spec := []any{
		"specific_catalog", tName, "specific_schema", tName, "specific_name", tName,
		"routine_catalog", tName, "routine_schema", tName, "routine_name", tName, "routine_type", tText,
		"module_catalog", tName, "module_schema", tName, "module_name", tName,
		"udt_catalog", tName, "udt_schema", tName, "udt_name", tName,
		"data_type", tText, "character_maximum_length", tInt4, "character_octet_length", tInt4,
		"character_set_catalog", tName, "character_set_schema", tName, "character_set_name", tName,
		"collation_catalog", tName, "collation_schema", tName, "collation_name", tName,
		"numeric_precision", tInt4, "numeric_precision_radix", tInt4, "numeric_scale", tInt4,
		"datetime_precision", tInt4, "interval_type", tText, "interval_precision", tInt4,
		"type_udt_catalog", tName, "type_udt_schema", tName, "type_udt_name", tName,
		"scope_catalog", tName, "scope_schema", tName, "scope_name", tName,
		"maximum_cardinality", tInt4, "dtd_identifier", tName, "routine_body", tText,
		"routine_definition", tText, "external_name", tText, "external_language", tText,
		"parameter_style", tText, "is_deterministic", tText, "sql_data_access", tText,
		"is_null_call", tText, "sql_path", tText, "schema_level_routine", tText,
		"max_dynamic_result_sets", tInt4, "is_user_defined_cast", tText, "is_implicitly_invocable", tText,
		"security_type", tText, "to_sql_specific_catalog", tName, "to_sql_specific_schema", tName,
		"to_sql_specific_name", tName, "as_locator", tText, "created", tTime,
		"last_altered", tTime, "new_savepoint_level", tText, "is_udt_dependent", tText,
		"result_cast_from_data_type", tText, "result_cast_as_locator", tText,
		"result_cast_char_max_length", tInt4, "result_cast_char_octet_length", tInt4,
		"result_cast_char_set_catalog", tName, "result_cast_char_set_schema", tName,
		"result_cast_char_set_name", tName, "result_cast_collation_catalog", tName,
		"result_cast_collation_schema", tName, "result_cast_collation_name", tName,
		"result_cast_numeric_precision", tInt4, "result_cast_numeric_precision_radix", tInt4,
		"result_cast_numeric_scale", tInt4, "result_cast_datetime_precision", tInt4,
		"result_cast_interval_type", tText, "result_cast_interval_precision", tInt4,
		"result_cast_type_udt_catalog", tName, "result_cast_type_udt_schema", tName,
		"result_cast_type_udt_name", tName, "result_cast_scope_catalog", tName,
		"result_cast_scope_schema", tName, "result_cast_scope_name", tName,
		"result_cast_maximum_cardinality", tInt4, "result_cast_dtd_identifier", tName,
	}
	return cols(spec...)
}

// specificName is a routine's specific_name: its name and OID, as
// PostgreSQL's nameconcatoid makes it.
func specificName(p *procInfo) string {
	return p.name + "_" + strconv.FormatUint(uint64(p.oid), 10)
}

// languageName is pg_language.lanname of a language OID.
func languageName(oid uint32) string {
	switch oid {
	case OIDSQLLanguage:
		return "sql"
	case OIDPLpgSQLLanguage:
		return "plpgsql"
	case OIDZQLLanguage:
		return "zql"
	}
	return "internal"
}

// sqlType is how information_schema describes a routine's result or
// parameter type: data_type (the SQL spelling of a pg_catalog type,
// ARRAY, or USER-DEFINED) and udt_schema and udt_name.
func (m *model) sqlType(oid uint32) (dataType, udtSchema, udtName string) {
	if bt, ok := findBuiltinType(oid); ok {
		if bt.elem != 0 && bt.len == -1 {
			return "ARRAY", PgCatalog, bt.name
		}
		dt, _ := FormatType(oid, -1)
		return dt, PgCatalog, bt.name
	}
	switch oid {
	case oidTrigger:
		return "trigger", PgCatalog, "trigger"
	case oidEventTrigger:
		return "event_trigger", PgCatalog, "event_trigger"
	}
	name, _ := formatType(m.e, []value.Value{value.Int(int64(oid)), value.None})
	if name.Kind() == value.KindString {
		return "USER-DEFINED", "public", strings.Trim(name.AsString(), `"`)
	}
	return "USER-DEFINED", "public", strconv.FormatUint(uint64(oid), 10)
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

// eachProc calls fn with every pg_proc row.
func (m *model) eachProc(fn func(p *procInfo)) error {
	ps, err := m.procs()
	if err != nil {
		return err
	}
	for i := range ps {
		fn(&ps[i])
	}
	return nil
}

func isRoutines(m *model, out *rowSet) error {
	db := m.dbName()
	return m.eachProc(func(p *procInfo) {
		dataType, udtSchema, udtName := m.sqlType(p.result)
		lang := languageName(p.lang)
		body := "EXTERNAL"
		if lang == "sql" {
			body = "SQL"
		}
		secdef := false
		if r := p.routine(); r != nil {
			secdef = r.SecurityDefiner
		}
		security := "INVOKER"
		if secdef {
			security = "DEFINER"
		}
		schema := m.nspName(p.nsp)
		out.add(db, schema, specificName(p),
			db, schema, p.name, "FUNCTION",
			nil, nil, nil,
			nil, nil, nil,
			dataType, nil, nil,
			nil, nil, nil,
			nil, nil, nil,
			nil, nil, nil,
			nil, nil, nil,
			db, udtSchema, udtName,
			nil, nil, nil,
			nil, "0", body,
			p.src, nil, strings.ToUpper(lang),
			"GENERAL", yesNo(p.volatile == 'i'), "MODIFIES",
			yesNo(p.strict), nil, "YES",
			int32(0), nil, nil,
			security, nil, nil,
			nil, "NO", nil,
			nil, nil, "NO",
			// The 24 result_cast_ columns: no routine is a cast.
			nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
			nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
	})
}

// parameterMode is the parameter_mode of a pg_proc.proargmodes code:
// VARIADIC is an IN parameter and a TABLE column an OUT one.
func parameterMode(code string) string {
	switch code {
	case "o", "t":
		return "OUT"
	case "b":
		return "INOUT"
	}
	return "IN"
}

func isParameters(m *model, out *rowSet) error {
	db := m.dbName()
	return m.eachProc(func(p *procInfo) {
		types := p.allArgs
		if types == nil {
			types = p.args
		}
		for j, t := range types {
			mode := "IN"
			if p.modes != nil {
				mode = parameterMode(p.modes[j])
			}
			var name, def any
			if j < len(p.argNames) && p.argNames[j] != "" {
				name = p.argNames[j]
			}
			if p.fn != nil && j < len(p.fn.Params) && p.fn.Params[j].IsIn() && p.fn.Params[j].Default != "" {
				def = p.fn.Params[j].Default
			}
			dataType, udtSchema, udtName := m.sqlType(t)
			out.add(db, m.nspName(p.nsp), specificName(p), int32(j+1),
				mode, "NO", "NO", name, dataType,
				nil, nil, nil, nil, nil, nil, nil, nil,
				nil, nil, nil, nil, nil, nil,
				db, udtSchema, udtName,
				nil, nil, nil, nil,
				strconv.Itoa(j+1), def)
		}
	})
}

// triggerCondition finds a trigger's WHEN condition in its definition
// as PostgreSQL's view does.
var triggerCondition = regexp.MustCompile(`.{35,} WHEN \((.+)\) EXECUTE FUNCTION`)

func isTriggers(m *model, out *rowSet) error {
	db := m.dbName()
	// A trigger is listed once for each of its events (not TRUNCATE),
	// in PostgreSQL's order.
	events := []struct {
		bit  uint8
		name string
	}{{catalog.TriggerInsert, "INSERT"}, {catalog.TriggerDelete, "DELETE"}, {catalog.TriggerUpdate, "UPDATE"}}
	m.each(func(r *relInfo) {
		triggers, _ := relTriggers(r)
		schema := m.nspName(r.nsp)
		for k := range triggers {
			tg := &triggers[k]
			timing := "AFTER"
			switch {
			case tg.Before:
				timing = "BEFORE"
			case tg.Instead:
				timing = "INSTEAD OF"
			}
			orientation := "ROW"
			if tg.Statement {
				orientation = "STATEMENT"
			}
			def := TriggerDef(schema, r.name, tg, false, !publicVisible(m.e))
			var cond any
			if mt := triggerCondition.FindStringSubmatch(def); mt != nil {
				cond = mt[1]
			}
			stmt := def
			if len(def) > 47 {
				stmt = def[47+strings.Index(def[47:], "EXECUTE FUNCTION"):]
			}
			for _, ev := range events {
				if tg.Events&ev.bit == 0 {
					continue
				}
				// action_order: the trigger's rank by name among the
				// table's of the same event, orientation and timing.
				order := int32(1)
				for x := range triggers {
					o := &triggers[x]
					if o.Events&ev.bit != 0 && o.Statement == tg.Statement && o.Before == tg.Before &&
						o.Instead == tg.Instead && o.Name < tg.Name {
						order++
					}
				}
				out.add(db, schema, tg.Name, ev.name,
					db, schema, r.name, order,
					cond, stmt, orientation, timing,
					nameOrNull(tg.OldTable), nameOrNull(tg.NewTable), nil, nil, nil)
			}
		}
	})
	return m.err
}
