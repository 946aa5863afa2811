package sysview

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// Func is a function that reads the catalog or the session: the
// functions PostgreSQL's tools call next to the catalogs (format_type,
// pg_get_indexdef, ...) and the session's (current_user, set_config,
// pg_cancel_backend, ...). The SQL front end finds them as sql::<Name>
// when the builtin registry has no function of that name; the executor
// calls them with the statement's Env.
type Func struct {
	Name             string
	MinArgs, MaxArgs int
	// Strict functions yield NULL for a NULL argument without being called.
	Strict bool
	Result value.Type
	Fn     func(e *Env, args []value.Value) (value.Value, error)
}

// StableFunc reports whether the function of that name gives the same
// result for the same arguments throughout a statement: the reg casts
// and to_reg lookups, which read the statement's catalog.
func StableFunc(name string) bool {
	switch name {
	case "regclass", "regtype", "regnamespace", "regproc", "regrole",
		"to_regclass", "to_regtype", "to_regnamespace", "to_regproc", "to_regprocedure", "to_regrole", "to_regoper", "to_regoperator":
		return true
	}
	return false
}

// ParamTypes are the types untyped arguments of f take, by position, as
// PostgreSQL's signatures give them (OIDs are bigint here).
func (f *Func) ParamTypes() []value.Type {
	switch f.Name {
	case "pg_cancel_backend":
		return []value.Type{value.TypeInt4}
	case "pg_notify":
		return []value.Type{value.TypeText, value.TypeText}
	case "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
		"pg_advisory_xact_lock", "pg_advisory_xact_lock_shared", "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared",
		"pg_advisory_unlock", "pg_advisory_unlock_shared":
		// bigint for the one-key form; the two-key form's are integers.
		return []value.Type{value.TypeInt8, value.TypeInt4}
	case "format_type":
		return []value.Type{tOID, value.TypeInt4}
	case "pg_get_userbyid", "pg_table_is_visible", "pg_type_is_visible", "pg_stat_reset_single_table_counters",
		"pg_opclass_is_visible", "pg_opfamily_is_visible", "pg_operator_is_visible", "pg_conversion_is_visible",
		"pg_collation_is_visible", "pg_ts_config_is_visible", "pg_ts_dict_is_visible", "pg_ts_parser_is_visible",
		"pg_ts_template_is_visible", "pg_tablespace_location", "pg_get_statisticsobjdef", "pg_get_statisticsobjdef_columns",
		"pg_get_statisticsobjdef_expressions", "pg_statistics_obj_is_visible":
		return []value.Type{tOID}
	case "pg_get_indexdef":
		return []value.Type{tOID, value.TypeInt4, value.TypeBool}
	case "pg_get_constraintdef", "pg_get_triggerdef":
		return []value.Type{tOID, value.TypeBool}
	case "pg_get_viewdef":
		// PostgreSQL has a text form beside the oid one, and an untyped
		// literal picks it: pg_get_viewdef('v') names the view.
		return []value.Type{value.TypeText, value.TypeBool}
	case "obj_description":
		return []value.Type{tOID, tName}
	case "col_description":
		return []value.Type{tOID, value.TypeInt4}
	case "nextval", "currval":
		return []value.Type{value.TypeText}
	case "setval":
		return []value.Type{value.TypeText, value.TypeInt8, value.TypeBool}
	case "pg_get_serial_sequence":
		return []value.Type{value.TypeText, value.TypeText}
	}
	return largeObjectParams(f.Name)
}

// LookupFunc finds a function by its SQL name.
func LookupFunc(name string) (*Func, bool) {
	for i := range funcs {
		if funcs[i].Name == name {
			return &funcs[i], true
		}
	}
	return nil, false
}

// void stands for PostgreSQL's void result (pg_sleep, pg_advisory_lock):
// not NULL, shown empty; zerodb has no void type, so it is an empty text.
var (
	voidType = value.TypeText
	void     = value.String("")
)

// Version is what version() reports: PostgreSQL's format, which clients
// parse for the server version, naming zerodb.
const Version = "PostgreSQL 15.0 (zerodb 0.1) on x86_64-pc-linux-gnu, compiled by Go, 64-bit"

var funcs []Func

func init() { funcs = append(funcDefs(), largeObjectFuncs()...) }

