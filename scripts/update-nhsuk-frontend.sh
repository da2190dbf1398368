#!/usr/bin/env bash
# Copies the pinned NHS.UK frontend (npm package nhsuk-frontend, MIT) into the pages feature, so the service serves
# its styles itself and a page loads nothing from the internet. Run it after changing the version below.
# What changes on the way in: the @font-face rules go (they point at assets.nhs.uk, and Frutiger is licensed to NHS
# services only; the stylesheet falls back to Arial), and icon URLs move under /find/assets. Source maps are left out.
set -euo pipefail
VERSION=10.6.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/src/ConnectingPeople.Directory.Api/Features/Pages/wwwroot"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack "nhsuk-frontend@$VERSION" --silent >/dev/null && tar xzf "nhsuk-frontend-$VERSION.tgz")
DIST="$WORK/package/dist/nhsuk"
mkdir -p "$OUT/images"
rm -f "$OUT"/nhsuk-frontend-*.min.css "$OUT"/nhsuk-frontend-*.min.js "$OUT"/images/*

sed -E -e 's/@font-face\{[^}]*\}//g' -e 's#url\(/assets/images/#url(/find/assets/images/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$DIST/nhsuk-frontend.min.css" > "$OUT/nhsuk-frontend-$VERSION.min.css"
sed -E -e 's#//\# sourceMappingURL=.*$##' "$DIST/nhsuk-frontend.min.js" > "$OUT/nhsuk-frontend-$VERSION.min.js"
for icon in $(grep -o 'url(/find/assets/images/[^)]*)' "$OUT/nhsuk-frontend-$VERSION.min.css" | sed -E 's#url\(/find/assets/images/([^)]*)\)#\1#' | sort -u); do
  cp "$DIST/assets/images/$icon" "$OUT/images/$icon"
done
if grep -q 'https\?://' "$OUT/nhsuk-frontend-$VERSION.min.css"; then
  echo "the stylesheet still names an internet address:" >&2
  grep -o 'url(https\?://[^)]*)' "$OUT/nhsuk-frontend-$VERSION.min.css" >&2 || true
fi
echo "nhsuk-frontend $VERSION copied to $OUT"
