#!/usr/bin/env bash
# Regenerates openapi/openapi.json from the running service (through the OpenAPI test), on a throwaway database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
UPDATE_OPENAPI=1 bash scripts/test.sh --filter "FullyQualifiedName~OpenApiDocumentTests"
echo "openapi/openapi.json is up to date"
