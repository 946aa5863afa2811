package session

import (
	"context"
	"fmt"
	"maps"
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

// setting is a session's value of one run-time parameter.
type setting struct {
	*guc
	value string // as pg_settings' setting column has it (guc.parse)
	reset string // what RESET goes back to: the start-up parameter's value, or the default
	// client marks a reset value the client sent at start-up, set a value
	// SET or set_config gave (pg_settings' source).
	client, set bool
}

// source is pg_settings' source of the value.
func (g *setting) source() string {
	switch {
	case g.set:
		return "session"
	case g.client:
		return "client"
	}
	return "default"
}

// settings are a session's run-time parameters, looked up
// case-insensitively like PostgreSQL's GUCs. The catalog (gucs) is
// shared; a session holds only the parameters it has set or needs a
// handle on, so a new connection copies nothing.
type settings struct {
	byName map[string]*setting // lower-cased name
	// server are the server-wide parameters' values (DB.server), which
	// stand for their catalog defaults; shared, never written.
	server map[string]string
	// changed are the reported parameters changed since the last
	// ParameterStatus (reportChanges).
	changed map[string]string
	// undo restores the values of the open transaction block's changes.
	undo []undo
	// zone is TimeZone's value as a zone, kept by assign (nil: UTC).
	zone *time.Location
	// language is zerodb.language's value, kept by assign: LangAuto
	// unless it forces a language.
	language Language
	// role and sessionAuth are the settings role ("none", or the role
	// SET ROLE chose) and session_authorization (the session user), which
	// make current_user and session_user (role.go).
	role, sessionAuth *setting
	// statementTimeout, lockTimeout and idleInTransactionTimeout are
	// taken in when the session starts, so that the per-statement reads
	// of their values skip the name lookups (a few per cent of a point
	// read's CPU).
	statementTimeoutSetting, lockTimeoutSetting, idleInTransactionTimeoutSetting *setting
	// applicationNameSetting is application_name, which every statement
	// copies into its pg_stat_activity row; taken in for the same reason.
	applicationNameSetting *setting
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
	if g.flags&gucReport != 0 && g.value != val {
		if s.changed == nil {
			s.changed = make(map[string]string)
		}
		s.changed[g.name] = g.show(val)
	}
	g.value = val
	switch g.name {
	case "TimeZone":
		// The value was checked when it was set.
		s.zone, _, _ = value.LoadZone(val)
	case "zerodb.language":
		s.language = LangAuto
		switch val {
		case "sql":
			s.language = LangSQL
		case "zql":
			s.language = LangZQL
		}
	}
}

// lookup finds a parameter by name in any case, taking it into the
// session's settings.
func (s *settings) lookup(name string) (*setting, bool) {
	lower := strings.ToLower(name)
	if g, ok := s.byName[lower]; ok {
		return g, true
	}
	c := lookupGUC(lower)
	if c == nil {
		return nil, false
	}
	def := s.defaultOf(c)
	g := &setting{guc: c, value: def, reset: def}
	s.byName[lower] = g
	return g, true
}

// defaultOf is a parameter's value before the session changes it: the
// server's when it runs with one, else the catalog's.
func (s *settings) defaultOf(c *guc) string {
	if v, ok := s.server[c.name]; ok {
		return v
	}
	return c.def
}

// sourceOf is pg_settings' source of a value.
func (s *settings) sourceOf(g *setting) string {
	src := g.source()
	if _, ok := s.server[g.name]; ok && src == "default" {
		return "command line"
	}
	return src
}

// serverSettings checks Options.ServerSettings: server-wide parameters
// of the catalog with values they take, keyed by the catalog's spelling
// (defaultOf looks them up on every miss of a session's settings).
func serverSettings(given map[string]string) (map[string]string, error) {
	if len(given) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(given))
	for name, v := range given {
		lower := strings.ToLower(name)
		c := lookupGUC(lower)
		if c == nil || c.ctx > ctxPostmaster {
			return nil, fmt.Errorf("server setting %q: not a server-wide parameter", name)
		}
		pv, err := c.parse(v)
		if err != nil {
			return nil, fmt.Errorf("server setting %q: %w", name, err)
		}
		out[c.name] = pv
	}
	return out, nil
}