func funcDefs() []Func {
	return append(statisticsFuncs(), []Func{
		{"version", 0, 0, false, value.TypeText, func(*Env, []value.Value) (value.Value, error) {
			return value.String(Version), nil
		}},
		{"current_database", 0, 0, false, tName, currentDatabase},
		{"current_catalog", 0, 0, false, tName, currentDatabase},
		{"current_schema", 0, 0, false, tName, func(e *Env, _ []value.Value) (value.Value, error) {
			return value.String(pathSchemaNames(e)[0]), nil
		}},
		{"current_schemas", 1, 1, true, tTextArray, func(e *Env, a []value.Value) (value.Value, error) {
			var out []value.Value
			if a[0].Kind() == value.KindBool && a[0].AsBool() {
				if e.Temp != nil {
					out = append(out, value.String(e.Temp.Name))
				}
				out = append(out, value.String(PgCatalog))
			}
			for _, n := range pathSchemaNames(e) {
				out = append(out, value.String(n))
			}
			return value.List(out), nil
		}},
		{"current_user", 0, 0, false, tName, currentUser},
		{"session_user", 0, 0, false, tName, sessionUser},
		{"user", 0, 0, false, tName, currentUser},
		{"current_role", 0, 0, false, tName, currentUser},
		{"current_setting", 1, 2, true, value.TypeText, currentSetting},
		{"set_config", 3, 3, false, value.TypeText, setConfig},
		{"txid_current", 0, 0, false, tInt8, transactionID(true)},
		{"pg_current_xact_id", 0, 0, false, tInt8, transactionID(true)},
		{"txid_current_if_assigned", 0, 0, false, tInt8, transactionID(false)},
		{"pg_current_xact_id_if_assigned", 0, 0, false, tInt8, transactionID(false)},
		{"pg_current_wal_lsn", 0, 0, false, value.TypePgLSN, walPosition(false)},
		{"pg_current_wal_flush_lsn", 0, 0, false, value.TypePgLSN, walPosition(false)},
		{"pg_current_wal_insert_lsn", 0, 0, false, value.TypePgLSN, walPosition(true)},
		{"pg_postmaster_start_time", 0, 0, false, tTime, serverStart},
		{"pg_conf_load_time", 0, 0, false, tTime, serverStart},
		{"pg_backend_pid", 0, 0, false, value.TypeInt4, func(e *Env, _ []value.Value) (value.Value, error) {
			s, err := e.session()
			if err != nil {
				return value.None, err
			}
			return value.IntW(int64(s.BackendPID()), value.I32), nil
		}},
		{"pg_cancel_backend", 1, 1, true, value.TypeBool, cancelBackend},
		// current_query(): the text of the statement running, as
		// pg_stat_activity shows it for the session.
		{"current_query", 0, 0, false, value.TypeText, func(e *Env, _ []value.Value) (value.Value, error) {
			s, err := e.session()
			if err != nil {
				return value.None, err
			}
			pid := s.BackendPID()
			for _, a := range s.Activity() {
				if a.PID == pid {
					return value.String(a.Query), nil
				}
			}
			return value.None, nil
		}},
		{"pg_export_snapshot", 0, 0, false, value.TypeText, func(e *Env, _ []value.Value) (value.Value, error) {
			s, err := e.session()
			if err != nil {
				return value.None, err
			}
			id, err := s.ExportSnapshot(e.Ctx, e.Txn)
			return value.String(id), err
		}},
		{"inet_server_addr", 0, 0, false, value.TypeInet, connAddr(true, false)},
		{"inet_server_port", 0, 0, false, value.TypeInt4, connAddr(true, true)},
		{"inet_client_addr", 0, 0, false, value.TypeInet, connAddr(false, false)},
		{"inet_client_port", 0, 0, false, value.TypeInt4, connAddr(false, true)},
		{"pg_stat_reset", 0, 0, false, voidType, statReset},
		{"pg_stat_reset_single_table_counters", 1, 1, true, voidType, statResetTable},
		{"pg_stat_statements_reset", 0, 3, false, voidType, statStatementsReset},
		// zerodb's counters are shared the moment a statement ends:
		// there is nothing to flush.
		{"pg_stat_force_next_flush", 0, 0, false, voidType, func(*Env, []value.Value) (value.Value, error) { return void, nil }},
		// Not strict: NULL is an empty channel name (an error) or an
		// empty payload, as in PostgreSQL.
		{"pg_notify", 2, 2, false, voidType, pgNotify},
		// The rows of pg_listening_channels() (the SQL front end calls
		// it in FROM, or lifts it there from a select list).
		{"srf_pg_listening_channels", 0, 0, false, value.Any, func(e *Env, _ []value.Value) (value.Value, error) {
			s, err := e.session()
			if err != nil {
				return value.None, err
			}
			chans := s.ListeningChannels()
			rows := make([]value.Value, len(chans))
			for i, c := range chans {
				rows[i] = value.String(c)
			}
			return value.List(value.Tuples1(rows)), nil
		}},
		// The rows of pg_partition_ancestors(regclass): a partition and
		// the partitioned tables above it, nearest first; a partitioned
		// table alone; nothing for other relations, as in PostgreSQL.
		{"srf_pg_partition_ancestors", 1, 1, true, value.Any, func(e *Env, a []value.Value) (value.Value, error) {
			r, err := relArg(e, a[0])
			if err != nil || r == nil || (relKind(r) != 'p' && !isPartition(r)) {
				return value.List(nil), err
			}
			m := newModel(e)
			var rows []value.Value
			for ; r != nil; r = m.parentRel(r) {
				rows = append(rows, value.Int(int64(r.oid)))
			}
			return value.List(value.Tuples1(rows)), nil
		}},
		{"nextval", 1, 1, true, value.TypeInt8, nextval},
		{"currval", 1, 1, true, value.TypeInt8, currval},
		{"lastval", 0, 0, false, value.TypeInt8, lastval},
		{"setval", 2, 3, true, value.TypeInt8, setval},
		{"pg_get_serial_sequence", 2, 2, true, value.TypeText, serialSequence},
		{"pg_advisory_lock", 1, 2, true, voidType, advisoryLock(AdvisoryMode{})},
		{"pg_advisory_lock_shared", 1, 2, true, voidType, advisoryLock(AdvisoryMode{Shared: true})},
		{"pg_advisory_xact_lock", 1, 2, true, voidType, advisoryLock(AdvisoryMode{Xact: true})},
		{"pg_advisory_xact_lock_shared", 1, 2, true, voidType, advisoryLock(AdvisoryMode{Xact: true, Shared: true})},
		{"pg_try_advisory_lock", 1, 2, true, value.TypeBool, advisoryLock(AdvisoryMode{Try: true})},
		{"pg_try_advisory_lock_shared", 1, 2, true, value.TypeBool, advisoryLock(AdvisoryMode{Try: true, Shared: true})},
		{"pg_try_advisory_xact_lock", 1, 2, true, value.TypeBool, advisoryLock(AdvisoryMode{Try: true, Xact: true})},
		{"pg_try_advisory_xact_lock_shared", 1, 2, true, value.TypeBool, advisoryLock(AdvisoryMode{Try: true, Xact: true, Shared: true})},
		{"pg_advisory_unlock", 1, 2, true, value.TypeBool, advisoryUnlock(false)},
		{"pg_advisory_unlock_shared", 1, 2, true, value.TypeBool, advisoryUnlock(true)},
		{"pg_advisory_unlock_all", 0, 0, false, voidType, func(e *Env, _ []value.Value) (value.Value, error) {
			s, err := e.session()
			if err != nil {
				return value.None, err
			}
			s.AdvisoryUnlockAll()
			return void, nil
		}},
		{"pg_sleep", 1, 1, true, voidType, pgSleep},
		{"setseed", 1, 1, true, voidType, setSeed},
		{"format_type", 2, 2, false, value.TypeText, formatType},
		{"pg_get_userbyid", 1, 1, true, tName, func(e *Env, a []value.Value) (value.Value, error) {
			oid, err := oidArg(a[0])
			if err != nil {
				return value.None, err
			}
			name, err := newModel(e).roleName(oid)
			if name == "" {
				name = fmt.Sprintf("unknown (OID=%d)", oid)
			}
			return value.String(name), err
		}},
		{"pg_table_is_visible", 1, 1, true, value.TypeBool, func(e *Env, a []value.Value) (value.Value, error) {
			r, err := relArg(e, a[0])
			if err != nil || r == nil {
				return value.None, err
			}
			return value.Bool(visible(e, r)), nil
		}},
		{"pg_my_temp_schema", 0, 0, false, tOID, func(e *Env, _ []value.Value) (value.Value, error) {
			if e.Temp == nil {
				return value.Int(0), nil
			}
			return value.Int(int64(TempSchemaOID(e.Temp.Name))), nil
		}},
		{"pg_type_is_visible", 1, 1, true, value.TypeBool, func(e *Env, a []value.Value) (value.Value, error) {
			oid, err := oidArg(a[0])
			if err != nil {
				return value.None, err
			}
			nsp, ok, err := typeNamespace(e, oid)
			if err != nil || !ok {
				return value.Bool(true), err // a builtin type
			}
			return value.Bool(slices.Contains(searchPathOIDs(e), nsp)), nil
		}},
		{"pg_function_is_visible", 1, 1, true, value.TypeBool, func(_ *Env, a []value.Value) (value.Value, error) {
			return value.Bool(true), nil
		}},
		// Operator classes and families, operators, conversions,
		// collations and text search objects are pg_catalog's, always on
		// the path (psql's \dd, \do, \dc, \dO and \dF ask).
		{"pg_opclass_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_opfamily_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_operator_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_conversion_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_collation_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_ts_config_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_ts_dict_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_ts_parser_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		{"pg_ts_template_is_visible", 1, 1, true, value.TypeBool, alwaysVisible},
		// The one tablespace, pg_default, is the data directory's, for
		// which PostgreSQL shows an empty location (psql's \db).
		{"pg_tablespace_location", 1, 1, true, value.TypeText, func(_ *Env, a []value.Value) (value.Value, error) {
			return value.String(""), nil
		}},
		{"pg_get_expr", 2, 3, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			// adbin and indexprs hold SQL text already, as the
			// non-pretty form shows it: pretty drops the parentheses
			// around the whole, as PostgreSQL's ruleutils does. A
			// generation expression and an index predicate are the
			// stored text, which ruleutils' printing shows with its
			// casts.
			if text, ok := storedExprOf(e, a); ok {
				return value.String(text), nil
			}
			if pretty(a) && a[0].Kind() == value.KindString {
				return value.String(predicateDef(a[0].AsString(), true)), nil
			}
			return a[0], nil
		}},
		{"pg_get_indexdef", 1, 3, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			r, err := relArg(e, a[0])
			if err != nil || r == nil || r.kind != 'i' {
				return value.None, err
			}
			if len(a) > 1 {
				if n := a[1].AsInt(); n > 0 {
					switch {
					case int(n) <= len(r.cols):
						return value.String(indexPart(e, r, int(n)-1, pretty(a))), nil
					case int(n) <= len(r.cols)+len(r.include):
						return value.String(builtin.QuoteIdent(r.include[int(n)-1-len(r.cols)].name)), nil
					}
					return value.String(""), nil
				}
			}
			return value.String(indexDef(e, r, pretty(a))), nil
		}},
		{"pg_get_triggerdef", 1, 2, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			oid, err := oidArg(a[0])
			if err != nil {
				return value.None, err
			}
			return triggerDefOf(e, oid, len(a) > 1 && a[1].Kind() == value.KindBool && a[1].AsBool())
		}},
		{"pg_get_constraintdef", 1, 2, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			oid, err := oidArg(a[0])
			if err != nil {
				return value.None, err
			}
			pretty := len(a) > 1 && a[1].Kind() == value.KindBool && a[1].AsBool()
			if def, err := domainCheckDef(e, oid, pretty); err != nil || def != "" {
				return value.String(def), err
			}
			rels, err := newModel(e).relations()
			if err != nil {
				return value.None, err
			}
			for i := range rels {
				r := &rels[i]
				switch {
				case r.primary && PKeyConstraintOID(r.table.ID) == oid:
					return value.String(constraintDef(r) + deferrabilityText(r.deferrability())), nil
				case r.index != nil && r.index.Constraint && ConstraintOID(r.table.ID, r.name) == oid:
					unique := "UNIQUE ("
					if r.nullsNotDistinct() {
						unique = "UNIQUE NULLS NOT DISTINCT ("
					}
					return value.String(unique + quotedCols(r.cols) + ")" + r.includeClause() + deferrabilityText(r.deferrability())), nil
				case r.excl != nil && ConstraintOID(r.table.ID, r.name) == oid:
					return value.String(exclusionDef(e, r, pretty)), nil
				case r.kind == 'r' && r.table != nil:
					for _, c := range r.table.Checks {
						if ConstraintOID(r.table.ID, c.Name) == oid {
							return value.String(tableCheckDef(e, r.table, c, pretty)), nil
						}
					}
				}
			}
			fks, err := newModel(e).foreignKeys()
			if err != nil {
				return value.None, err
			}
			for i := range fks {
				if fks[i].oid == oid {
					return value.String(fkeyDef(e, &fks[i])), nil
				}
			}
			return value.None, nil
		}},
		{"pg_get_function_arguments", 1, 1, true, value.TypeText, procText(functionArguments)},
		// The body of a function written in SQL-standard form (RETURN
		// expr, BEGIN ATOMIC ... END); NULL for one whose body is a
		// string.
		{"pg_get_function_sqlbody", 1, 1, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			p, ok, err := procArg(e, a[0])
			if err != nil || !ok || p.routine() == nil || !p.routine().StandardBody {
				return value.None, err
			}
			return value.String(p.fn.Source), nil
		}},
		{"pg_get_function_identity_arguments", 1, 1, true, value.TypeText, procText(func(p *procInfo) string {
			if p.routine() != nil {
				return routineArguments(p.fn, false)
			}
			return functionArguments(p)
		})},
		{"pg_get_function_result", 1, 1, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			p, ok, err := procArg(e, a[0])
			switch {
			case err != nil || !ok:
				return value.None, err
			case p.fn != nil && p.fn.IsProcedure():
				return value.None, nil // a procedure has no result type
			case p.routine() != nil:
				return value.String(routineResult(p.fn)), nil
			}
			s, _ := FormatType(p.result, -1)
			return value.String(s), nil
		}},
		{"pg_get_functiondef", 1, 1, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			p, ok, err := procArg(e, a[0])
			switch {
			case err != nil || !ok:
				return value.None, err
			case p.fn != nil && p.fn.IsAggregate():
				// An aggregate has no CREATE FUNCTION to show.
				return value.None, errs.New(errs.WrongObjectType, "%q is an aggregate function", p.name)
			}
			return value.String(functionDef(p)), nil
		}},
		// Objects zerodb does not have (triggers, rules, views,
		// partitions): PostgreSQL answers NULL for an OID that names
		// none, and no OID names one here.
		{"pg_get_triggerdef", 1, 2, true, value.TypeText, noObject},
		{"pg_get_ruledef", 1, 2, true, value.TypeText, noObject},
		{"pg_get_viewdef", 1, 2, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			r, err := relArg(e, a[0])
			switch {
			case err != nil || r == nil:
				return value.None, err
			case r.view != nil:
				return value.String(viewDef(r.view.Query)), nil
			case r.kind == 'm':
				return value.String(viewDef(r.table.MatView.Query)), nil
			}
			return value.None, nil
		}},
		{"pg_get_partkeydef", 1, 1, true, value.TypeText, func(e *Env, a []value.Value) (value.Value, error) {
			r, err := relArg(e, a[0])
			if err != nil || r == nil || relKind(r) != 'p' {
				return value.None, err
			}
			return value.String(partKeyDef(r.table)), nil
		}},
		{"pg_get_partition_constraintdef", 1, 1, true, value.TypeText, noObject},
		{"pg_relation_is_publishable", 1, 1, true, value.TypeBool, func(e *Env, a []value.Value) (value.Value, error) {
			r, err := relArg(e, a[0])
			if err != nil || r == nil {
				return value.None, err
			}
			return value.Bool(r.kind == 'r' && r.table != nil), nil
		}},
		{"pg_table_size", 1, 1, true, tInt8, func(e *Env, a []value.Value) (value.Value, error) {
			return relationSize(e, a, false, false)
		}},
		{"pg_relation_size", 1, 2, true, tInt8, func(e *Env, a []value.Value) (value.Value, error) {
			return relationSize(e, a, false, false)
		}},
		{"pg_total_relation_size", 1, 1, true, tInt8, func(e *Env, a []value.Value) (value.Value, error) {
			return relationSize(e, a, true, false)
		}},
		{"pg_indexes_size", 1, 1, true, tInt8, func(e *Env, a []value.Value) (value.Value, error) {
			return relationSize(e, a, false, true)
		}},
		{"pg_size_pretty", 1, 1, true, value.TypeText, prettySize},
		{"pg_size_bytes", 1, 1, true, tInt8, sizeBytes},
		{"pg_database_size", 1, 1, true, tInt8, databaseSize},
		{"pg_tablespace_size", 1, 1, true, tInt8, tablespaceSize},
		{"obj_description", 1, 2, true, value.TypeText, objDescription},
		{"col_description", 2, 2, true, value.TypeText, colDescription},
		{"shobj_description", 2, 2, true, value.TypeText, shobjDescription},
		{"pg_encoding_to_char", 1, 1, true, tName, func(_ *Env, a []value.Value) (value.Value, error) {
			switch a[0].AsInt() {
			case 0:
				return value.String("SQL_ASCII"), nil
			case 6:
				return value.String("UTF8"), nil
			}
			return value.String(""), nil
		}},
		{"getdatabaseencoding", 0, 0, false, tName, func(_ *Env, _ []value.Value) (value.Value, error) {
			return value.String("UTF8"), nil
		}},
		{"pg_char_to_encoding", 1, 1, true, value.TypeInt4, func(_ *Env, a []value.Value) (value.Value, error) {
			switch strings.ToUpper(a[0].AsString()) {
			case "SQL_ASCII":
				return value.IntW(0, value.I32), nil
			case "UTF8", "UTF-8", "UNICODE":
				return value.IntW(6, value.I32), nil
			}
			return value.IntW(-1, value.I32), nil
		}},
		// Every user may use every object: zerodb has no object privileges
		// below the namespace.
		{"has_table_privilege", 2, 3, true, value.TypeBool, hasPrivilege},
		{"pg_has_role", 2, 3, true, value.TypeBool, pgHasRole},
		{"zerodb_rls_bypass", 2, 2, false, value.TypeBool, rlsBypass},
		{"zerodb_rls_role", 1, 1, false, value.TypeBool, rlsRole},
		{"has_sequence_privilege", 2, 3, true, value.TypeBool, hasPrivilege},
		{"has_schema_privilege", 2, 3, true, value.TypeBool, hasSchemaPrivilege},
		{"has_database_privilege", 2, 3, true, value.TypeBool, hasDatabasePrivilege},
		{"has_column_privilege", 3, 4, true, value.TypeBool, hasColumnPrivilege},
		{"has_function_privilege", 2, 3, true, value.TypeBool, hasFunctionPrivilege},
		{"pg_is_in_recovery", 0, 0, false, value.TypeBool, func(*Env, []value.Value) (value.Value, error) {
			return value.Bool(false), nil
		}},
		{"to_regclass", 1, 1, true, tRegclass, func(e *Env, a []value.Value) (value.Value, error) {
			oid, ok, err := RelationOID(e, a[0].AsString())
			if err != nil || !ok {
				return value.None, err
			}
			return value.Int(int64(oid)), nil
		}},
		{"regclass", 1, 1, true, tOID, castRegclass},
		{"regtype", 1, 1, true, tOID, castRegtype},
		{"regnamespace", 1, 1, true, tOID, castRegnamespace},
		// The output of the reg* types: the SQL front end applies them to
		// a statement's result columns of those types.
		{"regclassout", 1, 1, true, value.TypeText, regclassOut},
		// A regproc column (a function's name) cast to oid: the
		// function's OID, 0 for "-" (none), as PostgreSQL's regproc is
		// an OID shown by name.
		{RegprocOIDFunc, 1, 1, true, tOID, regprocOID},
		// acldefault(kind, owner): the privileges an object has when its
		// acl column is NULL, PostgreSQL's for the kinds zerodb keeps
		// access lists of (relations, sequences, functions, schemas,
		// large objects), which pg_dump needs to turn them, and
		// pg_default_acl's entries, into GRANTs and REVOKEs; NULL for the
		// rest.
		{"acldefault", 2, 2, false, tTextArray, func(e *Env, a []value.Value) (value.Value, error) {
			if a[1].IsNone() {
				return value.None, nil
			}
			all, ok := map[string]catalog.ACLMode{"r": catalog.TablePrivileges, "s": catalog.SequencePrivileges,
				"f": catalog.FunctionPrivileges, "n": catalog.SchemaPrivileges, "L": catalog.LargeObjectPrivileges}[a[0].AsString()]
			if !ok {
				return value.None, nil
			}
			return aclDefault(e, a[1], all)
		}},
		// The system column tableoid of a relation, given its
		// descriptor's id: the SQL front end calls it for t.tableoid.
		// The dot keeps SQL from calling it by name.
		{TableOIDFunc, 1, 1, true, tOID, func(_ *Env, a []value.Value) (value.Value, error) {
			return value.Int(int64(relationOID(uint64(a[0].AsInt())))), nil
		}},
		{"regtypeout", 1, 1, true, value.TypeText, regtypeOut},
		// An array of reg* OIDs as the text array PostgreSQL shows
		// (regtype[]::text[]): the second argument names the type.
		{RegArrayOutFunc, 2, 2, true, tTextArray, regArrayOut},
		{"regnamespaceout", 1, 1, true, value.TypeText, regnamespaceOut},
		{"regroleout", 1, 1, true, value.TypeText, regroleOut},
		{"regproc", 1, 1, true, value.TypeText, func(_ *Env, a []value.Value) (value.Value, error) {
			name := value.CastText(a[0])
			if i := strings.IndexByte(name, '('); i >= 0 {
				name = name[:i] // regprocedure's argument list
			}
			_, name = catalog.SplitQualified(name)
			return value.String(name), nil
		}},
		{"regrole", 1, 1, true, tOID, castRegrole},
		{"to_regtype", 1, 1, true, tRegtype, nullIfMissing(castRegtype)},
		{"to_regnamespace", 1, 1, true, tRegnamespace, nullIfMissing(castRegnamespace)},
		{"to_regrole", 1, 1, true, tRegrole, nullIfMissing(castRegrole)},
		{"to_regproc", 1, 1, true, tRegproc, toRegproc},
		{"to_regprocedure", 1, 1, true, tRegprocedure, toRegprocedure},
		{"to_regoper", 1, 1, true, tRegoper, toRegoper},
		{"to_regoperator", 1, 1, true, tRegoperator, toRegoperator},
		{"regprocout", 1, 1, true, value.TypeText, regprocOut},
		{"regprocedureout", 1, 1, true, value.TypeText, regprocedureOut},
	}...)
}

