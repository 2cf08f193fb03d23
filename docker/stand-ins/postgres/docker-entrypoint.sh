#!/usr/bin/env bash
# The official postgres image's start-up, as far as Slipway's compose file uses it: on an empty
# $PGDATA, initdb with the superuser POSTGRES_USER (default postgres) and the password from
# POSTGRES_PASSWORD_FILE or POSTGRES_PASSWORD, trust on the local socket and scram-sha-256 on TCP,
# database POSTGRES_DB, then /docker-entrypoint-initdb.d/*.sh (sourced) and *.sql on a server that
# listens on the socket only. Runs postgres as the postgres user.
set -eo pipefail

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
export POSTGRES_USER POSTGRES_DB

first_start() {
  local password
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
    password=$(cat "$POSTGRES_PASSWORD_FILE")
  else
    password=${POSTGRES_PASSWORD:-}
  fi
  if [ -z "$password" ]; then
    echo "postgres: set POSTGRES_PASSWORD_FILE or POSTGRES_PASSWORD: the superuser needs a password" >&2
    exit 1
  fi
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$password") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 -D "$PGDATA"
  printf '%s\n' 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
  printf '%s\n' "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"

  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
      -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  local script
  for script in /docker-entrypoint-initdb.d/*; do
    case "$script" in
      *.sh) echo "postgres: running $script"; . "$script" ;;
      *.sql) echo "postgres: running $script"
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$script" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
}

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  first_start
fi
exec "$@"