// get is a parameter's value (as pg_settings' setting column has it)
// without taking it into the session's settings.
func (s *settings) get(name string) (string, *guc, bool) {
	lower := strings.ToLower(name)
	if g, ok := s.byName[lower]; ok {
		return g.value, g.guc, true
	}
	if c := lookupGUC(lower); c != nil {
		return s.defaultOf(c), c, true
	}
	return "", nil, false
}

// all lists every parameter in name order with the session's values
// (SHOW ALL, pg_settings). Custom parameters are not listed, as
// PostgreSQL's placeholders.
func (s *settings) all() []setting {
	out := make([]setting, 0, len(gucs))
	for i := range gucs {
		c := &gucs[i]
		if c.flags&gucNoShowAll != 0 {
			continue
		}
		if g, ok := s.byName[strings.ToLower(c.name)]; ok {
			out = append(out, *g)
			continue
		}
		def := s.defaultOf(c)
		out = append(out, setting{guc: c, value: def, reset: def})
	}
	return out
}

// isoIntervals reports IntervalStyle iso_8601: the interval values sent
// to the client (result rows, COPY TO) are written in ISO 8601.
func (s *settings) isoIntervals() bool {
	v, _, _ := s.get("intervalstyle") // lower case: no copy per value
	return v == "iso_8601"
}

// statementTimeout is statement_timeout (0: none).
func (s *settings) statementTimeout() time.Duration { return s.timeout(s.statementTimeoutSetting) }

// applicationName is application_name.
func (s *settings) applicationName() string { return s.applicationNameSetting.value }

// lockTimeout is lock_timeout (0: none).
func (s *settings) lockTimeout() time.Duration { return s.timeout(s.lockTimeoutSetting) }

// idleInTransactionTimeout is idle_in_transaction_session_timeout (0:
// none).
func (s *settings) idleInTransactionTimeout() time.Duration {
	return s.timeout(s.idleInTransactionTimeoutSetting)
}

// IdleInTransactionTimeout implements pgwire.IdleInTransactionSession:
// idle_in_transaction_session_timeout while a block is open.
func (s *Session) IdleInTransactionTimeout() time.Duration {
	if s.txn == nil {
		return 0
	}
	return s.settings.idleInTransactionTimeout()
}

// timeout is the value of a time setting whose unit is ms (0: none).
// The value was checked when it was set.
func (s *settings) timeout(g *setting) time.Duration {
	if g.value == "0" {
		return 0
	}
	ms, _ := strconv.ParseInt(g.value, 10, 64)
	return time.Duration(ms) * time.Millisecond
}

// setSuperuser sets is_superuser, which is the session's and read-only.
func (s *settings) setSuperuser(on bool) {
	v := "off"
	if on {
		v = "on"
	}
	g, _ := s.lookup("is_superuser")
	g.value, g.reset = v, v
}

// setLoginSuperuser notes whether the session's user is a superuser
// when it opens, and drops the start-up parameters only a superuser may
// set when it is not (PostgreSQL refuses the connection; zerodb ignores
// them, as other start-up parameters it would refuse).
func (s *settings) setLoginSuperuser(on bool) {
	s.setSuperuser(on)
	if on {
		return
	}
	for _, g := range s.byName {
		if g.client && (g.ctx == ctxSuperuser || g.ctx == ctxSuperuserBackend) {
			def := s.defaultOf(g.guc)
			g.value, g.reset, g.client = def, def, false
		}
	}
}

