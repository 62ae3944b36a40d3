#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile, simulated throttling) on a locally served build.
# Prints the four category scores and the cumulative layout shift.
#
#   bench/lighthouse.sh [OUTPUT_DIR=output] [PAGE=the article]
#   SCHEME=dark bench/lighthouse.sh     # the reader's colour scheme (default: light)
#
# Lighthouse is installed once into .cache/lighthouse (pinned: 13.x wants Node 22, and
# npm refuses locks made by 12.3-13.4 here). Chromium is Debian's /usr/bin/chromium.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUTPUT_DIR=$(cd "${1:-$ROOT/output}" && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
PAGE=${2:-$("$PYTHON" "$ROOT/bench/page_weight.py" "$OUTPUT_DIR" --which)}
LH_VERSION=12.2.3
LH_DIR=$ROOT/.cache/lighthouse
LIGHTHOUSE=$LH_DIR/node_modules/.bin/lighthouse
SCHEME=${SCHEME:-light}
REPORT=${REPORT:-$ROOT/test-artifacts/lighthouse-$SCHEME.json}
# Chromium's --force-dark-mode makes prefers-color-scheme dark; without it, light.
case "$SCHEME" in
  dark) SCHEME_FLAG=" --force-dark-mode" ;;
  light) SCHEME_FLAG="" ;;
  *) echo "SCHEME must be dark or light, not $SCHEME" >&2; exit 2 ;;
esac

if ! "$LIGHTHOUSE" --version 2>/dev/null | grep -qx "$LH_VERSION"; then
  npm i -E "lighthouse@$LH_VERSION" --prefix "$LH_DIR" --no-audit --no-fund --loglevel=error
fi

# A free port on loopback, and a server that stops with this script.
PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# pipeline.serve gzips text as static hosts (GitHub Pages, nginx) do.
SERVE_QUIET=1 "$PYTHON" -m pipeline.serve --output "$OUTPUT_DIR" --port "$PORT" --bind 127.0.0.1 >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

mkdir -p "$(dirname "$REPORT")"
CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$PAGE" \
  --quiet --output=json --output-path="$REPORT" \
  --only-categories=performance,accessibility,best-practices,seo \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking$SCHEME_FLAG"

node -e '
const report = require(process.argv[1]);
const score = id => Math.round(report.categories[id].score * 100);
console.log(`page: ${report.finalDisplayedUrl} (${process.argv[2]} scheme)`);
for (const id of ["performance", "accessibility", "best-practices", "seo"])
  console.log(`${id.padEnd(15)} ${score(id)}`);
const cls = report.audits["cumulative-layout-shift"];
console.log(`${"CLS".padEnd(15)} ${cls.numericValue.toFixed(3)}`);
for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time"])
  console.log(`${id.padEnd(25)} ${report.audits[id].displayValue}`);
' "$REPORT" "$SCHEME"
