#!/usr/bin/env bash
# Times a bulk import through the API: a fresh cluster with the reference data, the API in Release, then one generated
# CSV of BENCH_IMPORT_ROWS listings imported as a dry run and then for real, with the API's memory before, after and
# at its peak. Prints the JSON result and writes it into the "Bulk import" section of docs/benchmarks.md.
#   BENCH_IMPORT_ROWS=100000    rows (one listing each) in the file
#   BENCH_IMPORT_DRY_ONLY=1     only the dry run (for the memory of a large file): prints the result, leaves the docs alone
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH: install .NET 10 first"
ensure_postgis
rows="${BENCH_IMPORT_ROWS:-100000}"
cd "$REPO_ROOT"
build_release
api_bin="$API_BIN"

dir="$(cluster_dir "bench-import-$$")"
port="$(free_port 55760)"
api_port="$(free_port 8260)"
api_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  stop_cluster "$dir"; rm -rf "$dir"
}
trap cleanup EXIT
start_cluster "$dir" "$port"
cs="$(connection_string "$port" postgres)"
log "schema and reference data"
ConnectionStrings__Directory="$cs" "$api_bin" seed >/dev/null
key="$(ConnectionStrings__Directory="$cs" "$api_bin" keys create --role admin --name "Import benchmark" | tail -1)"

log "starting the API on 127.0.0.1:$api_port"
ConnectionStrings__Directory="$cs" ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$API_CONTENT_ROOT" \
  Database__InitializeOnStartup=false Logging__LogLevel__Default=Warning \
  Protection__AnonymousPerMinute=100000000 Protection__KeyPerMinute=100000000 "$api_bin" >/dev/null 2>&1 &
api_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$api_port/health/live" >/dev/null 2>&1 && break
  sleep 1
done

if [ -n "${BENCH_IMPORT_DRY_ONLY:-}" ]; then
  log "importing $rows rows: dry run only"
  bench import --url "http://127.0.0.1:$api_port" --key "$key" --rows "$rows" --pid "$api_pid" --dry-only true
  exit 0
fi
log "importing $rows rows: dry run, then for real"
result="$(bench import --url "http://127.0.0.1:$api_port" --key "$key" --rows "$rows" --pid "$api_pid")" || { echo "$result"; die "the import did not succeed (see first_problem above); docs/benchmarks.md is unchanged"; }
echo "$result"

machine="$(machine_description)"
section="## Bulk import

One CSV of $rows generated listings (one row each, 200 shared venues), imported by an admin key through
\`POST /api/v1/imports\`: first \`dry_run=true\`, then for real ($(date -u +%Y-%m-%d), $machine).
The API's resident memory (MB) is read from /proc before, after each run and at its peak.

\`\`\`json
$result
\`\`\`"
if [ -f docs/benchmarks.md ] && grep -q '^## Bulk import' docs/benchmarks.md; then
  sed -i '/^## Bulk import/,$d' docs/benchmarks.md
fi
# One blank line before the section, whether or not the old section left one.
[ -n "$(tail -n 1 docs/benchmarks.md 2>/dev/null)" ] && printf '\n' >> docs/benchmarks.md
printf '%s\n' "$section" >> docs/benchmarks.md
log "wrote the Bulk import section of docs/benchmarks.md"
