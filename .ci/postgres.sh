#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on a loopback port for duo-store-jdbc's tests and prints the
# variables the tests read, as shell assignments:
#
#   eval "$(.ci/postgres.sh)"        # then: mvn -B -ntp -pl duo-store-jdbc -am verify
#
# PostgreSQL refuses to run as root, so as root (CI, containers) the cluster runs as the 'postgres'
# user through runuser; as anyone else it runs as you. Debian's 'postgresql' package is installed with
# apt-get when no PostgreSQL binaries are found (root only). Idempotent: a cluster already running on
# the port is reused. Stop it with: .ci/postgres.sh stop
set -euo pipefail

# Below Linux's ephemeral range (32768-60999): a port inside it can be held for a while as the local end
# of some outgoing connection (a benchmark's 10,000 loopback streams), and PostgreSQL then cannot listen.
PORT="${DUO_PG_PORT:-25432}"
DATA="${DUO_PG_DATA:-/tmp/duo-pg-$PORT}"
SOCKETS="${DUO_PG_SOCKETS:-/tmp}"
DB_USER=duo_test
# A throw-away password for a throw-away cluster on loopback; it protects nothing.
DB_PASSWORD=duo-test-only
LOG="$DATA.log"

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
  return 1
}

if ! BIN="$(find_bin)"; then
  if [ "$(id -u)" != 0 ]; then
    echo "no PostgreSQL binaries found: install PostgreSQL (Debian: apt-get install postgresql)" >&2
    exit 1
  fi
  echo "installing Debian's postgresql package" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN="$(find_bin)"
fi

if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

if [ "${1:-start}" = stop ]; then
  as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    chmod 700 "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >&2
  fi
  touch "$LOG"
  [ "$(id -u)" = 0 ] && chown postgres "$LOG"
  start_pg() {
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k $SOCKETS -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >&2
  }
  if ! start_pg; then
    # A throw-away cluster left broken by an earlier run (killed mid-write, another version): start afresh.
    echo "the cluster in $DATA did not start (see $LOG): creating it again" >&2
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    chmod 700 "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >&2
    start_pg
  fi
fi

psql_pg() { as_pg "$BIN/psql" -h "$SOCKETS" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_pg -c "select 1 from pg_roles where rolname='$DB_USER'")" != 1 ]; then
  psql_pg -c "create role $DB_USER login createdb password '$DB_PASSWORD'" >&2
fi
if [ "$(psql_pg -c "select 1 from pg_database where datname='duo_test'")" != 1 ]; then
  psql_pg -c "create database duo_test owner $DB_USER" >&2
fi

echo "export DUO_TEST_JDBC_URL='jdbc:postgresql://127.0.0.1:$PORT/duo_test'"
echo "export DUO_TEST_DB_USER='$DB_USER'"
echo "export DUO_TEST_DB_PASSWORD='$DB_PASSWORD'"
