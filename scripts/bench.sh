#!/usr/bin/env bash
# The national-scale benchmark: a fresh cluster, N synthetic listings (binary COPY), the API in Release, and for each
# canonical query the API under load (a separate .NET load client) side by side with the same SQL through pgbench,
# at concurrency 1 and 16, in the same run. Writes docs/benchmarks.md (and the raw rows, docs/benchmarks.jsonl).
#   BENCH_ASSETS="100000"            dataset sizes to run, e.g. "100000 1000000"
#   BENCH_SECONDS=20                 measured seconds per query, concurrency and side
#   BENCH_WARM_SECONDS=8             warm-up seconds per query before measuring
#   BENCH_DATA_DIR=/path             keep the cluster there between runs: a size already generated there (same seed) is
#                                    reused instead of generated again (1,000,000 listings take about 17 minutes), and
#                                    the report gives the generation's own date and time
#   BENCH_GENERATE_ONLY=1            with BENCH_DATA_DIR: only generate the sizes there (no load, no report)
# At concurrency 16 each read is also driven by wrk (installed from Debian on first use), a lighter client than the
# .NET one, so the API's own limit shows where the .NET client would be the limit on the same cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH: install .NET 10 first"
ensure_postgis

sizes="${BENCH_ASSETS:-100000}"
seconds="${BENCH_SECONDS:-20}"
warm="${BENCH_WARM_SECONDS:-8}"
concurrencies="1 16"
cd "$REPO_ROOT"

build_release
api_bin="$API_BIN"
has_wrk=""; ensure_wrk && has_wrk=1

data_dir="${BENCH_DATA_DIR:-}"
dir="${data_dir:-$(cluster_dir "bench-$$")}"
port="$(free_port 55700)"
api_port="$(free_port 8190)"
api_pid=""
work="$(mktemp -d)"
chmod 755 "$work"
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  stop_cluster "$dir"; [ -n "$data_dir" ] || rm -rf "$dir"; rm -rf "$work"
}
trap cleanup EXIT
start_cluster "$dir" "$port"
results="$work/results.jsonl"
: > "$results"

