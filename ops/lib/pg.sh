# shellcheck shell=bash
# Helpers for a private PostgreSQL cluster on loopback. Sourced by ops/run, ops/test, ops/bench.
# PostgreSQL refuses to run as root: as root the server tools run as the `postgres` OS user.

PG_PACKAGE_LINE="apt-get update && apt-get install -y postgresql"

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

# Installs the PostgreSQL server when missing (as root), or explains how (as a normal user).
pg_ensure_installed() {
  if pg_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" = "0" ]; then
    echo "PostgreSQL server not found: installing Debian's postgresql package ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null || {
      echo "error: installing postgresql failed" >&2; return 1; }
    # Debian starts its own default cluster on 5432; we don't use it.
    if command -v pg_ctlcluster >/dev/null; then
      for c in /etc/postgresql/*/main; do
        [ -d "$c" ] && pg_ctlcluster "$(basename "$(dirname "$c")")" main stop >/dev/null 2>&1 || true
      done
    fi
    pg_bindir >/dev/null || { echo "error: postgresql installed but initdb not found" >&2; return 1; }
  else
    echo "error: the PostgreSQL server is not installed. As root, run:" >&2
    echo "  $PG_PACKAGE_LINE" >&2
    return 1
  fi
}

# Runs a server tool as the right OS user.
pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then
    # from / : the postgres user may not be able to enter the caller's working directory
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# pg_data_dir PREFERRED: prints the data folder to use. As root, the `postgres` OS user must be able
# to reach it; when it cannot (repo in a private folder), a folder owned by that user outside the
# repo is used instead, named after the repo path so two checkouts don't share it.
pg_data_dir() {
  local preferred="$1"
  if [ "$(id -u)" != "0" ]; then echo "$preferred"; return 0; fi
  mkdir -p "$(dirname "$preferred")"
  chown postgres:postgres "$(dirname "$preferred")" 2>/dev/null || true
  if runuser -u postgres -- test -w "$(dirname "$preferred")" 2>/dev/null; then
    echo "$preferred"
  else
    local hash; hash=$(printf '%s' "$preferred" | sha1sum | cut -c1-12)
    local alt="/var/lib/postgresql/selbstcheck-$hash/pg"
    mkdir -p "$(dirname "$alt")" && chown postgres:postgres "$(dirname "$alt")"
    echo "$alt"
  fi
}

# The cluster's client authentication: the superuser `postgres` (admin scripts, tests, benchmarks) without
# password on loopback only; every other role — the schema owner and the service's runtime role — with a
# password (scram-sha-256), as in a real deployment.
PG_HBA='# written by ops/lib/pg.sh
local all postgres              trust
host  all postgres 127.0.0.1/32 trust
host  all postgres ::1/128      trust
local all all                   scram-sha-256
host  all all      127.0.0.1/32 scram-sha-256
host  all all      ::1/128      scram-sha-256'

# pg_write_hba DATA_DIR: writes pg_hba.conf when it differs; prints "changed" then.
pg_write_hba() {
  local data="$1"
  if [ "$(pg_as_owner cat "$data/pg_hba.conf" 2>/dev/null)" != "$PG_HBA" ]; then
    printf '%s\n' "$PG_HBA" | pg_as_owner tee "$data/pg_hba.conf" >/dev/null
    echo changed
  fi
}

# pg_start DATA_DIR PORT: initialises (once) and starts the cluster; idempotent. PG_FSYNC (on/off) and
# PG_EXTRA_OPTS (further "-c name=value" server settings) adjust it.
pg_start() {
  local data="$1" port="$2" bin
  bin="$(pg_bindir)"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null || {
      echo "error: initdb failed for $data" >&2; return 1; }
  fi
  local hba; hba=$(pg_write_hba "$data")
  if pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    [ -n "$hba" ] && pg_as_owner "$bin/pg_ctl" -D "$data" reload >/dev/null
    return 0
  fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c max_connections=200 -c fsync=${PG_FSYNC:-on} ${PG_EXTRA_OPTS:-}" \
    start >/dev/null || { echo "error: PostgreSQL did not start; see $data/server.log" >&2; tail -20 "$data/server.log" >&2; return 1; }
}

pg_stop() {
  local data="$1" bin
  bin="$(pg_bindir)" || return 0
  [ -s "$data/PG_VERSION" ] || return 0
  pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_create_db PORT NAME [OWNER]: creates the database when missing (owned by OWNER when given).
pg_create_db() {
  local port="$1" name="$2" owner="${3:-}"
  local exists
  exists=$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$name'")
  [ "$exists" = "1" ] || psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$name\"" >/dev/null
  if [ -n "$owner" ]; then
    psql -h 127.0.0.1 -p "$port" -U postgres -d "$name" -qc "alter database \"$name\" owner to \"$owner\"" \
      -c "alter schema public owner to \"$owner\"" >/dev/null
    # Schemas and objects an older setup created as postgres move to the owner role.
    psql -h 127.0.0.1 -p "$port" -U postgres -d "$name" -qAt -c "select format('alter schema %I owner to %I;', nspname, '$owner') from pg_namespace where nspname in ('selbstcheck', 'personal', 'hangfire')" \
      | psql -h 127.0.0.1 -p "$port" -U postgres -d "$name" -q >/dev/null
    psql -h 127.0.0.1 -p "$port" -U postgres -d "$name" -qAt -c "
      select format('alter table %I.%I owner to %I;', schemaname, tablename, '$owner') from pg_tables
        where schemaname in ('selbstcheck', 'personal', 'hangfire') and tableowner <> '$owner'
      union all
      select format('alter sequence %I.%I owner to %I;', schemaname, sequencename, '$owner') from pg_sequences
        where schemaname in ('selbstcheck', 'personal', 'hangfire') and sequenceowner <> '$owner'
      union all
      select format('alter function %s owner to %I;', p.oid::regprocedure, '$owner') from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('selbstcheck', 'personal', 'hangfire') and pg_get_userbyid(p.proowner) <> '$owner'" \
      | psql -h 127.0.0.1 -p "$port" -U postgres -d "$name" -q >/dev/null
  fi
}

# pg_password FILE: prints the password kept in FILE, creating it (random, owner-only) when missing.
pg_password() {
  local file="$1"
  if [ ! -s "$file" ]; then
    (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$file")
  fi
  cat "$file"
}

# pg_ensure_roles PORT OWNER OWNER_PASSWORD RUNTIME RUNTIME_PASSWORD: the two roles of a deployment —
# the schema owner (applies the schema at deploy time) and the runtime role the service connects with
# (no superuser, no DDL: db-install grants it rows and sequences only). Both log in with a password.
pg_ensure_roles() {
  local port="$1" owner="$2" owner_pw="$3" runtime="$4" runtime_pw="$5"
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = '$owner') then create role "$owner" login; end if;
  if not exists (select 1 from pg_roles where rolname = '$runtime') then create role "$runtime" login; end if;
end \$\$;
alter role "$owner" login nosuperuser nocreatedb nocreaterole password '$owner_pw';
alter role "$runtime" login nosuperuser nocreatedb nocreaterole noinherit password '$runtime_pw';
SQL
}
