#!/usr/bin/env bash
# Runs every test in the solution against a throwaway PostgreSQL + PostGIS cluster, then removes it.
# Exits non-zero when any test fails or when no test ran.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/browser.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/contract.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH: install .NET 10 first"
ensure_postgis
ensure_browser_tools
ensure_contract_tools
ensure_gdal
# The committed document is what third parties use; an update run regenerates it first, so lint it afterwards then.
[ "${UPDATE_OPENAPI:-}" = 1 ] || lint_openapi

dir="$(cluster_dir "test-$$")"
port="$(free_port "${DIRECTORY_TEST_PG_PORT:-55432}")"
cleanup() { stop_cluster "$dir"; rm -rf "$dir"; }
trap cleanup EXIT
PG_FSYNC=off start_cluster "$dir" "$port"
export ConnectionStrings__Directory="$(connection_string "$port" postgres)"

cd "$REPO_ROOT"
results="$REPO_ROOT/.data/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test ConnectingPeople.Directory.sln -c Release --logger "console;verbosity=normal" \
  --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?

# Read replicas need two clusters of their own: a script, run after the suite (it uses the Release build just made).
# DIRECTORY_SKIP_REPLICA_TEST=1 skips it for a quick filtered run while developing (CI never sets it).
replica_status=0
if [ "${DIRECTORY_SKIP_REPLICA_TEST:-}" != 1 ]; then
  bash "$REPO_ROOT/scripts/replica-test.sh" || replica_status=$?
fi
[ "$status" -eq 0 ] && status=$replica_status

# A run that executed nothing is a failure, whatever dotnet test said.
count() { { grep -ho " $1=\"[0-9]*\"" "$results"/*.trx 2>/dev/null || true; } | grep -o '[0-9]*' | awk '{ n += $1 } END { print n + 0 }'; }
executed=$(count executed); passed=$(count passed); failed=$(count failed)
# Name each failed test (and the first line of its message) last, so a CI log that keeps only its tail still says which.
if [ "${failed:-0}" -gt 0 ]; then
  echo "failed tests:"
  awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
       want && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "  " name ": " substr(line, 1, 300); want = 0 }' \
    "$results"/*.trx | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
fi
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${executed:-0}" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
