#!/usr/bin/env bash
# Runs zerodb's whole test suite on a fresh machine: installs what the
# tests need (Debian packages: psql, the PostgreSQL server used by the
# differential tests and benchmarks), checks formatting and vet, builds
# the binary, and runs every Go test (the compat-tests drive the real
# binary with real clients).
#
# Under CI (CI=true) a missing client is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

# 1. What the tests need.
need=()
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/postgres" ] || need+=(postgresql)
# The driver checks (compat-tests/drivers): psycopg 2 and 3, the JDBC
# driver, and tokio-postgres built offline with Debian's cargo against
# Debian's crate registry; the ORM checks (compat-tests/orms): Django,
# SQLAlchemy and Alembic, Rails' ActiveRecord; the tool checks
# (compat-tests/tools): pgcli.
for pkg in python3-psycopg2 python3-psycopg libpostgresql-jdbc-java cargo \
  python3-django python3-sqlalchemy python3-alembic ruby-activerecord ruby-pg pgcli \
  librust-tokio-postgres-dev librust-tokio-dev librust-tokio-macros-dev \
  librust-uuid-dev librust-chrono-dev librust-serde-json-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# node-postgres and postgres.js, Sequelize, TypeORM, Knex and Drizzle from the npm
# registry, at the versions each package-lock.json pins.
log "npm ci (compat-tests/drivers/node, compat-tests/orms/node)"
(cd compat-tests/drivers/node && npm ci --no-audit --no-fund --silent)
(cd compat-tests/orms/node && npm ci --no-audit --no-fund --silent)

# 2. Static checks.
log "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
log "go vet"
go vet ./...
# staticcheck from the Go module proxy, pinned so that results do not
# change under us.
log "staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# 3. Build the binary once; compat-tests use it.
log "go build"
mkdir -p bin
go build -o bin/zerodb ./cmd/zerodb
export ZERODB_BIN="$PWD/bin/zerodb"

# 4. Tests. The race detector covers the packages with concurrency; the
# compat-tests run real processes and need no race build of themselves.
log "go test"
go test -race -timeout 40m $(go list ./... | grep -v /compat-tests)
go test -timeout 20m ./compat-tests/...
log "all tests passed"
