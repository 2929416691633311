#!/usr/bin/env bash
# Installs (when missing) and starts PostgreSQL and Redis from the distribution's Debian packages — no
# containers — and prints the environment the tests read. Idempotent and quiet; a second run only checks.
#
#   eval "$(scripts/ci-services.sh)"      # sets PARITY_TEST_POSTGRES_URL and PARITY_TEST_REDIS_URL
#
# Progress goes to stderr; stdout carries only the `export` lines. Needs root or password-less sudo.
set -euo pipefail

log() { echo "ci-services: $*" >&2; }

# Everything the tools below print (pg_ctlcluster says "Removed stale pid file." on stdout, for one) goes to
# stderr: stdout is eval'ed by the caller, so only the export lines may reach it, through fd 3.
exec 3>&1 1>&2

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
  as_postgres() { runuser -u postgres -- "$@"; }
else
  command -v sudo >/dev/null || { log "not root and no sudo: cannot install services"; exit 1; }
  as_root() { sudo -n "$@"; }
  as_postgres() { sudo -n -u postgres "$@"; }
fi

PG_USER=parity
PG_PASSWORD=parity
PG_DATABASE=parity
REDIS_PORT="${PARITY_CI_REDIS_PORT:-6379}"

# 1. Install what is missing.
missing=()
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || missing+=(postgresql)
command -v pg_lsclusters >/dev/null || missing+=(postgresql-common)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. PostgreSQL: the newest installed version's cluster, created if the package did not create one.
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  log "creating PostgreSQL $version cluster"
  as_root pg_createcluster "$version" main >/dev/null
fi
status="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')"
if [ "$status" != "online" ]; then
  log "starting PostgreSQL $version"
  # A server killed without shutting down leaves its socket lock behind; drop it when its process is gone.
  port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
  lock="/var/run/postgresql/.s.PGSQL.$port.lock"
  if [ -f "$lock" ] && ! kill -0 "$(head -n 1 "$lock")" 2>/dev/null; then
    log "removing stale $lock"
    as_root rm -f "$lock"
  fi
  as_root pg_ctlcluster "$version" main start 3>&-  # the server must not hold the caller's pipe open
fi
pg_port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
for _ in $(seq 1 60); do
  as_postgres psql -p "$pg_port" -tAqc 'select 1' >/dev/null 2>&1 && break
  sleep 0.5
done
# The test role may create databases and schemas of its own; its password only guards a CI machine.
as_postgres psql -p "$pg_port" -v ON_ERROR_STOP=1 -qtA >/dev/null <<SQL
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$PG_USER') then
    create role $PG_USER login createdb password '$PG_PASSWORD';
  end if;
end \$\$;
select 'create database $PG_DATABASE owner $PG_USER'
  where not exists (select from pg_database where datname = '$PG_DATABASE')
\gexec
SQL

# 3. Redis on localhost, without persistence.
redis_ping() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
if ! redis_ping; then
  log "starting redis-server on port $REDIS_PORT"
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/parity-ci-redis.log" >/dev/null 3>&-
  for _ in $(seq 1 60); do redis_ping && break; sleep 0.25; done
  redis_ping || { log "redis-server did not answer"; exit 1; }
fi

log "PostgreSQL $version on port $pg_port, Redis on port $REDIS_PORT"
echo >&3 "export PARITY_TEST_POSTGRES_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$pg_port/$PG_DATABASE"
echo >&3 "export PARITY_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
