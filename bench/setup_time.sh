#!/usr/bin/env bash
# Time `make html` on a fresh clone (venv, node packages and renders from nothing;
# Debian packages as this machine has them), then a second `make html` with nothing
# changed. Usage: bench/setup_time.sh [QUALITY]   (default: test, to time set-up, not renders)
set -euo pipefail
quality=${1:-test}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/clone"
cd "$work/clone"
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'; }
start=$EPOCHREALTIME
make html QUALITY="$quality" > "$work/first.log" 2>&1
first=$(elapsed "$start")
start=$EPOCHREALTIME
make html QUALITY="$quality" > "$work/second.log" 2>&1
second=$(elapsed "$start")
printf 'fresh clone, first make html (QUALITY=%s): %.1f s\n' "$quality" "$first"
printf 'second make html, nothing changed:          %.2f s\n' "$second"
grep -E "^built" "$work/second.log" || true
