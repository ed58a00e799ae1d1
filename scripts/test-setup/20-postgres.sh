# Sourced by test.sh: a private PostgreSQL server for the PostgreSQL store, cluster and CLI tests.
# Installs Debian's postgresql when it is missing, creates a cluster in a temporary folder, starts it on a free
# loopback port (socket in that folder too, so it never touches a system server), creates a role and a database,
# and exports FEEDAGG_TEST_POSTGRES (an Npgsql connection string). The exit action stops it and removes the folder.
# Without it the PostgreSQL tests skip and say why.

postgres_setup() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test set-up: installing Debian postgresql"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "test set-up: no PostgreSQL server binaries (Debian package postgresql); the PostgreSQL tests will skip" >&2
    return 0
  fi

  # initdb refuses to run as root: the cluster belongs to the postgres user then.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "test set-up: no postgres user; the PostgreSQL tests will skip" >&2; return 0; }
    as=(runuser -u postgres --)
  fi

  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/feedagg-pg.XXXXXX")
  chmod 700 "$dir"
  [ ${#as[@]} -gt 0 ] && chown postgres "$dir"
  # A free loopback port: nothing answers on it now.
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    echo "test set-up: initdb failed ($(tail -n 1 "$dir/initdb.log")); the PostgreSQL tests will skip" >&2
    rm -rf "$dir"; return 0
  fi
  # Tests open many pools at once (three workers, fixtures in parallel): more connections than the default 100.
  if ! "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
       -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" >/dev/null; then
    echo "test set-up: PostgreSQL did not start ($(tail -n 1 "$dir/server.log")); the PostgreSQL tests will skip" >&2
    rm -rf "$dir"; return 0
  fi
  on_exit "${as[*]} '$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1; rm -rf '$dir'"

  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE feedagg LOGIN CREATEDB" -c "CREATE DATABASE feedagg OWNER feedagg" >/dev/null ||
    { echo "test set-up: could not create the test role and database; the PostgreSQL tests will skip" >&2; return 0; }
  # CREATEDB: each test fixture makes its own database from this one, so parallel tests never share tables.
  export FEEDAGG_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=feedagg;Database=feedagg"
  echo "test set-up: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}
postgres_setup
unset -f postgres_setup
