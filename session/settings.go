package session

import (
	"context"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zerodb/zerodb/engine/plan"
	"github.com/zerodb/zerodb/engine/tsearch"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
	"github.com/zerodb/zerodb/pgwire"
	"github.com/zerodb/zerodb/translate/sqlfe"
)

// setting is one run-time parameter.
type setting struct {
	name     string // canonical spelling, as SHOW ALL and ParameterStatus report it
	value    string
	def      string
	reported bool // sent in ParameterStatus at start-up
	readOnly bool
}

// settings are a session's run-time parameters, looked up
// case-insensitively like PostgreSQL's GUCs.
type settings struct {
	byName map[string]*setting // lower-cased name
	// changed are the reported parameters changed since the last
	// ParameterStatus (reportChanges).
	changed map[string]string
	// undo restores the values of the open transaction block's changes.
	undo []undo
	// zone is TimeZone's value as a zone, kept by assign (nil: UTC).
	zone *time.Location
	// role and sessionAuth are the settings role ("none", or the role
	// SET ROLE chose) and session_authorization (the session user), which
	// make current_user and session_user (role.go).
	role, sessionAuth *setting
}

// timeZone is the session time zone: SQL writes and reads timestamp with
// time zone in it.
func (s *settings) timeZone() *time.Location {
	if s.zone == nil {
		return time.UTC
	}
	return s.zone
}

// assign sets a parameter's value, noting a change of a reported one.
func (s *settings) assign(g *setting, val string) {
	if g.reported && g.value != val {
		if s.changed == nil {
			s.changed = make(map[string]string)
		}
		s.changed[g.name] = val
	}
	g.value = val
	if g.name == "TimeZone" {
		// The value was checked when it was set.
		s.zone, _, _ = value.LoadZone(val)
	}
}

