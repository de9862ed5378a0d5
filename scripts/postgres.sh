#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (and for trying a fleet by hand).
#   scripts/postgres.sh start   installs Debian's postgresql if missing, starts a
#                               cluster as a non-root user, prints its URL
#   scripts/postgres.sh stop    stops it and removes the cluster
# The cluster lives in $KIOSK_PG_DIR (default /tmp/kiosk-pg-$UID), on 127.0.0.1
# port $KIOSK_PG_PORT (default 55432); trust authentication on loopback only.
set -euo pipefail
DIR="${KIOSK_PG_DIR:-/tmp/kiosk-pg-$(id -u)}"
PORT="${KIOSK_PG_PORT:-55432}"
URL="postgresql://kiosk@127.0.0.1:${PORT}/kiosk"

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo"

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to `postgres`.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [ -z "$(pg_bin)" ]; then
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
    fi
    BIN="$(pg_bin)"
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
    if as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      echo "$URL"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    as_owner "$BIN/initdb" -D "$DIR" -U kiosk --auth=trust --encoding=UTF8 --no-locale >/dev/null
    # Throwaway data: durability settings off, so the tests spend no time in fsync.
    as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o \
      "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U kiosk kiosk
    echo "$URL"
    ;;
  stop)
    BIN="$(pg_bin)"
    if [ -n "$BIN" ] && [ -d "$DIR" ]; then
      as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
