package session

import (
	"strings"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/pgwire"
)

func TestGUCCatalogSorted(t *testing.T) {
	for i := range gucs {
		g := &gucs[i]
		if i > 0 && compareFold(gucs[i-1].name, strings.ToLower(g.name)) >= 0 {
			t.Errorf("gucs: %s before %s", gucs[i-1].name, g.name)
		}
		if lookupGUC(strings.ToLower(g.name)) != g {
			t.Errorf("lookupGUC(%q) does not find it", g.name)
		}
		// Every default is a value its own parse accepts as it is.
		if g.typ != typeString && g.ctx >= ctxSuperuserBackend {
			if v, err := g.parse(g.def); err != nil || v != g.def {
				t.Errorf("%s: default %q parses as %q, %v", g.name, g.def, v, err)
			}
		}
	}
	if lookupGUC("no_such_parameter") != nil {
		t.Error("lookupGUC found no_such_parameter")
	}
}

func TestGUCParseShow(t *testing.T) {
	for _, c := range []struct {
		name, in  string
		raw, show string // want parse's value and show's of it
		code      string // or the error's SQLSTATE
	}{
		{"work_mem", "64MB", "65536", "64MB", ""},
		{"work_mem", "64000", "64000", "64000kB", ""},
		{"work_mem", "1GB", "1048576", "1GB", ""},
		{"work_mem", " 4 MB ", "4096", "4MB", ""},
		{"work_mem", "1.5MB", "1536", "1536kB", ""},
		{"work_mem", "65536B", "64", "64kB", ""},
		{"work_mem", "0x100", "256", "256kB", ""},
		{"work_mem", "4mb", "", "", errs.InvalidParameterValue},
		{"work_mem", "1", "", "", errs.InvalidParameterValue},
		{"work_mem", "3000GB", "", "", errs.InvalidParameterValue},
		{"work_mem", "many", "", "", errs.InvalidParameterValue},
		{"shared_buffers", "16384", "16384", "128MB", ""},
		{"statement_timeout", "1s", "1000", "1s", ""},
		{"statement_timeout", "500ms", "500", "500ms", ""},
		{"statement_timeout", "1.5s", "1500", "1500ms", ""},
		{"statement_timeout", "90min", "5400000", "90min", ""},
		{"statement_timeout", "0", "0", "0", ""},
		{"statement_timeout", "-1", "", "", errs.InvalidParameterValue},
		{"statement_timeout", "1 sec", "", "", errs.InvalidParameterValue},
		{"idle_session_timeout", "2h", "7200000", "2h", ""},
		{"tcp_keepalives_idle", "1min", "60", "60", ""},
		{"log_rotation_age", "1d", "1440", "1d", ""},
		{"random_page_cost", "1.1", "1.1", "1.1", ""},
		{"random_page_cost", "4", "4", "4", ""},
		{"random_page_cost", "-1", "", "", errs.InvalidParameterValue},
		{"vacuum_cost_delay", "2ms", "2", "2ms", ""},
		{"vacuum_cost_delay", "0.5", "0.5", "500us", ""},
		{"jit", "off", "off", "off", ""},
		{"jit", "TRUE", "on", "on", ""},
		{"jit", "of", "off", "off", ""},
		{"jit", "o", "", "", errs.InvalidParameterValue},
		{"jit", "y", "on", "on", ""},
		{"jit", "2", "", "", errs.InvalidParameterValue},
		{"synchronous_commit", "OFF", "off", "off", ""},
		{"synchronous_commit", "false", "off", "off", ""},
		{"synchronous_commit", "remote_apply", "remote_apply", "remote_apply", ""},
		{"synchronous_commit", "sometimes", "", "", errs.InvalidParameterValue},
		{"client_min_messages", "debug", "debug2", "debug2", ""},
		{"plan_cache_mode", "Force_Generic_Plan", "force_generic_plan", "force_generic_plan", ""},
		{"join_collapse_limit", "1", "1", "1", ""},
		{"join_collapse_limit", "0", "", "", errs.InvalidParameterValue},
		{"geqo", "no", "off", "off", ""},
		{"IntervalStyle", "POSTGRES", "postgres", "postgres", ""},
		{"IntervalStyle", "iso_8601", "iso_8601", "iso_8601", ""},
		{"IntervalStyle", "sql_standard", "", "", errs.FeatureNotSupported},
		{"IntervalStyle", "verbose", "", "", errs.InvalidParameterValue},
		{"bytea_output", "escape", "", "", errs.InvalidParameterValue},
		{"standard_conforming_strings", "off", "", "", errs.FeatureNotSupported},
		{"session_replication_role", "replica", "", "", errs.FeatureNotSupported},
		{"session_replication_role", "origin", "origin", "origin", ""},
		{"lc_messages", "C", "C", "C", ""},
		{"lc_monetary", "de_DE.UTF-8", "", "", errs.InvalidParameterValue},
		{"client_encoding", "utf-8", "UTF8", "UTF8", ""},
		{"client_encoding", "LATIN1", "", "", errs.FeatureNotSupported},
		{"default_text_search_config", "english", "pg_catalog.english", "pg_catalog.english", ""},
		{"DateStyle", "iso, dmy", "ISO, DMY", "ISO, DMY", ""},
		{"DateStyle", "SQL", "", "", errs.FeatureNotSupported},
		{"TimeZone", "europe/berlin", "Europe/Berlin", "Europe/Berlin", ""},
		{"transaction_isolation", "SERIALIZABLE", "serializable", "serializable", ""},
	} {
		s := newSettings(pgwire.StartupParams{User: "root"}, nil)
		g, ok := s.lookup(c.name)
		if !ok {
			t.Fatalf("no parameter %s", c.name)
		}
		raw, err := s.check(g, c.in)
		if errs.Code(err) != c.code || err == nil && (raw != c.raw || g.show(raw) != c.show) {
			t.Errorf("%s = %q: %q (shown %q), %v; want %q (%q), %s", c.name, c.in, raw, g.show(raw), err, c.raw, c.show, c.code)
		}
	}
}

