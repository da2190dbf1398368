# Sourced after lib/postgres.sh (for log, die, as_root and REPO_ROOT): the headless browser the page tests drive.
# Debian's chromium and Node.js from apt, playwright-core and axe-core from npm at the versions in
# tests/browser/package-lock.json. Idempotent: nothing is fetched when it is already in place.

ensure_browser_tools() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} from apt"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  [ -x /usr/bin/chromium ] || die "chromium did not install"

  local dir="$REPO_ROOT/tests/browser"
  # The lock file is copied beside the packages once they install: when they differ, install again.
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-from-lock.json"; then
    log "installing the browser test packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$dir/node_modules/.installed-from-lock.json"
  fi
}
