# shellcheck shell=bash
# The database roles and the key-encryption key of the local setup. Sourced by ops/run and ops/token
# (after ops/lib/pg.sh). A deployment has the same parts:
#   - the schema owner (selbstcheck_owner) applies the schema: `Selbstcheck.Host.dll db-install --runtime-role ROLE`;
#   - the runtime role (selbstcheck_app) is what the service connects with: no superuser, no DDL, password (scram-sha-256);
#   - the key-encryption key, a file outside the database, owner-only, the same for every node.

DB_OWNER_ROLE=selbstcheck_owner
DB_RUNTIME_ROLE=selbstcheck_app

# db_prepare STATE PORT: on the private cluster (started already) creates both roles (passwords kept in
# STATE, owner-only) and the database owned by the owner; exports SELBSTCHECK_DB (runtime role) and
# SELBSTCHECK_DB_OWNER. With SELBSTCHECK_DB set by the caller, uses it as the runtime connection and
# SELBSTCHECK_DB_OWNER (default: the same) as the owner's.
db_prepare_private() {
  local state="$1" port="$2" owner_pw runtime_pw
  owner_pw=$(pg_password "$state/db-owner.password")
  runtime_pw=$(pg_password "$state/db-runtime.password")
  pg_ensure_roles "$port" "$DB_OWNER_ROLE" "$owner_pw" "$DB_RUNTIME_ROLE" "$runtime_pw"
  pg_create_db "$port" selbstcheck "$DB_OWNER_ROLE"
  export SELBSTCHECK_DB_OWNER="Host=127.0.0.1;Port=$port;Database=selbstcheck;Username=$DB_OWNER_ROLE;Password=$owner_pw"
  export SELBSTCHECK_DB="Host=127.0.0.1;Port=$port;Database=selbstcheck;Username=$DB_RUNTIME_ROLE;Password=$runtime_pw"
}

# db_key_file STATE: exports Selbstcheck__Keys__KeyFile (default STATE/key-encryption.key, created with 32
# random bytes, mode 600, when missing).
db_key_file() {
  local state="$1"
  if [ -z "${Selbstcheck__Keys__KeyFile:-}" ]; then
    export Selbstcheck__Keys__KeyFile="$state/key-encryption.key"
  fi
  if [ ! -s "$Selbstcheck__Keys__KeyFile" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 > "$Selbstcheck__Keys__KeyFile")
  fi
  chmod 600 "$Selbstcheck__Keys__KeyFile"
}

# db_install HOST_DLL: applies the schema as the owner and grants the runtime role (when the two differ).
db_install() {
  local dll="$1" role=""
  local owner="${SELBSTCHECK_DB_OWNER:-$SELBSTCHECK_DB}"
  if [ "$owner" != "$SELBSTCHECK_DB" ]; then
    role=$(echo "$SELBSTCHECK_DB" | tr ';' '\n' | grep -iE '^(username|user id|user)=' | head -1 | cut -d= -f2)
  fi
  SELBSTCHECK_DB="$owner" SELBSTCHECK_DEMO=0 Logging__LogLevel__Default=Warning \
    dotnet "$dll" db-install ${role:+--runtime-role "$role"} >/dev/null || {
      echo "error: applying the schema failed (db-install)" >&2; return 1; }
}