// connAddr is inet_server_addr (server) or inet_client_addr, or their
// ports (port): NULL over a Unix socket and in-process, as PostgreSQL's
// over a Unix socket.
func connAddr(server, port bool) func(e *Env, _ []value.Value) (value.Value, error) {
	return func(e *Env, _ []value.Value) (value.Value, error) {
		if e == nil || e.Session == nil {
			return value.None, nil
		}
		a, c := e.Session.ConnAddrs()
		if !server {
			a = c
		}
		switch {
		case !a.IsValid():
			return value.None, nil
		case port:
			return value.IntW(int64(a.Port()), value.I32), nil
		}
		return value.NetValue(value.InetOfAddr(a.Addr()), value.NetInet), nil
	}
}

func (e *Env) session() (Session, error) {
	if e == nil || e.Session == nil {
		return nil, errs.New("55000", "no session")
	}
	return e.Session, nil
}

func currentDatabase(e *Env, _ []value.Value) (value.Value, error) {
	if e.Database == nil {
		return value.None, nil
	}
	return value.String(e.Database.Name), nil
}

func currentUser(e *Env, _ []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	return value.String(s.User()), nil
}

func sessionUser(e *Env, _ []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	return value.String(s.SessionUser()), nil
}

func currentSetting(e *Env, a []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	v, ok := s.Setting(a[0].AsString())
	if !ok {
		if len(a) > 1 && a[1].Kind() == value.KindBool && a[1].AsBool() {
			return value.None, nil
		}
		return value.None, errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", a[0].AsString())
	}
	return value.String(v), nil
}

