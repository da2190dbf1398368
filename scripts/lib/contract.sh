# Sourced after lib/postgres.sh (for log, die and REPO_ROOT): the third-party tools that check the API's contract,
# at the versions in tests/contract/package-lock.json (Redocly CLI, the OpenActive RPDE validator). Node.js and npm
# come from lib/browser.sh. Idempotent: nothing is fetched when the lock file already matches what is installed.

ensure_contract_tools() {
  local dir="$REPO_ROOT/tests/contract"
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-from-lock.json"; then
    log "installing the contract tools (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$dir/node_modules/.installed-from-lock.json"
  fi
}

# Redocly's recommended rules over openapi/openapi.json: any error fails the run (warnings are printed).
lint_openapi() {
  log "linting openapi/openapi.json with Redocly CLI"
  local output status=0
  output=$(cd "$REPO_ROOT/tests/contract" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    npx --no-install redocly lint "$REPO_ROOT/openapi/openapi.json" --config redocly.yaml --format stylish 2>&1) || status=$?
  # Without the Node.js end-of-life banner, which says nothing about the document.
  printf '%s\n' "$output" | grep -v '[║╔╚]' >&2 || true
  [ "$status" -eq 0 ] || die "Redocly CLI found errors in openapi/openapi.json"
}

# GDAL's ogrinfo, so a test can open the exports over /vsicurl/ as a GIS user would. From apt when missing; if apt
# cannot install it (no root, no network), the GDAL test is skipped with that reason instead of failing the run.
ensure_gdal() {
  if ! command -v ogrinfo >/dev/null; then
    log "installing gdal-bin from apt"
    export DEBIAN_FRONTEND=noninteractive
    { as_root apt-get update -qq && as_root apt-get install -y -qq gdal-bin >/dev/null; } || true
  fi
  if ! command -v ogrinfo >/dev/null; then
    log "warning: gdal-bin could not be installed: the /vsicurl/ export test will be skipped"
    export DIRECTORY_GDAL_UNAVAILABLE="apt-get could not install gdal-bin"
  fi
}
