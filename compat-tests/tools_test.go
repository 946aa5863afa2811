package compattests

import "testing"

// The tool checks (tools/README.md): programs people point at a
// PostgreSQL, driven through their own code against a fresh server.

func TestToolPgcli(t *testing.T) {
	requireTool(t, "pgcli")
	python := requireTool(t, "/usr/bin/python3")
	requirePythonModules(t, python, "pgcli", "pgspecial")
	s := startServer(t, "")
	runDriver(t, s, "tools/pgcli", python, "check.py")
}
