#!/usr/bin/env bash
# Read replicas, end to end, on loopback: a primary, a streaming replica made with pg_basebackup, and the API with
# ConnectionStrings__DirectoryReadOnly set. Shows anonymous reads served by the replica (they stop seeing new writes
# while its replay is paused), writes and authenticated reads on the primary, and reads still answered while the
# primary is stopped. scripts/test.sh runs it after the xunit suite; it prints "replica test: N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH: install .NET 10 first"
ensure_postgis
cd "$REPO_ROOT"
api_bin="src/ConnectingPeople.Directory.Api/bin/Release/net10.0/ConnectingPeople.Directory.Api"
[ -x "$api_bin" ] || dotnet build src/ConnectingPeople.Directory.Api -c Release -v quiet -nologo >/dev/null

primary_dir="$(cluster_dir "replica-primary-$$")"
replica_dir="$(cluster_dir "replica-standby-$$")"
primary_port="$(free_port 55900)"
replica_port="$(free_port $((primary_port + 1)))"
api_port="$(free_port 8390)"
api_pid=""
work="$(mktemp -d)"
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  stop_cluster "$replica_dir"; stop_cluster "$primary_dir"; rm -rf "$primary_dir" "$replica_dir" "$work"
}
trap cleanup EXIT

passed=0; failed=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "  PASS  $1"
  else failed=$((failed + 1)); echo "  FAIL  $1 (expected $2, got $3)"; fi
}
sql() { pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d directory -Atqc "$2"; }
status() { curl -s -o "$work/body" -w '%{http_code}' "$@" || true; }
eventually() { # eventually SECONDS EXPECTED CURL-ARGS...: the status code once it matches, or the last one
  local seconds="$1" expected="$2" code=""; shift 2
  for _ in $(seq 1 $((seconds * 4))); do code="$(status "$@")"; [ "$code" = "$expected" ] && break; sleep 0.25; done
  echo "$code"
}

log "primary on 127.0.0.1:$primary_port"
PG_FSYNC=off start_cluster "$primary_dir" "$primary_port"
pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -qc "CREATE DATABASE directory" >/dev/null
primary_cs="$(connection_string "$primary_port" directory)"
ConnectionStrings__Directory="$primary_cs" "$api_bin" seed >/dev/null
key="$(ConnectionStrings__Directory="$primary_cs" "$api_bin" keys create --role admin --name "Replica test admin" | tail -1)"

log "streaming replica on 127.0.0.1:$replica_port (pg_basebackup)"
mkdir -p "$(dirname "$replica_dir")"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$(dirname "$replica_dir")"
pg_run "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$replica_dir" -R -X stream -c fast
start_cluster "$replica_dir" "$replica_port"
check "the replica is a standby in recovery" "t" "$(sql "$replica_port" "SELECT pg_is_in_recovery()")"

log "API on 127.0.0.1:$api_port with both connection strings"
# This test is about where database reads run, so the read model is off: with it on, anonymous reads it can answer
# come from memory, kept current from the primary's changes (tests/.../ReadModel and docs/deployment.md).
ConnectionStrings__Directory="$primary_cs" ConnectionStrings__DirectoryReadOnly="$(connection_string "$replica_port" directory)" \
  ASPNETCORE_URLS="http://127.0.0.1:$api_port" Database__InitializeOnStartup=false ReadModel__Enabled=false "$api_bin" >"$work/api.log" 2>&1 &
api_pid=$!
api="http://127.0.0.1:$api_port"
check "the API becomes ready" "200" "$(eventually 60 200 "$api/health/ready")"

# Pause the replica's replay: from now on it does not see new writes, so what anonymous reads see tells us where they ran.
sql "$replica_port" "SELECT pg_wal_replay_pause()" >/dev/null
code="$(status -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"Written on the primary"}' "$api/api/v1/organisations")"
check "a write goes to the primary while the replica is paused" "201" "$code"
id="$(grep -o '"id":"[^"]*"' "$work/body" | head -1 | cut -d'"' -f4)"
check "an anonymous read runs on the (paused) replica, which has not seen the write yet" "404" "$(status "$api/api/v1/organisations/$id")"
check "a read with a key runs on the primary and sees the write at once" "200" "$(status -H "Authorization: Bearer $key" "$api/api/v1/organisations/$id")"
sql "$replica_port" "SELECT pg_wal_replay_resume()" >/dev/null
check "once replay resumes, the anonymous read sees the write" "200" "$(eventually 20 200 "$api/api/v1/organisations/$id")"

log "stopping the primary"
stop_cluster "$primary_dir"
check "with the primary stopped, anonymous search is still answered (replica)" "200" "$(status "$api/api/v1/search?postcode=S1%202HE&radius_km=2")"
check "with the primary stopped, the ORUK feed is still answered (replica)" "200" "$(status "$api/openreferral/services?per_page=5")"
check "with the primary stopped, a write gets a 503 to retry" "503" \
  "$(status -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"Not written"}' "$api/api/v1/organisations")"
log "starting the primary again"
PG_FSYNC=off start_cluster "$primary_dir" "$primary_port"
check "after the primary is back, writes succeed again" "201" \
  "$(eventually 30 201 -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"Written after the restart"}' "$api/api/v1/organisations")"
check "the write refused during the outage was not made later" "0" "$(sql "$primary_port" "SELECT count(*) FROM directory.organisations WHERE name = 'Not written'")"

echo "replica test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