func setConfig(e *Env, a []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	if a[0].IsNone() {
		return value.None, errs.New(errs.NullValueNotAllowed, "SET requires parameter name")
	}
	val := ""
	if !a[1].IsNone() {
		val = value.CastText(a[1])
	}
	local := a[2].Kind() == value.KindBool && a[2].AsBool()
	v, err := s.SetSetting(e.Ctx, a[0].AsString(), val, local)
	if err != nil {
		return value.None, err
	}
	return value.String(v), nil
}

func cancelBackend(e *Env, a []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	ok, err := s.CancelBackend(int32(a[0].AsInt()))
	if err != nil {
		return value.None, err
	}
	return value.Bool(ok), nil
}

func pgNotify(e *Env, a []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	var channel, payload string
	if !a[0].IsSQLNull() {
		channel = a[0].AsString()
	}
	if !a[1].IsSQLNull() {
		payload = a[1].AsString()
	}
	if err := s.Notify(channel, payload); err != nil {
		return value.None, err
	}
	return void, nil
}

// pgSleep sleeps, ending early with the statement's context (cancel,
// statement_timeout).
// setSeed is setseed(x): the session's random() sequence from then on is
// the one of seed x (PostgreSQL's values are not reproduced, the
// repeatability is).
func setSeed(e *Env, a []value.Value) (value.Value, error) {
	f, err := value.Convert(a[0], value.TypeFloat8)
	if err != nil {
		return value.None, err
	}
	x := f.AsFloat()
	if !(x >= -1 && x <= 1) {
		return value.None, errs.New(errs.InvalidParameterValue, "setseed parameter %s is out of allowed range [-1,1]", strconv.FormatFloat(x, 'g', -1, 64))
	}
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	s.SetSeed(x)
	return void, nil
}