// names are the lower-cased names in order (SHOW ALL, pg_settings).
func (s *settings) names() []string {
	names := make([]string, 0, len(s.byName))
	for k := range s.byName {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// isoIntervals reports IntervalStyle iso_8601: the interval values sent
// to the client (result rows, COPY TO) are written in ISO 8601.
func (s *settings) isoIntervals() bool {
	g, ok := s.byName["intervalstyle"]
	return ok && g.value == "iso_8601"
}

// statementTimeout is statement_timeout (0: none).
func (s *settings) statementTimeout() time.Duration { return s.timeout("statement_timeout") }

// lockTimeout is lock_timeout (0: none).
func (s *settings) lockTimeout() time.Duration { return s.timeout("lock_timeout") }

// idleInTransactionTimeout is idle_in_transaction_session_timeout (0:
// none).
func (s *settings) idleInTransactionTimeout() time.Duration {
	return s.timeout("idle_in_transaction_session_timeout")
}

// IdleInTransactionTimeout implements pgwire.IdleInTransactionSession:
// idle_in_transaction_session_timeout while a block is open.
func (s *Session) IdleInTransactionTimeout() time.Duration {
	if s.txn == nil {
		return 0
	}
	return s.settings.idleInTransactionTimeout()
}

// timeout is the time setting name (0: none). The value was checked when
// it was set.
func (s *settings) timeout(name string) time.Duration {
	g, ok := s.byName[name]
	if !ok || g.value == "0" {
		return 0
	}
	d, _ := parseTimeout(g.name, g.value)
	return d
}

// setSuperuser sets is_superuser, which is the session's and read-only.
func (s *settings) setSuperuser(on bool) {
	v := "off"
	if on {
		v = "on"
	}
	g := s.byName["is_superuser"]
	g.value, g.def = v, v
}

func (s *settings) superuser() bool {
	g, ok := s.byName["is_superuser"]
	return ok && g.value == "on"
}

// reportChanges sends ParameterStatus for the reported parameters that
// the message's statements changed (SET, RESET, set_config), as
// PostgreSQL does before ReadyForQuery. A failed write ends the
// connection through the writer; there is nothing to do here.
func (s *Session) reportChanges(w pgwire.ResultWriter) {
	changed := s.settings.changed
	if changed == nil {
		return
	}
	s.settings.changed = nil
	cw, ok := w.(pgwire.CopyResultWriter)
	if !ok {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(changed)) {
		if cw.ParameterStatus(name, changed[name]) != nil {
			return
		}
	}
}

func newSettings(p pgwire.StartupParams) *settings {
	s := &settings{byName: make(map[string]*setting)}
	add := func(name, val string, reported, readOnly bool) {
		s.byName[strings.ToLower(name)] = &setting{name: name, value: val, def: val, reported: reported, readOnly: readOnly}
	}
	add("server_version", "15.0", true, true)
	add("server_version_num", "150000", false, true)
	add("server_encoding", "UTF8", true, true)
	add("client_encoding", "UTF8", true, false)
	add("DateStyle", "ISO, MDY", true, false)
	add("IntervalStyle", "postgres", true, false)
	add("integer_datetimes", "on", true, true)
	add("standard_conforming_strings", "on", true, false)
	add("TimeZone", "UTC", true, false)
	add("is_superuser", "on", true, true) // the session's, set by OpenSession
	// SET ROLE and SET SESSION AUTHORIZATION set these two (role.go);
	// read-only to everything else, RESET ALL included, as PostgreSQL's
	// GUC_NO_RESET_ALL.
	add("session_authorization", p.User, true, true)
	add("role", "none", false, true)
	s.role, s.sessionAuth = s.byName["role"], s.byName["session_authorization"]
	// Passwords are hashed with SCRAM-SHA-256 only (psql's \password
	// asks which).
	add("password_encryption", "scram-sha-256", false, false)
	add("application_name", p.All["application_name"], true, false)
	add("default_transaction_read_only", "off", true, false)
	// The current transaction's modes, equal to their default_ settings
	// outside a block (readonly.go).
	add("transaction_read_only", "off", false, false)
	add("transaction_deferrable", "off", false, false)
	add("default_transaction_deferrable", "off", false, false)
	add("in_hot_standby", "off", true, true)
	add("search_path", `"$user", public`, false, false)
	add("statement_timeout", "0", false, false)
	add("lock_timeout", "0", false, false)
	add("idle_in_transaction_session_timeout", "0", false, false)
	add("extra_float_digits", "1", false, false)
	add("transaction_isolation", "read committed", false, false)
	add("default_transaction_isolation", "read committed", false, false)
	add("max_identifier_length", "63", false, true)
	// Set by pg_dump's restore scripts and ORMs' connection set-up
	// (Rails: client_min_messages). zerodb has no SQL function bodies,
	// XML, tablespaces or other table access methods, so each takes
	// only the values that mean what zerodb does (enumSettings);
	// row_security off refuses what the policies would filter
	// (exec/policy.go).
	add("client_min_messages", "notice", false, false)
	add("check_function_bodies", "on", false, false)
	add("xmloption", "content", false, false)
	add("row_security", "on", false, false)
	// pg_dump sets these two: zerodb's scans start at the beginning of
	// their range anyway (no synchronized scans), and its definitions
	// (pg_get_*def) quote what needs quoting either way, which stays
	// valid SQL when all identifiers were asked for.
	add("synchronize_seqscans", "on", false, false)
	add("quote_all_identifiers", "off", false, false)
	add("default_tablespace", "", false, false)
	add("default_table_access_method", "heap", false, false)
	add("bytea_output", "hex", false, false)
	add("default_text_search_config", tsearch.DefaultConfig, false, false)
	add("zerodb.language", "auto", false, false)
	add("hnsw.ef_search", "40", false, false)
	// pg_trgm's thresholds of %, <% and %>, <<% and %>> (its GUCs'
	// defaults).
	add("pg_trgm.similarity_threshold", "0.3", false, false)
	add("pg_trgm.word_similarity_threshold", "0.6", false, false)
	add("pg_trgm.strict_word_similarity_threshold", "0.5", false, false)
	// Workers a parallel aggregate may run beside the statement's own
	// goroutine (exec/parallel.go); 0 runs every plan serially.
	add("max_parallel_workers_per_gather", "2", false, false)
	// Start-up parameters other than user/database/options set their
	// GUCs, and are what RESET goes back to, as in PostgreSQL. A TimeZone
	// (JDBC sends the JVM's) is spelled as SET would spell it; one that
	// zerodb does not know leaves UTC.
	params := maps.Clone(p.All)
	if params == nil {
		params = map[string]string{}
	}
	for k, v := range startupOptions(p.All["options"]) {
		params[k] = v
	}
	for k, v := range params {
		switch k {
		case "user", "database", "options", "replication":
			continue
		}
		st, ok := s.byName[strings.ToLower(k)]
		if !ok || st.readOnly {
			continue
		}
		if st.name == "TimeZone" {
			_, name, err := value.LoadZone(v)
			if err != nil {
				continue
			}
			v = name
		}
		if strings.HasSuffix(st.name, "transaction_isolation") {
			lv, err := isolationLevel(st.name, v)
			if err != nil {
				continue
			}
			v = lv
		}
		st.value, st.def = v, v
		if st.name == "TimeZone" {
			s.zone, _, _ = value.LoadZone(v)
		}
	}
	s.syncTxn()
	return s
}

// startupOptions reads the start-up parameter options (what PGOPTIONS
// and drivers' options= send): settings given as "-c name=value" or
// "--name=value", separated by spaces, a backslash keeping the next
// character (a space) in the word, as PostgreSQL reads them.
func startupOptions(opts string) map[string]string {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(opts); i++ {
		c := opts[i]
		switch {
		case c == '\\' && i+1 < len(opts):
			i++
			w.WriteByte(opts[i])
			inWord = true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	out := map[string]string{}
	for i := 0; i < len(words); i++ {
		var kv string
		switch {
		case words[i] == "-c" && i+1 < len(words):
			i++
			kv = words[i]
		case strings.HasPrefix(words[i], "-c"):
			kv = words[i][2:]
		case strings.HasPrefix(words[i], "--"):
			kv = words[i][2:]
		default:
			continue
		}
		if name, val, ok := strings.Cut(kv, "="); ok && name != "" {
			out[strings.ReplaceAll(strings.ToLower(name), "-", "_")] = val
		}
	}
	return out
}

func (s *settings) lookup(name string) (*setting, bool) {
	st, ok := s.byName[strings.ToLower(name)]
	return st, ok
}

// reported returns the parameters sent in ParameterStatus.
func (s *settings) reported() map[string]string {
	out := make(map[string]string)
	for _, st := range s.byName {
		if st.reported {
			out[st.name] = st.value
		}
	}
	return out
}

// ParameterStatus implements pgwire.Session.
func (s *Session) ParameterStatus() map[string]string { return s.settings.reported() }

// set runs SET/RESET (a setting) or a ZQL session binding and returns the tag.
func (s *Session) set(ctx context.Context, txn kv.Txn, st *plan.Statement) (string, error) {
	if st.Set != nil {
		v, err := s.db.exec.Eval(ctx, s.env(txn), st.Set.X)
		if err != nil {
			return "", err
		}
		if st.Set.Type != nil {
			if v, err = value.Check(v, *st.Set.Type); err != nil {
				return "", err
			}
		}
		s.vars[st.Set.Name] = v
		return "LET", nil
	}
	if st.Notify != nil {
		return st.Tag, s.listen(st.Tag, st.Notify.Channel, st.Notify.Payload)
	}
	if st.TxnModes != nil {
		return st.Tag, s.applyTxnModes(ctx, st.TxnModes)
	}
	name := strings.ToLower(st.SettingName)
	if name == sqlfe.SettingDiscard && strings.HasPrefix(st.Tag, "DISCARD") {
		return st.Tag, s.discard(ctx, st.SettingValue)
	}
	if name == sqlfe.SettingCheckpoint && st.Tag == "CHECKPOINT" {
		return st.Tag, s.checkpoint(ctx)
	}
	if name == "all" && st.SettingDefault {
		for _, g := range s.settings.byName {
			// As PostgreSQL's GUC_NO_RESET_ALL: the transaction's modes
			// stay the transaction's.
			if !g.readOnly && !isTxnSetting(strings.ToLower(g.name)) {
				if s.txn != nil {
					s.settings.remember(g, false)
				}
				s.settings.assign(g, g.def)
			}
		}
		s.language = LangAuto
		if s.txn == nil {
			s.settings.syncTxn()
		}
		return st.Tag, nil
	}
	if err := s.setSetting(ctx, name, st.SettingValue, st.SettingDefault, st.SettingLocal); err != nil {
		return "", err
	}
	return st.Tag, nil
}

// setSetting sets a run-time parameter (name lower-cased) to val, or to
// its default: SET, RESET and set_config. As in PostgreSQL, a change made
// in a transaction block is undone when the block rolls back, and a
// local one (SET LOCAL) when it ends; outside a block SET LOCAL has no
// effect.
func (s *Session) setSetting(ctx context.Context, name, val string, toDefault, local bool) error {
	g, ok := s.settings.lookup(name)
	if !ok {
		if !strings.Contains(name, ".") {
			return errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", name)
		}
		// Custom (dotted) parameters may be set freely, as in PostgreSQL.
		g = &setting{name: name}
		s.settings.byName[name] = g
	}
	if g == s.settings.role || g == s.settings.sessionAuth {
		return s.setRole(ctx, g, val, toDefault, local)
	}
	if g.readOnly {
		return errs.New("55P02", "parameter %q cannot be changed", g.name)
	}
	if toDefault {
		val = g.def
	}
	switch name {
	case "zerodb.language":
		switch strings.ToLower(val) {
		case "sql":
			s.language = LangSQL
		case "zql":
			s.language = LangZQL
		case "auto", "":
			s.language = LangAuto
		default:
			return errs.New(errs.InvalidParameterValue, "invalid value for parameter \"zerodb.language\": %q", val).
				WithHint("Available values: auto, sql, zql.")
		}
	case "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout":
		d, err := parseTimeout(name, val)
		if err != nil {
			return err
		}
		val = timeoutText(d)
	case "datestyle":
		v, err := dateStyle(g.value, val)
		if err != nil {
			return err
		}
		val = v
	case "intervalstyle":
		v, err := intervalStyle(val)
		if err != nil {
			return err
		}
		val = v
	case "timezone":
		// IANA names in any case, hours east, POSIX specifications
		// (value.LoadZone); SHOW gives the name as PostgreSQL spells it.
		_, name, err := value.LoadZone(val)
		if err != nil {
			return err
		}
		val = name
	case "default_text_search_config":
		// A configuration zerodb has, shown qualified as PostgreSQL
		// shows it.
		c, err := tsearch.LookupConfig(val)
		if err != nil {
			return errs.New(errs.InvalidParameterValue, "invalid value for parameter \"default_text_search_config\": %q", val)
		}
		val = "pg_catalog." + c.Name
	case "hnsw.ef_search": // pgvector's range
		v, err := intSetting(name, val, 1, 1000)
		if err != nil {
			return err
		}
		val = v
	case "pg_trgm.similarity_threshold", "pg_trgm.word_similarity_threshold", "pg_trgm.strict_word_similarity_threshold":
		v, err := realSetting(name, val, 0, 1)
		if err != nil {
			return err
		}
		val = v
	case "max_parallel_workers_per_gather":
		v, err := intSetting(name, val, 0, 1024)
		if err != nil {
			return err
		}
		val = v
	case "client_min_messages", "check_function_bodies", "xmloption", "row_security", "password_encryption",
		"synchronize_seqscans", "quote_all_identifiers", "default_tablespace", "default_table_access_method", "bytea_output":
		v, ok := enumSetting(name, val)
		if !ok {
			return errs.New(errs.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", g.name, val)
		}
		val = v
	case "transaction_read_only", "default_transaction_read_only", "transaction_deferrable", "default_transaction_deferrable":
		v, err := boolSetting(name, val)
		if err != nil {
			return err
		}
		val = v
	case "transaction_isolation", "default_transaction_isolation":
		v, err := isolationLevel(name, val)
		if err != nil {
			return err
		}
		val = v
	case "client_encoding":
		switch strings.ToUpper(strings.ReplaceAll(val, "-", "")) {
		case "UTF8", "UNICODE":
			val = "UTF8"
		default:
			return errs.New(errs.FeatureNotSupported, "client encoding %q is not supported: zerodb speaks UTF8 only", val)
		}
	}
	if name == "transaction_read_only" {
		return s.setReadOnly(g, val)
	}
	if name == "transaction_isolation" {
		return s.setIsolation(g, val)
	}
	s.applySetting(g, val, local)
	return nil
}

// applySetting gives g (checked) val, to be undone at the block's end
// as setSetting says.
func (s *Session) applySetting(g *setting, val string, local bool) {
	if s.txn == nil {
		if !local && !isTxnSetting(strings.ToLower(g.name)) {
			s.settings.assign(g, val)
			s.settings.syncTxn()
		}
		return
	}
	s.settings.remember(g, local)
	s.settings.assign(g, val)
}

// undo is a parameter's value before a transaction block changed it.
type undo struct {
	g     *setting
	value string
	local bool // changed by SET LOCAL: undone at commit too
}

// remember notes g's value before its first change in the block.
func (s *settings) remember(g *setting, local bool) {
	for i := range s.undo {
		if s.undo[i].g == g {
			s.undo[i].local = s.undo[i].local || local
			return
		}
	}
	s.undo = append(s.undo, undo{g: g, value: g.value, local: local})
}

// endBlock ends a transaction block's settings: a commit keeps plain SETs
// and undoes SET LOCALs, a rollback undoes both.
func (s *settings) endBlock(committed bool) {
	for _, u := range s.undo {
		if !committed || u.local {
			s.assign(u.g, u.value)
		}
	}
	s.undo = s.undo[:0]
	s.syncTxn()
}

// show answers SHOW name and SHOW ALL.
func (s *Session) show(st *plan.Statement, w pgwire.ResultWriter) (string, bool, error) {
	out := newRowWriter(w, st)
	if strings.EqualFold(st.SettingName, "all") {
		for _, k := range s.settings.names() {
			g := s.settings.byName[k]
			if err := out.row([]value.Value{value.String(g.name), value.String(g.value), value.String("")}); err != nil {
				return "", out.sent, err
			}
		}
	} else {
		g, ok := s.settings.lookup(st.SettingName)
		if !ok {
			return "", false, errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", st.SettingName)
		}
		if err := out.row([]value.Value{value.String(g.value)}); err != nil {
			return "", out.sent, err
		}
	}
	if _, err := out.finish(); err != nil {
		return "", out.sent, err
	}
	return "SHOW", out.sent, nil
}

// dateStyle reads a DateStyle value as PostgreSQL does ("ISO", "dmy",
// "ISO, MDY"; a part not given keeps its current value) and returns its
// canonical form. zerodb writes dates in ISO format only, so the other
// output styles are refused rather than silently ignored.
// intervalStyle checks a value of IntervalStyle: PostgreSQL's four are
// known; postgres (the default) and iso_8601 (which Rails sets) are
// written.
func intervalStyle(val string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(val)); v {
	case "postgres", "iso_8601":
		return v, nil
	case "postgres_verbose", "sql_standard":
		return "", errs.New(errs.FeatureNotSupported, "IntervalStyle %s is not supported: zerodb writes intervals in the postgres style", v)
	}
	return "", errs.New(errs.InvalidParameterValue, "invalid value for parameter \"IntervalStyle\": %q", val).
		WithHint("Available values: postgres, postgres_verbose, sql_standard, iso_8601.")
}

func dateStyle(cur, val string) (string, error) {
	style, order, _ := strings.Cut(cur, ", ")
	for _, part := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ' ' }) {
		switch p := strings.ToUpper(part); p {
		case "ISO":
			style = p
		case "SQL", "POSTGRES", "GERMAN":
			return "", errs.New(errs.FeatureNotSupported, "DateStyle %s is not supported: zerodb writes dates in ISO format", p)
		case "MDY", "DMY", "YMD":
			order = p
		case "US", "NONEURO", "NONEUROPEAN":
			order = "MDY"
		case "EURO", "EUROPEAN":
			order = "DMY"
		case "DEFAULT":
			style, order = "ISO", "MDY"
		default:
			return "", errs.New(errs.InvalidParameterValue, "invalid value for parameter \"DateStyle\": %q", val).
				WithDetail("Unrecognized key word: %q.", part)
		}
	}
	return style + ", " + order, nil
}

// discard runs DISCARD: ALL brings the session back to the state it
// started in, as connection poolers (pgbouncer's server_reset_query) ask
// before handing a connection to another client: the settings' defaults,
// no prepared statements or portals but the running one, no session-level
// advisory locks, no sequence values (currval), no ZQL session variables.
// SEQUENCES forgets the sequence values alone; TEMP drops the temporary
// tables (ALL too); PLANS has nothing to do here (plans are checked
// against the schema on every use).
// checkpointer is a store that can write every commit to its tables
// (kv's Pebble store; a memory store has nothing to write).
type checkpointer interface {
	Checkpoint(ctx context.Context) error
}

// checkpoint runs CHECKPOINT. As in PostgreSQL it takes a superuser (or
// pg_checkpoint, a role zerodb does not have), and it may run in a
// transaction block: it writes what is committed, not the block's writes.
func (s *Session) checkpoint(ctx context.Context) error {
	if !s.settings.superuser() {
		return errs.New(errs.InsufficientPrivilege, "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT")
	}
	if c, ok := s.db.store.(checkpointer); ok {
		return c.Checkpoint(ctx)
	}
	return nil
}

func (s *Session) discard(ctx context.Context, what string) error {
	if what == "all" && s.txn != nil {
		return errs.New(errs.ActiveSQLTransaction, "DISCARD ALL cannot run inside a transaction block")
	}
	if what == "all" || what == "temp" {
		if err := s.discardTemp(ctx); err != nil {
			return err
		}
	}
	if what == "all" || what == "sequences" {
		s.seqVals.Forget()
	}
	if what != "all" {
		return nil
	}
	for _, g := range s.settings.byName {
		if !g.readOnly {
			s.settings.assign(g, g.def)
		}
	}
	// And SET SESSION AUTHORIZATION DEFAULT, as PostgreSQL's DISCARD ALL.
	s.settings.assign(s.settings.role, s.settings.role.def)
	s.settings.assign(s.settings.sessionAuth, s.settings.sessionAuth.def)
	s.language = LangAuto
	clear(s.vars)
	s.AdvisoryUnlockAll()
	// UNLISTEN *, as PostgreSQL's DISCARD ALL: a pooled connection must
	// not bring the last client's channels to the next one. It takes
	// effect when the statement ends, like any UNLISTEN.
	_ = s.listen("UNLISTEN", "", "")
	if s.ext != nil {
		for name := range s.ext.stmts {
			if name != "" {
				delete(s.ext.stmts, name)
			}
		}
		s.closeCursors(func(*cursor) bool { return true })
		for name := range s.ext.portals {
			if name != "" {
				delete(s.ext.portals, name)
			}
		}
	}
	return nil
}

// enumSetting is the value a setting that restore scripts and ORMs set
// takes for val, and whether zerodb has it: client_min_messages's levels
// (zerodb sends warnings alone), booleans that change nothing zerodb has,
// and the one tablespace, access method and bytea output it has.
func enumSetting(name, val string) (string, bool) {
	v := strings.ToLower(val)
	switch name {
	case "client_min_messages":
		switch v {
		case "debug":
			return "debug2", true
		case "debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error", "info":
			return v, true
		}
	case "check_function_bodies", "row_security", "synchronize_seqscans", "quote_all_identifiers":
		switch v {
		case "on", "true", "yes", "1":
			return "on", true
		case "off", "false", "no", "0":
			return "off", true
		}
	case "xmloption":
		return v, v == "content" || v == "document"
	case "default_tablespace":
		return v, v == "" || v == "pg_default"
	case "default_table_access_method":
		return v, v == "heap"
	case "bytea_output":
		return v, v == "hex"
	case "password_encryption":
		return v, v == "scram-sha-256"
	}
	return "", false
}

// intSetting checks the value of an integer setting against its range,
// with PostgreSQL's errors, and returns it as SHOW gives it.
// realSetting checks a real parameter's value against its range and
// spells it as PostgreSQL shows a real GUC (%g).
func realSetting(name, val string, lo, hi float64) (string, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil || math.IsNaN(f) {
		return "", errs.New(errs.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, val)
	}
	if f < lo || f > hi {
		return "", errs.New(errs.InvalidParameterValue, "%s is outside the valid range for parameter \"%s\" (%s .. %s)", gucReal(f), name, gucReal(lo), gucReal(hi))
	}
	return gucReal(f), nil
}

// gucReal is C's %g of f, which PostgreSQL shows real parameters with
// (Go's 'g' writes the exponent as C does, with two digits at least).
func gucReal(f float64) string { return strconv.FormatFloat(f, 'g', 6, 64) }

func intSetting(name, val string, lo, hi int) (string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(val))
	if err != nil {
		return "", errs.New(errs.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, val)
	}
	if n < lo || n > hi {
		return "", errs.New(errs.InvalidParameterValue, "%d is outside the valid range for parameter \"%s\" (%d .. %d)", n, name, lo, hi)
	}
	return strconv.Itoa(n), nil
}
