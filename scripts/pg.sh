#!/usr/bin/env bash
# The checkout's private PostGIS cluster: `scripts/pg.sh start|stop|status|psql [args]`.
# Data in .pg/data (git-ignored), reachable only through a Unix socket, so checkouts never collide on a port.
# As root, the server runs as the `postgres` user (initdb refuses root); when that user cannot enter the checkout,
# the cluster lives in a per-checkout folder in /var/tmp instead (config.py decides, for the app and this script alike).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLUSTER_DIR="$(python3 "$ROOT/config.py" cluster-dir)"
DATA="$CLUSTER_DIR/data"
LOG="$CLUSTER_DIR/server.log"
SOCKET_DIR="$(python3 "$ROOT/config.py" socket-dir)"
PG_BIN="/usr/lib/postgresql/15/bin"
[ -x "$PG_BIN/pg_ctl" ] || PG_BIN="$(dirname "$(command -v pg_ctl)")"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dirs() {
  mkdir -p "$CLUSTER_DIR" "$SOCKET_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$CLUSTER_DIR" "$SOCKET_DIR"; fi
  if ! as_owner test -w "$CLUSTER_DIR"; then
    echo "pg.sh: the postgres user cannot write $CLUSTER_DIR" >&2
    exit 1
  fi
}

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return 0
  echo "pg.sh: creating the private cluster in $DATA"
  as_owner "$PG_BIN/initdb" -D "$DATA" -U mapfinder --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A throw-away development cluster: durability settings traded for speed; never use these in production.
  cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$SOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}

is_running() {
  as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  prepare_dirs
  init_cluster
  if ! is_running; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null
  fi
  ensure_database mapfinder
  echo "pg.sh: PostGIS cluster up, socket in $SOCKET_DIR"
}

ensure_database() {
  local exists
  exists="$(run_psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")"
  [ "$exists" = 1 ] || run_psql -d postgres -qc "CREATE DATABASE $1"
}

run_psql() {
  psql -h "$SOCKET_DIR" -U mapfinder -v ON_ERROR_STOP=1 "$@"
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && is_running; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "pg.sh: stopped"
  else
    echo "pg.sh: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo running; else echo stopped; exit 3; fi ;;
  psql) shift; run_psql -d mapfinder "$@" ;;
  *) echo "usage: scripts/pg.sh start|stop|status|psql [args]" >&2; exit 2 ;;
esac