func pgSleep(e *Env, a []value.Value) (value.Value, error) {
	var secs float64
	switch a[0].Kind() {
	case value.KindInt:
		secs = float64(a[0].AsInt())
	case value.KindFloat:
		secs = a[0].AsFloat()
	default:
		f, err := value.Convert(a[0], value.TypeFloat8)
		if err != nil {
			return value.None, err
		}
		secs = f.AsFloat()
	}
	if secs <= 0 {
		return void, nil
	}
	t := time.NewTimer(time.Duration(secs * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
		return void, nil
	case <-e.Ctx.Done():
		return value.None, errs.From(e.Ctx.Err())
	}
}

func formatType(e *Env, a []value.Value) (value.Value, error) {
	if a[0].IsNone() {
		return value.None, nil
	}
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	typmod := int32(-1)
	if !a[1].IsNone() {
		typmod = int32(a[1].AsInt())
		if oid == value.OIDBPChar && typmod < 0 {
			// A column of bpchar without a length (PostgreSQL's
			// format_type says character only when no typmod is given).
			return value.String("bpchar"), nil
		}
		if oid == value.OIDBit && typmod < 0 {
			return value.String(bitNoTypmod), nil
		}
	}
	if s, ok := FormatType(oid, typmod); ok {
		return value.String(s), nil
	}
	if name, err := enumTypeName(e, oid); err != nil || name != "" {
		return value.String(name), err
	}
	if name, err := domainTypeName(e, oid); err != nil || name != "" {
		return value.String(name), err
	}
	if name, err := rangeTypeName(e, oid); err != nil || name != "" {
		return value.String(name), err
	}
	// A table's row type or its array type.
	if value.IsCompositeOID(oid) {
		rels, err := newModel(e).relations()
		if err != nil {
			return value.None, err
		}
		for i := range rels {
			r := &rels[i]
			switch {
			case !r.hasRowType():
			case r.rowType == oid:
				return value.String(typeDisplay(e, r.nsp, r.name)), nil
			case rowArrayOID(r.rowTypeKey()) == oid:
				return value.String(typeDisplay(e, r.nsp, r.name) + "[]"), nil
			}
		}
	}
	return value.String("???"), nil
}

// objDescription is obj_description(oid [, catalog]): a table's comment.
func objDescription(e *Env, a []value.Value) (value.Value, error) {
	if len(a) == 2 && a[1].AsString() == "pg_proc" {
		p, ok, err := procArg(e, a[0])
		if err != nil || !ok || p.fn == nil || p.fn.Comment == "" {
			return value.None, err
		}
		return value.String(p.fn.Comment), nil
	}
	if len(a) == 2 && a[1].AsString() == "pg_largeobject" {
		return largeObjectComment(e, a[0])
	}
	if len(a) == 2 && a[1].AsString() == "pg_extension" {
		oid, err := oidArg(a[0])
		if err != nil {
			return value.None, err
		}
		for _, x := range builtin.Extensions() {
			if x.OID == oid {
				return value.String(x.Comment), nil
			}
		}
		return value.None, nil
	}
	if len(a) == 2 && a[1].AsString() == "pg_type" {
		oid, err := oidArg(a[0])
		if err != nil {
			return value.None, err
		}
		c, err := typeComment(e, oid)
		if err != nil || c == "" {
			return value.None, err
		}
		return value.String(c), nil
	}
	if len(a) == 2 && a[1].AsString() == "pg_namespace" {
		oid, err := oidArg(a[0])
		if err != nil {
			return value.None, err
		}
		for _, s := range e.userSchemas() {
			if SchemaOID(s.ID) == oid && s.Comment != "" {
				return value.String(s.Comment), nil
			}
		}
		return value.None, nil
	}
	if len(a) == 2 && (a[1].AsString() == "pg_constraint" || a[1].AsString() == "pg_trigger" || a[1].AsString() == "pg_policy" ||
		a[1].AsString() == "pg_statistic_ext") {
		oid, err := oidArg(a[0])
		if err != nil {
			return value.None, err
		}
		return tableObjectComment(e, a[1].AsString(), oid)
	}
	if len(a) == 2 && a[1].AsString() != "pg_class" {
		return value.None, nil
	}
	r, err := relArg(e, a[0])
	if err != nil || r == nil || r.comment() == "" {
		return value.None, err
	}
	return value.String(r.comment()), nil
}

// shobjDescription is shobj_description(oid, catalog): a database's
// comment (NULL for other shared objects, which have none).
func shobjDescription(e *Env, a []value.Value) (value.Value, error) {
	if a[1].AsString() != "pg_database" {
		return value.None, nil
	}
	oid, err := oidArg(a[0])
	if err != nil {
		return value.None, err
	}
	dbs, err := newModel(e).databases()
	if err != nil {
		return value.None, err
	}
	for _, d := range dbs {
		if DatabaseOID(d.ID) == oid && d.Comment != "" {
			return value.String(d.Comment), nil
		}
	}
	return value.None, nil
}

// tableObjectComment is the comment of the table constraint, trigger
// or policy (class: its catalog) whose OID is oid (NULL: none).
func tableObjectComment(e *Env, class string, oid uint32) (value.Value, error) {
	m := newModel(e)
	found := value.None
	m.each(func(r *relInfo) {
		if !r.stored() {
			return
		}
		t := r.table
		switch class {
		case "pg_constraint":
			for name, c := range t.ConstraintComments {
				if constraintOID(t, name) == oid {
					found = value.String(c)
				}
			}
		case "pg_trigger":
			for i := range t.Triggers {
				if TriggerOID(t.ID, t.Triggers[i].Name) == oid && t.Triggers[i].Comment != "" {
					found = value.String(t.Triggers[i].Comment)
				}
			}
		case "pg_policy":
			for i := range t.Policies {
				if policyOID(t, t.Policies[i].Name) == oid && t.Policies[i].Comment != "" {
					found = value.String(t.Policies[i].Comment)
				}
			}
		case "pg_statistic_ext":
			for i := range t.Statistics {
				if statisticOID(t, t.Statistics[i].Name) == oid && t.Statistics[i].Comment != "" {
					found = value.String(t.Statistics[i].Comment)
				}
			}
		}
	})
	return found, m.err
}

// colDescription is col_description(table oid, attnum): a column's
// comment.
func colDescription(e *Env, a []value.Value) (value.Value, error) {
	r, err := relArg(e, a[0])
	if err != nil || r == nil || !r.stored() {
		return value.None, err
	}
	n := int(a[1].AsInt())
	if n < 1 || n > len(r.cols) {
		return value.None, nil
	}
	if f, _, ok := r.table.FieldByName(r.cols[n-1].name); ok && f.Comment != "" {
		return value.String(f.Comment), nil
	}
	return value.None, nil
}

func noObject(*Env, []value.Value) (value.Value, error) { return value.None, nil }

func procText(f func(*procInfo) string) func(*Env, []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		p, ok, err := procArg(e, a[0])
		if err != nil || !ok {
			return value.None, err
		}
		return value.String(f(p)), nil
	}
}

