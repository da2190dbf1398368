# Shared by scripts/bench.sh and scripts/soak.sh: the Release build of the API and the benchmark tools, and a line
# describing the machine for the reports. Sourced after lib/postgres.sh, not executed.

API_BIN="src/ConnectingPeople.Directory.Api/bin/Release/net10.0/ConnectingPeople.Directory.Api"
# The API reads appsettings.json (JSON logs, EF Core's command log at Warning) from its content root, which is the
# working directory unless ASPNETCORE_CONTENTROOT says otherwise. The scripts run it from the repository root, where
# there is none, so they point it at the build output, where the build copies it: the API runs as configured.
API_CONTENT_ROOT="$REPO_ROOT/$(dirname "$API_BIN")"

# Builds the API and the benchmark tools in Release (the API is a dependency of the tools).
build_release() {
  log "building in Release"
  (cd "$REPO_ROOT" && dotnet build src/ConnectingPeople.Directory.Benchmark -c Release -v quiet -nologo >/dev/null)
}

# The benchmark tools: generate, load, report, soak, reliability (see src/ConnectingPeople.Directory.Benchmark/Program.cs).
bench() { dotnet "$REPO_ROOT/src/ConnectingPeople.Directory.Benchmark/bin/Release/net10.0/ConnectingPeople.Directory.Benchmark.dll" "$@"; }

machine_description() {
  echo "$(nproc) cores ($(sed -nE 's/^model name\s*:\s*(.*)/\1/p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), .NET $(dotnet --version)"
}

# wrk (Debian's package), the lighter load client: a C event loop with no per-request allocation, for reads the
# .NET load client cannot saturate on the same two cores. Installed on first use; bench.sh skips its rows without it.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  log "installing wrk (the lighter load client)"
  { as_root apt-get update -qq && as_root apt-get install -y -qq wrk >/dev/null; } || log "wrk could not be installed: its rows are left out"
  command -v wrk >/dev/null
}

# wrk_row <assets> <query> <concurrency> <seconds> <urls file> <base url>: one JSON line, or nothing if wrk failed.
wrk_row() {
  local out rps p50 p99 non2xx requests
  out="$(WRK_URLS="$5" wrk -t "$(nproc)" -c "$3" -d "${4}s" --latency -s "$REPO_ROOT/src/ConnectingPeople.Directory.Benchmark/wrk/urls.lua" "$6" 2>&1)" || return 0
  rps="$(echo "$out" | sed -nE 's/^Requests\/sec:\s+([0-9.]+).*/\1/p')"
  requests="$(echo "$out" | sed -nE 's/^\s+([0-9]+) requests in .*/\1/p')"
  p50="$(echo "$out" | awk '$1 == "50%" { print $2 }')"
  p99="$(echo "$out" | awk '$1 == "99%" { print $2 }')"
  non2xx="$(echo "$out" | sed -nE 's/^\s+Non-2xx or 3xx responses:\s+([0-9]+).*/\1/p')"
  [ -n "$rps" ] || return 0
  printf '{"kind":"wrk","assets":%s,"query":"%s","concurrency":%s,"requests":%s,"throughput":%s,"p50_ms":%s,"p99_ms":%s,"errors":%s}\n' \
    "$1" "$2" "$3" "${requests:-0}" "$rps" "$(wrk_ms "$p50")" "$(wrk_ms "$p99")" "${non2xx:-0}"
}

# wrk prints latencies as 812.00us, 3.20ms or 1.10s: in milliseconds.
wrk_ms() {
  case "$1" in
    *us) awk -v v="${1%us}" 'BEGIN { printf "%.3f", v / 1000 }' ;;
    *ms) awk -v v="${1%ms}" 'BEGIN { printf "%.3f", v }' ;;
    *s) awk -v v="${1%s}" 'BEGIN { printf "%.3f", v * 1000 }' ;;
    *) echo null ;;
  esac
}
