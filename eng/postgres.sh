#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests of CrisisKit.Storage.PostgreSql and the CLI's --store.
#
#   eng/postgres.sh start   # initdb into a temporary folder, start it on 127.0.0.1 and a free port, create a database
#   eng/postgres.sh stop    # stop it and delete the folder
#   eng/postgres.sh status  # is it running? (exit 0 when it is)
#
# start writes the connection string to artifacts/postgres.env (override with CRISISKIT_POSTGRES_ENV) as
#   export CRISISKIT_POSTGRES='Host=127.0.0.1;Port=...;Username=crisiskit;Password=...;Database=crisiskit'
# and prints it; `source artifacts/postgres.env` before `dotnet test` and the PostgreSQL tests run against it.
# Needs the PostgreSQL server binaries (Debian's postgresql package; installed with apt-get when absent and root).
# initdb refuses to run as root: as root the server runs as the postgres user, in a folder it owns.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
env_file=${CRISISKIT_POSTGRES_ENV:-$repo/artifacts/postgres.env}

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_postgres() {
  [ "$(id -u)" -eq 0 ] || die "the PostgreSQL server binaries are absent (no /usr/lib/postgresql/*/bin/initdb); install Debian's postgresql package"
  echo "postgres.sh: installing Debian's postgresql package" >&2
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql) \
    > /tmp/crisiskit-postgres-apt.log 2>&1 || { tail -n 5 /tmp/crisiskit-postgres-apt.log >&2; die "apt-get install postgresql failed"; }
}

# Runs a server binary as the account that owns the cluster (postgres when we are root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for port in $(seq 54320 54420); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port in 54320-54420"
}

running() {
  [ -f "$env_file" ] || return 1
  # shellcheck disable=SC1090
  . "$env_file"
  [ -n "${CRISISKIT_POSTGRES_DATA:-}" ] && [ -d "$CRISISKIT_POSTGRES_DATA" ] || return 1
  as_owner "$(find_bin)/pg_ctl" -D "$CRISISKIT_POSTGRES_DATA/data" status >/dev/null 2>&1
}

start() {
  if running; then
    echo "postgres.sh: already running ($env_file)" >&2
    cat "$env_file"
    return 0
  fi

  local bin
  bin=$(find_bin) || { install_postgres; bin=$(find_bin) || die "no initdb/pg_ctl after installing postgresql"; }
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs a 'postgres' account to run the server as (initdb refuses root)"
  fi

  local root port password
  root=$(mktemp -d "${TMPDIR:-/tmp}/crisiskit-postgres.XXXXXX")
  chmod 755 "$root"
  port=$(free_port)
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$root/pwfile"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$root"
  fi

  echo "postgres.sh: initdb ($bin) into $root/data" >&2
  as_owner "$bin/initdb" -D "$root/data" -U crisiskit --pwfile="$root/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C > "$root/initdb.log" 2>&1 || { tail -n 20 "$root/initdb.log" >&2; die "initdb failed"; }
  rm -f "$root/pwfile"

  # A test server: no fsync (its data is thrown away), enough connections for test projects running in parallel.
  as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start > /dev/null || { tail -n 20 "$root/server.log" >&2; die "pg_ctl start failed"; }

  # Over the server's own Unix socket in the folder (trusted), so no password goes on a command line.
  as_owner "$bin/createdb" -h "$root" -p "$port" -U crisiskit crisiskit || die "createdb failed"

  mkdir -p "$(dirname "$env_file")"
  {
    echo "export CRISISKIT_POSTGRES='Host=127.0.0.1;Port=$port;Username=crisiskit;Password=$password;Database=crisiskit'"
    echo "export CRISISKIT_POSTGRES_DATA='$root'"
  } > "$env_file"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port; connection string in $env_file" >&2
  cat "$env_file"
}

stop() {
  if [ ! -f "$env_file" ]; then
    echo "postgres.sh: not running (no $env_file)" >&2
    return 0
  fi

  # shellcheck disable=SC1090
  . "$env_file"
  local bin
  bin=$(find_bin) || die "no pg_ctl"
  if [ -n "${CRISISKIT_POSTGRES_DATA:-}" ] && [ -d "$CRISISKIT_POSTGRES_DATA/data" ]; then
    as_owner "$bin/pg_ctl" -D "$CRISISKIT_POSTGRES_DATA/data" -m fast -w stop > /dev/null 2>&1 || true
    case "$CRISISKIT_POSTGRES_DATA" in
      */crisiskit-postgres.*) rm -rf "$CRISISKIT_POSTGRES_DATA" ;;
    esac
  fi
  rm -f "$env_file"
  echo "postgres.sh: stopped" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then cat "$env_file"; else echo "postgres.sh: not running" >&2; exit 1; fi ;;
  *) echo "usage: eng/postgres.sh start|stop|status" >&2; exit 2 ;;
esac
