# Shared helpers for scripts/run.sh, scripts/test.sh and friends: install PostGIS when it is missing, and run a
# private PostgreSQL cluster on loopback. Sourced, not executed.

PG_VERSION="${PG_VERSION:-15}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/${PG_VERSION}/bin}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
    sudo "$@"
  else
    die "need root to run '$*'. Run this script as root, or as a user with sudo rights, or install the packages yourself: apt-get install -y postgresql-${PG_VERSION} postgresql-${PG_VERSION}-postgis-3"
  fi
}

postgis_installed() {
  [ -x "$PG_BIN/initdb" ] && [ -f "/usr/share/postgresql/${PG_VERSION}/extension/postgis.control" ]
}

ensure_postgis() {
  if postgis_installed; then return 0; fi
  log "installing PostgreSQL ${PG_VERSION} and PostGIS from apt"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "postgresql-${PG_VERSION}" "postgresql-${PG_VERSION}-postgis-3" >/dev/null
  postgis_installed || die "PostGIS did not install: /usr/share/postgresql/${PG_VERSION}/extension/postgis.control is missing"
}

# initdb refuses to run as root, so as root the cluster belongs to the postgres user; as anyone else it is ours.
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Picks a data directory the cluster's owner can reach. The preferred one is inside the checkout (git-ignored);
# when the checkout sits under a folder only root can enter, fall back to /tmp, keyed by the checkout's path.
cluster_dir() {
  local name="$1" preferred="$REPO_ROOT/.data/$1"
  if [ "$(id -u)" -ne 0 ]; then echo "$preferred"; return; fi
  mkdir -p "$REPO_ROOT/.data"
  if runuser -u postgres -- test -x "$REPO_ROOT/.data" 2>/dev/null; then
    echo "$preferred"
  else
    echo "/tmp/connectingpeople-$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-10)/$name"
  fi
}

# start_cluster DIR PORT: initialises DIR when it is empty, then starts it listening on 127.0.0.1:PORT.
start_cluster() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$(dirname "$dir")" "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $dir"
    pg_run "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_run "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "PostgreSQL already running in $dir"
    return 0
  fi
  log "starting PostgreSQL on 127.0.0.1:$port"
  pg_run "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c fsync=${PG_FSYNC:-on}" start >/dev/null \
    || { tail -n 30 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_cluster() {
  local dir="$1"
  pg_run "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# A port nobody is listening on, starting from the one asked for.
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

connection_string() {
  local port="$1" database="$2"
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$database"
}

ensure_database() {
  local port="$1" database="$2"
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$database\"" >/dev/null
  fi
}

# Points ConnectionStrings__Directory at the local cluster scripts/run.sh uses (port DIRECTORY_PG_PORT, default 5433),
# creating and starting it when needed; leaves a connection string the caller set alone.
use_local_database() {
  [ -n "${ConnectionStrings__Directory:-}" ] && return 0
  ensure_postgis
  local dir port
  dir="$(cluster_dir run)"
  port="${DIRECTORY_PG_PORT:-5433}"
  start_cluster "$dir" "$port"
  ensure_database "$port" directory
  export ConnectionStrings__Directory="$(connection_string "$port" directory)"
  log "database: $dir (stop it with: $PG_BIN/pg_ctl -D $dir stop)"
}
