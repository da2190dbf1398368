#!/usr/bin/env bash
# Manages API keys in the database scripts/run.sh uses (or ConnectionStrings__Directory when set).
#   scripts/keys.sh create --role admin --name "First admin"
#   scripts/keys.sh create --role curator --name "Sefton CVS" --area E08000014
#   scripts/keys.sh revoke --id <key id>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

use_local_database
cd "$REPO_ROOT"
dotnet build src/ConnectingPeople.Directory.Api -c Release -v quiet -nologo >/dev/null
dotnet run --no-build -c Release --project src/ConnectingPeople.Directory.Api -- seed >/dev/null
exec dotnet run --no-build -c Release --project src/ConnectingPeople.Directory.Api -- keys "$@"
