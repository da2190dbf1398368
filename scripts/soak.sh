#!/usr/bin/env bash
# The soak test: a fresh cluster with the benchmark's synthetic listings, the API in Release as in production, and a
# fixed-rate mixed load (searches, ORUK, listing reads, curator edits) for a set time. Writes docs/reliability.md:
# requests served, errors (the target is zero), p50/p99, and the API's memory at the start and end (the target is flat).
#   SOAK_MINUTES=10        how long to run the load
#   SOAK_RATE=40           requests a second
#   SOAK_ASSETS=100000     synthetic listings
#   SOAK_OVERLOAD=1        an overload run: send SOAK_RATE (set it above capacity, say 200) and write the "Overload"
#                          section of docs/reliability.md (served, shed with 503 + Retry-After, errors, p99) from
#                          docs/reliability-overload.json, keeping the normal run's figures from docs/reliability.json
#   SOAK_STEPS="100 200 400"  with SOAK_OVERLOAD=1: first the same mix at each of these rates in turn, to find the rate
#                          the service sustains ("Finding the sustainable rate", from docs/reliability-steps.jsonl)
#   SOAK_STEP_SECONDS=30   how long each step runs
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH: install .NET 10 first"
ensure_postgis

minutes="${SOAK_MINUTES:-10}"
rate="${SOAK_RATE:-40}"
assets="${SOAK_ASSETS:-100000}"
overload="${SOAK_OVERLOAD:-}"
steps="${SOAK_STEPS:-}"
step_seconds="${SOAK_STEP_SECONDS:-30}"
cd "$REPO_ROOT"

build_release
api_bin="$API_BIN"

dir="$(cluster_dir "soak-$$")"
port="$(free_port 55750)"
api_port="$(free_port 8290)"
api_pid=""
work="$(mktemp -d)"
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  stop_cluster "$dir"; rm -rf "$dir" "$work"
}
trap cleanup EXIT
start_cluster "$dir" "$port"
db="soak"
pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
cs="$(connection_string "$port" "$db")"
log "$assets listings: schema, reference data and synthetic listings"
ConnectionStrings__Directory="$cs" "$api_bin" seed >/dev/null
bench generate --connection "$cs" --assets "$assets" --seed 42 >/dev/null
key="$(ConnectionStrings__Directory="$cs" "$api_bin" keys create --role admin --name "Soak test curator" | tail -1)"

log "starting the API on 127.0.0.1:$api_port"
ConnectionStrings__Directory="$cs" ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$API_CONTENT_ROOT" \
  Database__InitializeOnStartup=false Protection__AnonymousPerMinute=100000000 Protection__KeyPerMinute=100000000 \
  "$api_bin" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break
  sleep 1
done

machine="$(machine_description)"
log "warming up (30 s)"
bench soak --connection "$cs" --url "http://127.0.0.1:$api_port" --key "$key" --rate "$rate" --minutes 0.5 --seed 1 >/dev/null
if [ "$overload" = 1 ] && [ -n "$steps" ]; then
  : > "$work/steps.jsonl"
  for step in $steps; do
    log "step: $step requests a second for $step_seconds s"
    bench soak --connection "$cs" --url "http://127.0.0.1:$api_port" --key "$key" --rate "$step" \
      --minutes "$(awk "BEGIN { print $step_seconds / 60 }")" --pid "$api_pid" --seed 11 --machine "$machine" >> "$work/steps.jsonl"
    sleep 5 # let the last step's stragglers and the demand log's flush finish before the next
  done
  cp "$work/steps.jsonl" docs/reliability-steps.jsonl
fi
log "soaking: $rate requests a second for $minutes minutes"
bench soak --connection "$cs" --url "http://127.0.0.1:$api_port" --key "$key" --rate "$rate" --minutes "$minutes" --pid "$api_pid" --seed 7 --machine "$machine" > "$work/soak.json"
if grep -q '"level":"\?Error\|"LogLevel":"Error"\|"LogLevel":"Critical"' "$work/api.log"; then
  # grep -m, not | head: head closing the pipe would end this script (pipefail) before it writes the report.
  log "the API logged errors during the run:"; grep -m 5 '"LogLevel":"Error"\|"LogLevel":"Critical"' "$work/api.log" >&2
fi

if [ "$overload" = 1 ]; then
  cp "$work/soak.json" docs/reliability-overload.json
  [ -f docs/reliability.json ] || die "an overload run adds to docs/reliability.json: run a normal soak first"
else
  cp "$work/soak.json" docs/reliability.json
fi
bench reliability --result docs/reliability.json --output docs/reliability.md --machine "$machine" --assets "$assets" \
  --overload docs/reliability-overload.json --steps docs/reliability-steps.jsonl
log "wrote docs/reliability.md"
grep -E '^\| [0-9,]+ \| [0-9,]+ \|' docs/reliability.md | head -1