func TestGUCContextError(t *testing.T) {
	for _, c := range []struct {
		name      string
		superuser bool
		code      string
	}{
		{"max_connections", true, errs.CantChangeRuntimeParam},
		{"shared_buffers", true, errs.CantChangeRuntimeParam},
		{"server_version", true, errs.CantChangeRuntimeParam},
		{"log_line_prefix", true, errs.CantChangeRuntimeParam},
		{"ignore_system_indexes", true, errs.CantChangeRuntimeParam},
		{"deadlock_timeout", true, ""},
		{"deadlock_timeout", false, errs.InsufficientPrivilege},
		{"work_mem", false, ""},
	} {
		err := lookupGUC(strings.ToLower(c.name)).contextError(c.superuser)
		if errs.Code(err) != c.code {
			t.Errorf("%s (superuser %v): %v, want %s", c.name, c.superuser, err, c.code)
		}
	}
}

// FuzzGUCParse reads any text as a value of parameters of each type and
// unit: no panic, and an integer's shown value reads back as itself.
func FuzzGUCParse(f *testing.F) {
	for _, s := range []string{"64MB", "0x10", "1.5s", " 4 kB ", "1e3", "-1", "on", "of", "debug", "2147483648", ".", "1e", "0x", "+.5ms"} {
		f.Add(s)
	}
	names := []string{"work_mem", "shared_buffers", "statement_timeout", "tcp_keepalives_idle", "log_rotation_age",
		"vacuum_cost_delay", "random_page_cost", "jit", "synchronous_commit", "client_min_messages", "extra_float_digits"}
	f.Fuzz(func(t *testing.T, val string) {
		for _, name := range names {
			g := lookupGUC(name)
			v, err := g.parse(val)
			if err != nil {
				if errs.Code(err) != errs.InvalidParameterValue {
					t.Fatalf("%s = %q: %v", name, val, err)
				}
				continue
			}
			if g.typ == typeInt && !strings.HasPrefix(name, "tcp_") {
				if back, err := g.parse(g.show(v)); err != nil || back != v {
					t.Fatalf("%s = %q: %s shown %s reads as %s, %v", name, val, v, g.show(v), back, err)
				}
			}
		}
	})
}

func TestGUCStartupParams(t *testing.T) {
	p := pgwire.StartupParams{User: "u", All: map[string]string{
		"options":          "-c log_statement=all -c work_mem=8MB --geqo=off -c max_connections=5 -c jit=maybe",
		"DateStyle":        "ISO, DMY",
		"application_name": "app",
	}}
	for _, superuser := range []bool{true, false} {
		s := newSettings(p, nil)
		s.setLoginSuperuser(superuser)
		want := map[string]string{"work_mem": "8192", "geqo": "off", "max_connections": "100", "jit": "on",
			"DateStyle": "ISO, DMY", "application_name": "app", "log_statement": "all"}
		if !superuser {
			want["log_statement"] = "none"
		}
		for name, w := range want {
			if v, _, _ := s.get(name); v != w {
				t.Errorf("superuser %v: %s = %q, want %q", superuser, name, v, w)
			}
		}
		if g, _ := s.lookup("work_mem"); g.source() != "client" || g.reset != "8192" {
			t.Errorf("work_mem: source %s, reset %s", g.source(), g.reset)
		}
	}
}

// TestServerSettings checks Options.ServerSettings: server-wide
// parameters only, with values they take, shown as the session's
// defaults with the source "command line".
func TestServerSettings(t *testing.T) {
	for _, tc := range []struct {
		given   map[string]string
		wantErr string
	}{
		{given: map[string]string{"Port": "6543", "listen_addresses": "*"}},
		{given: map[string]string{"work_mem": "4MB"}, wantErr: "not a server-wide parameter"},
		{given: map[string]string{"no_such": "1"}, wantErr: "not a server-wide parameter"},
		{given: map[string]string{"port": "70000"}, wantErr: "port"},
	} {
		server, err := serverSettings(tc.given)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: got %v, want an error with %q", tc.given, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", tc.given, err)
		}
		s := newSettings(pgwire.StartupParams{User: "root"}, server)
		if v, _, _ := s.get("port"); v != "6543" {
			t.Errorf("port = %q", v)
		}
		g, _ := s.lookup("listen_addresses")
		if g.value != "*" || g.reset != "*" || s.sourceOf(g) != "command line" {
			t.Errorf("listen_addresses = %q, reset %q, source %q", g.value, g.reset, s.sourceOf(g))
		}
		if g, _ := s.lookup("work_mem"); s.sourceOf(g) != "default" {
			t.Errorf("work_mem's source is %q", s.sourceOf(g))
		}
	}
}
