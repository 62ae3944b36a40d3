#!/usr/bin/env bash
# Time a fresh clone's set-up: its first `make html` (venv, node packages, renders and
# the search index from nothing), a second `make html` with nothing changed, and with
# --test its first `make test` after that (test extra, the full npm install, then the
# whole suite). The clone is of this checkout's commit (HEAD; uncommitted changes are
# not in it). Debian packages are as this machine has them: what is measured is the
# Python and npm part of the set-up, and the work itself.
#
#   bench/setup_time.sh [--quality test|draft|publish] [--test] [--keep DIR] [-- MAKEVARS...]
#
# --quality: the scenes' profile for make html (default test: time the set-up, not
# renders); --keep DIR: clone into DIR (must not exist) and leave it there; MAKEVARS go
# to every make, e.g. -- PY=/usr/bin/python3.13.
set -euo pipefail
quality=test
with_test=0
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --quality) quality=$2; shift 2 ;;
    --test) with_test=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: bench/setup_time.sh [--quality Q] [--test] [--keep DIR] [-- MAKEVARS...]" >&2
       exit 2 ;;
  esac
done
make_vars=("$@")

root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "$keep" ]; then
  [ ! -e "$keep" ] || { echo "$keep exists: give a new folder" >&2; exit 2; }
  clone=$keep
  logs=$keep.logs
  mkdir -p "$logs"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  clone=$work/clone
  logs=$work
fi
git clone -q "$root" "$clone"
git -C "$clone" checkout -q "$(git -C "$root" rev-parse HEAD)"
cd "$clone"

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
timed() {  # name, log file, make arguments...
  local name=$1 log=$2 start status=0
  shift 2
  start=$EPOCHREALTIME
  make "$@" "${make_vars[@]}" > "$log" 2>&1 || status=$?
  printf '%-48s %8s s%s\n' "$name" "$(elapsed "$start")" \
    "$([ $status -eq 0 ] || echo "  FAILED (exit $status, see $log)")"
  return $status
}

echo "fresh clone of $(git rev-parse --short HEAD) in $clone"
timed "first make html (QUALITY=$quality)" "$logs/first.log" html QUALITY="$quality"
timed "second make html, nothing changed" "$logs/second.log" html QUALITY="$quality"
grep -E "^built" "$logs/second.log" || true
if [ "$with_test" = 1 ]; then
  timed "first make test (set-up and the whole suite)" "$logs/test.log" test || true
  tail -n 1 "$logs/test.log"
fi
echo "python: $(.venv/bin/python --version 2>&1); node_modules: $(du -sh node_modules | cut -f1);" \
     "venv: $(du -sh .venv | cut -f1)"