// procArg finds the function an argument names: by OID, or by its name
// as a regproc (which zerodb keeps as text) has it.
func procArg(e *Env, a value.Value) (*procInfo, bool, error) {
	if a.Kind() == value.KindString {
		if _, err := strconv.ParseInt(a.AsString(), 10, 64); err != nil {
			o, err := regprocOID(e, []value.Value{a})
			if err != nil {
				return nil, false, err
			}
			a = o
		}
	}
	oid, err := oidArg(a)
	if err != nil {
		return nil, false, err
	}
	return newModel(e).procByOID(oid)
}

// oidArg reads an OID argument (an integer, or its text).
func oidArg(v value.Value) (uint32, error) {
	if v.Kind() != value.KindInt {
		c, err := value.Convert(v, value.TypeInt8)
		if err != nil {
			return 0, err
		}
		v = c
	}
	n := v.AsInt()
	if n < 0 || n > 1<<32-1 {
		return 0, errs.New(errs.NumericValueOutOfRange, "OID out of range")
	}
	return uint32(n), nil
}

// visible is pg_table_is_visible: a relation of the search path
// (pg_temp, pg_catalog, then search_path's schemas, then public, where
// zerodb's names look last: session/schema.go) that no relation of an
// earlier schema of it shadows — a table of public is not visible while
// a temporary table of its name exists.
func visible(e *Env, r *relInfo) bool {
	switch r.nsp {
	case OIDInformationSchema:
		return false
	case OIDPgCatalog:
		return true
	}
	path := searchPathOIDs(e)
	at := slices.Index(path, r.nsp)
	if at < 0 {
		return false
	}
	if at == 0 {
		return true
	}
	rels, err := newModel(e).relations()
	if err != nil {
		return true
	}
	for i := range rels {
		if rels[i].name == r.name && slices.Contains(path[:at], rels[i].nsp) {
			return false
		}
	}
	return true
}

// pathSchemaNames names the existing schemas of search_path in order
// (current_schemas(false)); public when none exists, where zerodb
// creates what is named bare (PostgreSQL's current_schema() would be
// NULL).
func pathSchemaNames(e *Env) []string {
	var names []string
	for _, nsp := range searchPathOIDs(e) {
		if e.Temp != nil && nsp == TempSchemaOID(e.Temp.Name) {
			continue
		}
		names = append(names, namespaceNameIn(e, nsp))
	}
	return names
}

// searchPathOIDs is the schemas bare names find relations in, in order.
func searchPathOIDs(e *Env) []uint32 {
	var path []uint32
	if e.Temp != nil {
		path = append(path, TempSchemaOID(e.Temp.Name))
	}
	entries := []string{"$user", "public"}
	if e.Session != nil {
		if v, ok := e.Session.Setting("search_path"); ok {
			entries = catalog.ParseSearchPath(v)
		}
	}
	for _, name := range entries {
		if name == "$user" && e.Session != nil {
			name = e.Session.User()
		}
		if name == "public" {
			path = append(path, OIDPublic)
		} else if s := e.userSchemaByName(name); s != nil {
			path = append(path, SchemaOID(s.ID))
		}
	}
	if !slices.Contains(path, OIDPublic) {
		path = append(path, OIDPublic)
	}
	return path
}