for assets in $sizes; do
  db="bench_$assets"
  cs="$(connection_string "$port" "$db")"
  marker="$dir/generated-$assets.json"
  if [ -n "$data_dir" ] && [ -f "$marker" ]; then
    log "$assets listings: reusing the database generated $(sed -E 's/.*"generated_at":"([^"]+)".*/\1/' "$marker")"
    ConnectionStrings__Directory="$cs" "$api_bin" seed >/dev/null # applies any newer migration
    generated="$(cat "$marker")"
  else
    rm -f "$marker"
    pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    log "$assets listings: schema and reference data"
    ConnectionStrings__Directory="$cs" "$api_bin" seed >/dev/null
    log "$assets listings: generating and loading (binary COPY)"
    generated="$(bench generate --connection "$cs" --assets "$assets" --seed 42)"
    generated="${generated%\}},\"generated_at\":\"$(date -u '+%Y-%m-%d %H:%M') UTC\"}"
    [ -z "$data_dir" ] || printf '%s\n' "$generated" > "$marker"
  fi
  load_seconds="$(printf '%s' "$generated" | sed -E 's/.*"seconds":([0-9.]+).*/\1/')"
  generated_at="$(printf '%s' "$generated" | sed -E 's/.*"generated_at":"([^"]+)".*/\1/')"
  [ -z "${BENCH_GENERATE_ONLY:-}" ] || continue

  terms="$(pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "$db" -Atc "
    SELECT array_agg(DISTINCT t.id)::text FROM directory.taxonomy_terms t
    JOIN directory.taxonomy_terms r ON r.vocabulary_id = t.vocabulary_id AND r.code IN ('walking', 'gardening')
    JOIN directory.vocabularies v ON v.id = r.vocabulary_id AND v.code = 'interests'
    WHERE t.path LIKE r.path || '%'")"
  # A script ending in the line "-- + details.sql" runs the shared detail statements after its own.
  for script in src/ConnectingPeople.Directory.Benchmark/sql/q*.sql; do
    { cat "$script"; if grep -qx -- '-- + details.sql' "$script"; then cat "${script%/*}/details.sql"; fi; } > "$work/${script##*/}"
  done
  chmod a+r "$work"/*.sql

  log "$assets listings: starting the API on 127.0.0.1:$api_port"
  env ConnectionStrings__Directory="$cs" ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$API_CONTENT_ROOT" \
    Database__InitializeOnStartup=false Logging__LogLevel__Default=Warning \
    "Logging__LogLevel__ConnectingPeople.Directory.Api.Features.ReadModel=Information" \
    Protection__AnonymousPerMinute=100000000 "$api_bin" >"$work/api.log" 2>&1 &
  api_pid=$!
  # Ready means the read model is loaded too: measure the service as it serves, not while it loads.
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  model_ms="$(sed -nE 's/.*Read model loaded: [0-9]+ listings, [0-9]+ venues in ([0-9]+) ms.*/\1/p' "$work/api.log" | head -1)"
  key="$(ConnectionStrings__Directory="$cs" "$api_bin" keys create --role admin --name "Benchmark freshness probe" | tail -1)"

  for query in Q1 Q2 Q3 Q4 Q5; do
    log "$assets listings: $query warm-up (${warm}s)"
    bench load --connection "$cs" --url "http://127.0.0.1:$api_port" --query "$query" --concurrency 16 --seconds "$warm" --seed 99 >/dev/null || true
    for c in $concurrencies; do
      log "$assets listings: $query at concurrency $c: API"
      api="$(bench load --connection "$cs" --url "http://127.0.0.1:$api_port" --query "$query" --concurrency "$c" --seconds "$seconds" --seed "$c")" || true
      printf '{"kind":"api","assets":%s,%s\n' "$assets" "${api#\{}" >> "$results"
      if [ -n "$has_wrk" ] && [ "$c" = 16 ]; then
        log "$assets listings: $query at concurrency $c: API with the lighter client (wrk)"
        bench urls --connection "$cs" --query "$query" --count 10000 --seed 16 > "$work/urls.txt"
        wrk_row "$assets" "$query" "$c" "$seconds" "$work/urls.txt" "http://127.0.0.1:$api_port" >> "$results"
      fi
      sleep 6 # the API flushes its search-demand log every 5 s: let it finish before pgbench measures
      sql="$work/$(echo "$query" | tr 'Q' 'q').sql"
      if [ -f "$sql" ]; then
        log "$assets listings: $query at concurrency $c: the same SQL through pgbench"
        out="$(PGOPTIONS='-c pg_trgm.word_similarity_threshold=0.5' pg_run "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared -c "$c" -j "$(( c < $(nproc) ? c : $(nproc) ))" -T "$seconds" \
          -D "terms=$terms" -f "$sql" "$db" 2>&1)" || { echo "$out" >&2; die "pgbench failed for $query"; }
        tps="$(echo "$out" | sed -nE 's/^tps = ([0-9.]+).*/\1/p')"
        avg="$(echo "$out" | sed -nE 's/^latency average = ([0-9.]+) ms/\1/p')"
        printf '{"kind":"sql","assets":%s,"query":"%s","concurrency":%s,"throughput":%s,"latency_avg_ms":%s}\n' \
          "$assets" "$query" "$c" "$tps" "$avg" >> "$results"
      fi
      # The raw anchors: the best hand-written statement for the same read (sql/anchors/README.md).
      for anchor in src/ConnectingPeople.Directory.Benchmark/sql/anchors/"$(echo "$query" | tr 'Q' 'q')"-*.sql; do
        [ -f "$anchor" ] || continue
        variant="$(basename "$anchor" .sql)"; variant="${variant#*-}"
        cp "$anchor" "$work/anchor.sql"; chmod a+r "$work/anchor.sql" # pgbench may run as postgres: give it a copy it can read
        log "$assets listings: $query at concurrency $c: raw anchor $variant through pgbench"
        out="$(PGOPTIONS='-c pg_trgm.word_similarity_threshold=0.5' pg_run "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared -c "$c" -j "$(( c < $(nproc) ? c : $(nproc) ))" -T "$seconds" \
          -D "terms=$terms" -f "$work/anchor.sql" "$db" 2>&1)" || { echo "$out" >&2; die "pgbench failed for $anchor"; }
        tps="$(echo "$out" | sed -nE 's/^tps = ([0-9.]+).*/\1/p')"
        avg="$(echo "$out" | sed -nE 's/^latency average = ([0-9.]+) ms/\1/p')"
        printf '{"kind":"anchor","assets":%s,"query":"%s","variant":"%s","concurrency":%s,"throughput":%s,"latency_avg_ms":%s}\n' \
          "$assets" "$query" "$variant" "$c" "$tps" "$avg" >> "$results"
      done
    done
  done
  log "$assets listings: freshness (edit, then poll anonymous search until it shows; 20 edits)"
  fresh="$(bench freshness --connection "$cs" --url "http://127.0.0.1:$api_port" --key "$key" --samples 20)"
  printf '{"kind":"freshness","assets":%s,%s\n' "$assets" "${fresh#\{}" >> "$results"
  peak_kb="$(sed -nE 's/^VmHWM:\s+([0-9]+) kB/\1/p' "/proc/$api_pid/status")"
  printf '{"kind":"dataset","assets":%s,"load_seconds":%s,"generated_at":"%s","peak_memory_mb":%s,"read_model_load_ms":%s}\n' \
    "$assets" "$load_seconds" "$generated_at" "$((peak_kb / 1024))" "${model_ms:-null}" >> "$results"
  kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=""
  [ -n "$data_dir" ] || pg_run "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE $db" >/dev/null
done

if [ -n "${BENCH_GENERATE_ONLY:-}" ]; then log "generated; no load run, no report"; exit 0; fi
machine="$(machine_description)"
cp "$results" docs/benchmarks.jsonl
# The report is written whole; the import benchmark's sections (scripts/bench-import.sh) are kept after it.
kept="$work/import-sections.md"
if [ -f docs/benchmarks.md ]; then sed -n '/^## Import benchmark notes\|^## Bulk import/,$p' docs/benchmarks.md > "$kept"; else : > "$kept"; fi
bench report --results docs/benchmarks.jsonl --output docs/benchmarks.md --machine "$machine" --seconds "$seconds"
if [ -s "$kept" ]; then printf '\n' >> docs/benchmarks.md; cat "$kept" >> docs/benchmarks.md; fi
log "wrote docs/benchmarks.md"