func (s *settings) superuser() bool {
	v, _, _ := s.get("is_superuser")
	return v == "on"
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

func newSettings(p pgwire.StartupParams, server map[string]string) *settings {
	s := &settings{byName: make(map[string]*setting, 16), server: server}
	s.role, _ = s.lookup("role")
	s.sessionAuth, _ = s.lookup("session_authorization")
	s.sessionAuth.value, s.sessionAuth.reset = p.User, p.User
	s.statementTimeoutSetting, _ = s.lookup("statement_timeout")
	s.lockTimeoutSetting, _ = s.lookup("lock_timeout")
	s.idleInTransactionTimeoutSetting, _ = s.lookup("idle_in_transaction_session_timeout")
	s.applicationNameSetting, _ = s.lookup("application_name")
	// Start-up parameters other than user/database/options set their
	// GUCs, and are what RESET goes back to, as in PostgreSQL. A value
	// SET would refuse (a TimeZone zerodb does not know: JDBC sends the
	// JVM's) leaves the default.
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
		st, ok := s.lookup(k)
		if !ok || st == s.role || st == s.sessionAuth || st.ctx < ctxSuperuserBackend {
			continue
		}
		v, err := s.check(st, v)
		if err != nil {
			continue
		}
		s.assign(st, v)
		st.reset, st.client = v, true
	}
	s.changed = nil
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

// reported returns the parameters sent in ParameterStatus.
func (s *settings) reported() map[string]string {
	out := make(map[string]string)
	for i := range gucs {
		if c := &gucs[i]; c.flags&gucReport != 0 {
			v, _, _ := s.get(c.name)
			out[c.name] = c.show(v)
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
		s.resetAll()
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

// resetAll runs RESET ALL: every parameter a session may set goes back
// to its reset value but those PostgreSQL marks GUC_NO_RESET_ALL (the
// transaction's modes stay the transaction's, the roles their own).
func (s *Session) resetAll() {
	for _, g := range s.settings.byName {
		if g.flags&gucNoResetAll != 0 || g.ctx < ctxSuperuser {
			continue
		}
		if s.txn != nil {
			s.settings.remember(g, false)
		}
		s.settings.assign(g, g.reset)
		g.set = false
	}
}

// setSetting sets a run-time parameter (name lower-cased) to val, or to
// its reset value: SET, RESET and set_config. As in PostgreSQL, a change
// made in a transaction block is undone when the block rolls back, and a
// local one (SET LOCAL) when it ends; outside a block SET LOCAL has no
// effect.
func (s *Session) setSetting(ctx context.Context, name, val string, toDefault, local bool) error {
	g, ok := s.settings.lookup(name)
	if !ok {
		if !strings.Contains(name, ".") {
			return errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", name)
		}
		// Custom (dotted) parameters may be set freely, as in PostgreSQL.
		g = &setting{guc: customGUC(name)}
		s.settings.byName[name] = g
	}
	if g == s.settings.role || g == s.settings.sessionAuth {
		return s.setRole(ctx, g, val, toDefault, local)
	}
	superuser := true
	if g.ctx == ctxSuperuser {
		var err error
		if superuser, err = s.superuserNow(ctx); err != nil {
			return err
		}
	}
	if err := g.contextError(superuser); err != nil {
		return err
	}
	if toDefault {
		val = g.reset
	} else {
		v, err := s.settings.check(g, val)
		if err != nil {
			return err
		}
		val = v
	}
	switch g.name {
	case "transaction_read_only":
		return s.setReadOnly(g, val)
	case "transaction_isolation":
		return s.setIsolation(g, val)
	case "temp_buffers":
		// PostgreSQL sizes a session's temporary buffers once, when it
		// first uses a temporary table.
		if s.temp != nil && val != g.value {
			return errs.New(errs.InvalidParameterValue, "invalid value for parameter %q: %s", g.name, val).
				WithDetail("%q cannot be changed after any temporary tables have been accessed in the session.", g.name)
		}
	}
	s.applySetting(g, val, local)
	g.set = !toDefault
	return nil
}

// check reads val as a value of g (SET, set_config, a start-up
// parameter): by its type (guc.parse), or its own syntax for the few
// that have one; and refuses the values whose meaning zerodb does not
// have, rather than accept them and act otherwise.
func (s *settings) check(g *setting, val string) (string, error) {
	switch g.name {
	case "DateStyle":
		return dateStyle(g.value, val)
	case "TimeZone":
		// IANA names in any case, hours east, POSIX specifications
		// (value.LoadZone); SHOW gives the name as PostgreSQL spells it.
		_, name, err := value.LoadZone(val)
		return name, err
	case "default_text_search_config":
		// A configuration zerodb has, shown qualified as PostgreSQL
		// shows it.
		c, err := tsearch.LookupConfig(val)
		if err != nil {
			return "", g.invalid(val)
		}
		return "pg_catalog." + c.Name, nil
	case "client_encoding":
		switch strings.ToUpper(strings.ReplaceAll(val, "-", "")) {
		case "UTF8", "UNICODE":
			return "UTF8", nil
		}
		return "", errs.New(errs.FeatureNotSupported, "client encoding %q is not supported: zerodb speaks UTF8 only", val)
	}
	v, err := g.parse(val)
	if err != nil {
		return "", err
	}
	return v, unsupportedValue(g.guc, v)
}

// unsupportedValue refuses a value (checked by its type) of a parameter
// whose meaning zerodb does not have where it matters for what a
// statement answers or writes: the one access method, tablespace, bytea
// output and password hash it has, intervals written in the postgres
// style, string literals as the standard says, NULL compared as SQL
// does, and triggers and foreign keys always on.
func unsupportedValue(g *guc, v string) error {
	switch g.name {
	case "IntervalStyle":
		// postgres (the default) and iso_8601 (which Rails sets) are
		// written.
		if v != "postgres" && v != "iso_8601" {
			return errs.New(errs.FeatureNotSupported, "IntervalStyle %s is not supported: zerodb writes intervals in the postgres style", v)
		}
	case "bytea_output", "default_table_access_method", "password_encryption":
		if v != g.def {
			return g.invalid(v)
		}
	case "default_tablespace":
		if v != "" && !strings.EqualFold(v, "pg_default") {
			return g.invalid(v)
		}
	case "standard_conforming_strings", "array_nulls":
		if v != g.def {
			return errs.New(errs.FeatureNotSupported, "%s = %s is not supported", g.name, v)
		}
	case "transform_null_equals", "exit_on_error":
		if v == "on" {
			return errs.New(errs.FeatureNotSupported, "%s = on is not supported", g.name)
		}
	case "session_replication_role":
		if v != "origin" {
			return errs.New(errs.FeatureNotSupported, "session_replication_role %s is not supported: zerodb fires triggers and checks foreign keys in every session", v)
		}
	case "gin_fuzzy_search_limit":
		if v != "0" {
			return errs.New(errs.FeatureNotSupported, "gin_fuzzy_search_limit is not supported: zerodb's GIN scans return every match")
		}
	case "lc_messages", "lc_monetary", "lc_numeric", "lc_time":
		// zerodb writes messages, numbers, money and dates as the C
		// locale does.
		switch strings.ToLower(strings.ReplaceAll(v, "-", "")) {
		case "", "c", "posix", "c.utf8", "en_us.utf8", "en_us":
		default:
			return g.invalid(v)
		}
	}
	return nil
}

// applySetting gives g (checked) val, to be undone at the block's end
// as setSetting says.
func (s *Session) applySetting(g *setting, val string, local bool) {
	if s.txn == nil {
		if !local && !isTxnSetting(g.name) {
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
	set   bool
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
	s.undo = append(s.undo, undo{g: g, value: g.value, set: g.set, local: local})
}

// endBlock ends a transaction block's settings: a commit keeps plain SETs
// and undoes SET LOCALs, a rollback undoes both.
func (s *settings) endBlock(committed bool) {
	for _, u := range s.undo {
		if !committed || u.local {
			s.assign(u.g, u.value)
			u.g.set = u.set
		}
	}
	s.undo = s.undo[:0]
	s.syncTxn()
}

// show answers SHOW name and SHOW ALL.
func (s *Session) show(st *plan.Statement, w pgwire.ResultWriter) (string, bool, error) {
	out := newRowWriter(w, st)
	if strings.EqualFold(st.SettingName, "all") {
		for _, g := range s.settings.all() {
			if err := out.row([]value.Value{value.String(g.name), value.String(g.show(g.value)), value.String(g.desc)}); err != nil {
				return "", out.sent, err
			}
		}
	} else {
		v, ok := s.Setting(st.SettingName)
		if !ok {
			return "", false, errs.New(errs.UndefinedObject, "unrecognized configuration parameter %q", st.SettingName)
		}
		if err := out.row([]value.Value{value.String(v)}); err != nil {
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
	s.resetAll()
	// And SET SESSION AUTHORIZATION DEFAULT, as PostgreSQL's DISCARD ALL.
	for _, g := range []*setting{s.settings.role, s.settings.sessionAuth} {
		s.settings.assign(g, g.reset)
		g.set = false
	}
	s.settings.syncTxn()
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
