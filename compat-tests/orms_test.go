package compattests

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The ORM checks (orms/README.md): real applications reach a database
// through an ORM, whose migrations and introspection run catalog queries
// and DDL that no driver check does. Each program runs against a fresh
// server and prints "OK <orm>".

func TestORMDjango(t *testing.T) {
	python := requireTool(t, "/usr/bin/python3")
	requirePythonModules(t, python, "django", "psycopg2")
	s := startServer(t, "")
	runDriver(t, s, "orms/django", python, "check.py")
}

func TestORMSQLAlchemy(t *testing.T) {
	python := requireTool(t, "/usr/bin/python3")
	requirePythonModules(t, python, "sqlalchemy", "alembic", "psycopg2")
	s := startServer(t, "")
	runDriver(t, s, "orms/sqlalchemy", python, "check.py")
}

func TestORMActiveRecord(t *testing.T) {
	ruby := requireTool(t, "ruby")
	if err := exec.Command(ruby, "-e", `require "active_record"; require "pg"`).Run(); err != nil {
		missing(t, "ruby gems activerecord and pg (Debian ruby-activerecord, ruby-pg)")
	}
	s := startServer(t, "")
	runDriver(t, s, "orms/rails", ruby, "check.rb")
}

func TestORMGorm(t *testing.T) {
	goTool := requireTool(t, "go")
	// A module of its own (orms/gorm/go.mod), built from the Go module
	// proxy, so that the server's module does not depend on an ORM.
	bin := filepath.Join(t.TempDir(), "gorm-check")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Dir = "orms/gorm"
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build orms/gorm: %v\n%s", err, out)
	}
	s := startServer(t, "")
	runDriver(t, s, "orms/gorm", bin)
}

func TestORMNode(t *testing.T) {
	node := requireTool(t, "node")
	if _, err := os.Stat("orms/node/node_modules/sequelize"); err != nil {
		missing(t, "orms/node/node_modules (run npm ci in compat-tests/orms/node)")
	}
	for _, prog := range []string{"sequelize.mjs", "typeorm.mjs", "knex.mjs", "drizzle.mjs"} {
		t.Run(prog, func(t *testing.T) {
			s := startServer(t, "")
			runDriver(t, s, "orms/node", node, prog)
		})
	}
}

// requirePythonModules fails under CI, and skips elsewhere, when python
// cannot import one of the modules (Debian's python3-<module>).
func requirePythonModules(t *testing.T, python string, mods ...string) {
	t.Helper()
	for _, mod := range mods {
		if err := exec.Command(python, "-c", "import "+mod).Run(); err != nil {
			missing(t, "python module "+mod+" (Debian python3-"+mod+")")
		}
	}
}
