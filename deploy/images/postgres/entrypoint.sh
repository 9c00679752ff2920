#!/bin/sh
# trm/postgres:15 (deploy/images/build-images.sh): Debian's PostgreSQL 15 as user postgres. On the first start (an empty
# $PGDATA) it runs initdb — superuser postgres with the password from $POSTGRES_PASSWORD_FILE, scram-sha-256 over TCP —
# then, on a server listening on a private socket only, the files of /docker-entrypoint-initdb.d in name order (*.sql with
# psql, *.sh with sh), then stops it. Every start: `postgres` on all interfaces of the container, with any arguments given.
set -eu
BIN=/usr/lib/postgresql/15/bin
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
SOCKETS=/tmp
export PGDATA

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ -s "$POSTGRES_PASSWORD_FILE" ] || { echo "entrypoint: POSTGRES_PASSWORD_FILE (the superuser's password) is required on the first start" >&2; exit 1; }
  echo "entrypoint: initdb $PGDATA" >&2
  "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$POSTGRES_PASSWORD_FILE" --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  "$BIN/pg_ctl" -D "$PGDATA" -w -t 60 -o "-c listen_addresses='' -k $SOCKETS" start >/dev/null
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sql) echo "entrypoint: running $f" >&2; "$BIN/psql" -q -X -v ON_ERROR_STOP=1 -h "$SOCKETS" -U postgres -d postgres -f "$f" >/dev/null ;;
      *.sh) echo "entrypoint: running $f" >&2; PGHOST="$SOCKETS" PGUSER=postgres sh "$f" ;;
      *) echo "entrypoint: ignoring $f" >&2 ;;
    esac
  done
  "$BIN/pg_ctl" -D "$PGDATA" -w -m fast stop >/dev/null
  echo "entrypoint: initialised" >&2
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -k "$SOCKETS" "$@"
