#!/usr/bin/env bash
# Runs the API with the sample data on a local PostGIS that this script sets up (or reuses).
# Idempotent: run it again and it reuses the cluster, applies any new migrations and leaves loaded data alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH: install .NET 10 first"

use_local_database

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
export Seed__SampleData="${Seed__SampleData:-true}"

cd "$REPO_ROOT"
dotnet build src/ConnectingPeople.Directory.Api -c Release -v quiet -nologo
log "applying migrations and loading reference and sample data"
dotnet run --no-build -c Release --project src/ConnectingPeople.Directory.Api -- seed
url="${ASPNETCORE_URLS%%;*}"
log "serving on $url - link workers' search pages: $url/find - Swagger UI: $url/swagger"
exec dotnet run --no-build -c Release --project src/ConnectingPeople.Directory.Api