// storedExprOf is pg_get_expr of a stored expression of the table a[1]
// (a generated column's, an index's predicate: pg_index.indpred with
// indrelid) as ruleutils prints it; false for other text (defaults,
// which pg_attrdef holds as shown).
func storedExprOf(e *Env, a []value.Value) (string, bool) {
	if a[0].Kind() != value.KindString || a[1].IsSQLNull() {
		return "", false
	}
	oid, err := oidArg(a[1])
	if err != nil {
		return "", false
	}
	r, _ := newModel(e).relByOID(oid)
	if r == nil || r.table == nil {
		return "", false
	}
	if r.index != nil || r.excl != nil {
		return "", false
	}
	text := a[0].AsString()
	stored := false
	for i := range r.table.Fields {
		stored = stored || r.table.Fields[i].Generated == text
	}
	for i := range r.table.Indexes {
		stored = stored || r.table.Indexes[i].Where == text
	}
	if !stored {
		return "", false
	}
	return e.ruleExpr(r.table, text, pretty(a))
}

func relArg(e *Env, v value.Value) (*relInfo, error) {
	if v.Kind() == value.KindString {
		// A regclass parameter given a name ('t'): PostgreSQL reads the
		// untyped literal as regclass input.
		var err error
		if v, err = castRegclass(e, []value.Value{v}); err != nil {
			return nil, err
		}
	}
	oid, err := oidArg(v)
	if err != nil {
		return nil, err
	}
	r, _ := newModel(e).relByOID(oid)
	return r, nil
}

// pretty is pg_get_indexdef's third argument.
func pretty(a []value.Value) bool {
	return len(a) > 2 && a[2].Kind() == value.KindBool && a[2].AsBool()
}

// indexPart is the SQL of an index's n-th key part as pg_get_indexdef
// shows it: an expression that is no function call in parentheses, and
// in parentheses of its own too unless pretty: ((a + b)).
func indexPart(e *Env, r *relInfo, n int, pretty bool) string {
	if r.index != nil {
		p := r.index.Parts[n]
		if p.Expr != "" {
			return indexExpr(e, r.table, p.Expr, pretty)
		}
		return partExpr(r.table, p)
	}
	if r.excl != nil && !r.excl.Elements[n].Column {
		return indexExpr(e, r.table, r.excl.Elements[n].Expr, pretty)
	}
	return builtin.QuoteIdent(r.cols[n].name)
}

// indexExpr is an index column of t that is an expression, stored as
// the pretty form of what the statement wrote shows it (sqlfe's
// indexExprText: in parentheses unless a function call), printed as
// ruleutils prints it where it can be: the plain form parenthesizes an
// operator expression once more.
func indexExpr(e *Env, t *catalog.Table, expr string, pretty bool) string {
	if text, ok := e.ruleExpr(t, expr, pretty); ok {
		if expr[0] == '(' {
			text = "(" + text + ")"
		}
		return text
	}
	if !pretty && expr != "" && expr[0] == '(' {
		return "(" + expr + ")"
	}
	return expr
}

// flattenRelOptions is ruleutils' flatten_reloptions: name=value, the
// value quoted unless it is an identifier that needs no quotes.
func flattenRelOptions(opts []string) string {
	out := make([]string, len(opts))
	for i, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		if builtin.QuoteIdent(v) != v {
			v = quoteLiteral(v)
		}
		out[i] = builtin.QuoteIdent(k) + "=" + v
	}
	return strings.Join(out, ", ")
}

// indexDef is pg_get_indexdef: the CREATE INDEX statement of an index
// (pretty, the table's name is not qualified, as it is visible).
func indexDef(e *Env, r *relInfo, pretty bool) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if r.unique {
		b.WriteString("UNIQUE ")
	}
	am := accessMethodName(r.am)
	schema := "public."
	if sc := e.userSchemaByOID(r.nsp); sc != nil {
		schema = builtin.QuoteIdent(sc.Name) + "."
	}
	if pretty {
		schema = ""
	}
	only := ""
	if r.table.Partitioned != nil {
		// A partitioned index, made for its table alone: the
		// partitions' indexes are attached to it.
		only = "ONLY "
	}
	fmt.Fprintf(&b, "INDEX %s ON %s%s%s USING %s (", builtin.QuoteIdent(r.name), only, schema, builtin.QuoteIdent(r.table.Name), am)
	for i := range r.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(indexPart(e, r, i, pretty))
		if am == "hnsw" {
			// pgvector's operator class names the metric, which
			// CREATE INDEX takes from it (it is no WITH option).
			metric := r.index.Options["metric"]
			if metric == "" {
				metric = "l2" // the executor's default too
			}
			b.WriteString(" vector_" + metric + "_ops")
		}
		if r.index != nil && r.index.Kind == catalog.IndexTrgm {
			b.WriteString(" " + r.index.Options[catalog.IndexTrgmOpclass])
		}
		if r.index != nil && r.index.Parts[i].Desc {
			b.WriteString(" DESC")
		}
	}
	b.WriteString(")" + r.includeClause())
	if r.nullsNotDistinct() {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	settings := indexSettings(r)
	if am == "hnsw" {
		delete(settings, "metric")
	}
	if len(settings) > 0 {
		keys := make([]string, 0, len(settings))
		for k := range settings {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			keys[i] = k + "='" + settings[k] + "'"
		}
		b.WriteString(" WITH (" + strings.Join(keys, ", ") + ")")
	}
	if opts := r.storageOptions(); len(opts) > 0 {
		b.WriteString(" WITH (" + flattenRelOptions(opts) + ")")
	}
	if r.index != nil && r.index.Partial() {
		where, ok := e.ruleExpr(r.table, r.index.Where, pretty)
		if !ok {
			where = predicateDef(r.index.Where, pretty)
		}
		b.WriteString(" WHERE " + where)
	}
	if r.excl != nil && r.excl.Where != "" {
		where, ok := e.ruleExpr(r.table, r.excl.Where, pretty)
		if !ok {
			where = predicateDef("("+r.excl.Where+")", pretty)
		}
		b.WriteString(" WHERE " + where)
	}
	return b.String()
}

// predicateDef is a partial index's stored predicate as pg_get_indexdef
// shows it: stored as the plain form, (deleted_at IS NULL); pretty, its
// outer parentheses go.
func predicateDef(where string, pretty bool) string {
	if !pretty || len(where) < 2 || where[0] != '(' || where[len(where)-1] != ')' {
		return where
	}
	// Only when the first parenthesis closes at the end: (a) AND (b)
	// keeps them.
	depth, quote := 0, byte(0)
	for i := 0; i < len(where); i++ {
		switch c := where[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 && i != len(where)-1 {
				return where
			}
		}
	}
	return where[1 : len(where)-1]
}

