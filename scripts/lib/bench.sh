# Shared by scripts/bench.sh and scripts/soak.sh: the Release build of the API and the benchmark tools, and a line
# describing the machine for the reports. Sourced after lib/postgres.sh, not executed.

API_BIN="src/ConnectingPeople.Directory.Api/bin/Release/net10.0/ConnectingPeople.Directory.Api"

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
