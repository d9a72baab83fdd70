#!/usr/bin/env bash
# Starts throwaway PostgreSQL and Redis servers on loopback for the tests and the benchmark,
# when their binaries are installed and DATABASE_URL / REDIS_URL are not already set.
# Prints `export` lines for the caller to eval. `services.sh stop` stops them.
set -euo pipefail
state="${STP_SERVICES_DIR:-/tmp/stp-services-$(id -u)}"
pg_port="${STP_PG_PORT:-54329}"
redis_port="${STP_REDIS_PORT:-63799}"

pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)"
}

# PostgreSQL refuses to run as root; run it as the postgres user the Debian package creates.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] || { echo "# PostgreSQL not installed: tests use SQLite" >&2; return; }
  local data="$state/pg"
  mkdir -p "$state"
  [ "$(id -u)" = 0 ] && chown postgres "$state" 2>/dev/null || true
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if [ ! -s "$data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $pg_port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
  fi
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres stp >/dev/null 2>&1 || true
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/stp"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || { echo "# Redis not installed: tasks run in-process" >&2; return; }
  mkdir -p "$state/redis"
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" \
      --appendonly no --dir "$state/redis" --logfile "$state/redis/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export REDIS_URL=redis://127.0.0.1:$redis_port/0"
}

stop_all() {
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] && [ -d "$state/pg" ] && as_pg "$bin/pg_ctl" -D "$state/pg" -m fast stop >/dev/null 2>&1 || true
  command -v redis-cli >/dev/null 2>&1 && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start)
    [ -n "${DATABASE_URL:-}" ] && echo "export DATABASE_URL=$DATABASE_URL" || start_postgres
    [ -n "${REDIS_URL:-}" ] && echo "export REDIS_URL=$REDIS_URL" || start_redis
    ;;
  stop) stop_all ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