// exclusionDef is pg_get_constraintdef of an EXCLUDE constraint.
func exclusionDef(e *Env, r *relInfo, pretty bool) string {
	var b strings.Builder
	b.WriteString("EXCLUDE USING " + r.excl.Method + " (")
	for i, el := range r.excl.Elements {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(indexPart(e, r, i, pretty) + " WITH " + el.Op)
	}
	b.WriteString(")")
	if where, ok := e.ruleExpr(r.table, r.excl.Where, pretty); ok {
		b.WriteString(" WHERE (" + where + ")")
	} else if r.excl.Where != "" {
		if pretty {
			b.WriteString(" WHERE (" + r.excl.Where + ")")
		} else {
			b.WriteString(" WHERE ((" + r.excl.Where + "))")
		}
	}
	b.WriteString(deferrabilityText(r.deferrability()))
	return b.String()
}

// constraintDef is pg_get_constraintdef of a primary key.
func constraintDef(r *relInfo) string {
	return "PRIMARY KEY (" + quotedCols(r.cols) + ")" + r.includeClause()
}

// quotedCols is an index's columns as a constraint definition lists them.
func quotedCols(cols []colInfo) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = builtin.QuoteIdent(c.name)
	}
	return strings.Join(names, ", ")
}

// indexSettings is what CREATE INDEX ... WITH (...) gave the index of r
// (nil for a primary key).
func indexSettings(r *relInfo) map[string]string {
	if r.index == nil {
		return nil
	}
	return r.index.Settings()
}

// advisoryArgs are the calling session and the lock a call names.
func advisoryArgs(e *Env, a []value.Value) (Session, AdvisoryKey, error) {
	s, err := e.session()
	if err != nil {
		return nil, AdvisoryKey{}, err
	}
	k, err := advisoryKey(a)
	return s, k, err
}

// advisoryKey is the lock a call names: one bigint, or two integers.
func advisoryKey(a []value.Value) (AdvisoryKey, error) {
	var k AdvisoryKey
	for i, v := range a {
		if v.Kind() != value.KindInt {
			c, err := value.Convert(v, value.TypeInt8)
			if err != nil {
				return k, err
			}
			v = c
		}
		if i == 0 {
			k.A = v.AsInt()
		} else {
			k.B, k.Pair = v.AsInt(), true
		}
	}
	return k, nil
}

// advisoryLock is pg_advisory_lock and its variants: the waiting ones
// return void, the tries whether they got the lock.
func advisoryLock(m AdvisoryMode) func(*Env, []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		s, k, err := advisoryArgs(e, a)
		if err != nil {
			return value.None, err
		}
		got, err := s.AdvisoryLock(e.Ctx, k, m)
		if err != nil {
			return value.None, err
		}
		if m.Try {
			return value.Bool(got), nil
		}
		return void, nil
	}
}

func advisoryUnlock(shared bool) func(*Env, []value.Value) (value.Value, error) {
	return func(e *Env, a []value.Value) (value.Value, error) {
		s, k, err := advisoryArgs(e, a)
		if err != nil {
			return value.None, err
		}
		return value.Bool(s.AdvisoryUnlock(k, shared)), nil
	}
}

// TableOIDFunc is the name of the function that computes a relation's
// tableoid system column from its descriptor's id (sql::zerodb.tableoid).
const TableOIDFunc = "zerodb.tableoid"

// relationOID is the pg_class OID of the relation whose descriptor has
// id: a virtual relation's PostgreSQL OID, a sequence's or a table's
// derived one.
func relationOID(id uint64) uint32 {
	switch {
	case id >= seqRelBase:
		return TableOID(id - seqRelBase)
	case id >= virtualBase && id-virtualBase < uint64(len(relations)):
		return relations[id-virtualBase].oid
	}
	return TableOID(id)
}

// RegprocOIDFunc is the name of the function that casts a function's name
// (a regproc column's text) to its OID.
const RegprocOIDFunc = "zerodb.regprocoid"

func regprocOID(e *Env, a []value.Value) (value.Value, error) {
	name := value.CastText(a[0])
	if name == "-" || name == "" {
		return value.Int(0), nil
	}
	if n, err := strconv.ParseUint(name, 10, 32); err == nil {
		return value.Int(int64(n)), nil
	}
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimPrefix(strings.TrimPrefix(name, "pg_catalog."), "public.")
	schema, bare, qualified := strings.Cut(name, ".")
	m := newModel(e)
	ps, err := m.procs()
	if err != nil {
		return value.None, err
	}
	for _, p := range ps {
		if p.name == name || qualified && p.name == bare && m.nspName(p.nsp) == schema {
			return value.Int(int64(p.oid)), nil
		}
	}
	return value.None, errs.New(errs.UndefinedFunction, "function %q does not exist", name)
}

// viewDef is a view's query as pg_get_viewdef and pg_views show it:
// ending in a semicolon, as PostgreSQL's does (pg_dump cuts the last
// character off before adding its own).
func viewDef(query string) string {
	q := strings.TrimRight(query, " \t\n;")
	return q + ";"
}

// serverStart is pg_postmaster_start_time and pg_conf_load_time.
func serverStart(e *Env, _ []value.Value) (value.Value, error) {
	s, err := e.session()
	if err != nil {
		return value.None, err
	}
	return value.Datetime(s.ServerStart(), true), nil
}

// walPosition is pg_current_wal_insert_lsn (insert) and
// pg_current_wal_lsn and pg_current_wal_flush_lsn: zerodb writes and
// syncs its log in one step, so the write position is the flushed one.
func walPosition(insert bool) func(*Env, []value.Value) (value.Value, error) {
	return func(e *Env, _ []value.Value) (value.Value, error) {
		s, err := e.session()
		if err != nil {
			return value.None, err
		}
		in, flushed, ok := s.WALPosition()
		switch {
		case !ok:
			return value.None, errs.New(errs.FeatureNotSupported, "this store has no write-ahead log position")
		case insert:
			return value.LSN(in), nil
		}
		return value.LSN(flushed), nil
	}
}

// transactionID is txid_current and pg_current_xact_id (assign), and
// their _if_assigned forms (NULL when the transaction has no id yet).
// pg_current_xact_id's xid8 is a bigint here.
func transactionID(assign bool) func(e *Env, _ []value.Value) (value.Value, error) {
	return func(e *Env, _ []value.Value) (value.Value, error) {
		s, err := e.session()
		if err != nil {
			return value.None, err
		}
		id, ok, err := s.TransactionID(e.Ctx, assign)
		if err != nil || !ok {
			return value.None, err
		}
		return value.Int(id), nil
	}
}

// alwaysVisible is the visibility test of objects that only pg_catalog
// has here: always on the search path.
func alwaysVisible(_ *Env, _ []value.Value) (value.Value, error) { return value.Bool(true), nil }
