#!/usr/bin/env bash
# Install the system packages a make target needs, if any are missing; pick the Python.
#
#   pipeline/setup.sh html      # manim's build and run needs, TeX, CJK fonts, Node.js
#   pipeline/setup.sh publish   # the publish gate and deploy: Java (the Nu HTML checker), rsync, git
#   pipeline/setup.sh test      # html and publish, plus Chromium for the browser tests
#   pipeline/setup.sh PURPOSE --list   # only print the packages PURPOSE wants, installed or not
#   pipeline/setup.sh python [PY]
#       print the interpreter to build the venv with: PY if given, else the first of
#       python3.13 ... python3.11, python3 whose version is in pyproject.toml's
#       requires-python; with none, say why on stderr and exit 1
#
# As root it installs with apt-get; otherwise it prints the exact command to run
# and exits non-zero. The Makefile calls it once per purpose and keeps a stamp.
# For html (and test) the Python comes first: Debian's venv and header packages
# must be those of the very Python the venv is built with (PY, as the Makefile
# picks it); a Python of pyenv's or one built by hand needs none of them.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# requires-python = ">=3.MIN,<3.END" in pyproject.toml: the one place the range is written.
read -r python_min python_end < <(
  sed -n 's/^requires-python *= *">=3\.\([0-9]*\), *<3\.\([0-9]*\)".*/\1 \2/p' \
    "$root/pyproject.toml")
python_range="3.$python_min to 3.$((python_end - 1))"

# The version of a Python command as "3.N", or nothing when it does not run
# (pyenv's shim for a version it has not selected prints an error and exits 1).
python_version() {
  "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

in_range() {
  local minor=${1#3.}
  [[ $1 == 3.* && $minor =~ ^[0-9]+$ ]] && ((minor >= python_min && minor < python_end))
}

# The interpreter behind a command (a pyenv shim resolves to the real one).
python_executable() {
  "$1" -c 'import os, sys; print(os.path.realpath(sys.executable))'
}

pick_python() {
  local given=${1:-} candidate version minor
  if [ -n "$given" ]; then
    if ! command -v "$given" >/dev/null 2>&1; then
      echo "PY=$given: no such command; give a Python $python_range (make ... PY=/path/to/python3.N)" >&2
      return 1
    fi
    version=$(python_version "$given")
    if ! in_range "$version"; then
      echo "PY=$given is Python ${version:-(does not run)}; this project needs Python $python_range" \
           "(pyproject.toml's requires-python)" >&2
      return 1
    fi
    python_executable "$given"
    return 0
  fi
  for ((minor = python_end - 1; minor >= python_min; minor--)); do
    candidate=python3.$minor
    command -v "$candidate" >/dev/null 2>&1 || continue
    in_range "$(python_version "$candidate")" && { python_executable "$candidate"; return 0; }
  done
  if command -v python3 >/dev/null 2>&1 && in_range "$(python_version python3)"; then
    python_executable python3
    return 0
  fi
  local looked="python3.$((python_end - 1))"
  for ((minor = python_end - 2; minor >= python_min; minor--)); do looked+=", python3.$minor"; done
  echo "no Python $python_range found (looked for $looked, python3 on PATH)." >&2
  echo "Debian: apt-get install python3 python3-venv python3-dev (3.11 on Debian 12, 3.13 on 13);" \
       "or give one: make html PY=/path/to/python3.N" >&2
  return 1
}

purpose=${1:-html}
list_only=${2:-}
case "$purpose" in
  python)
    pick_python "${2:-}"
    exit $?
    ;;
  html | publish | test) ;;
  *)
    echo "usage: pipeline/setup.sh html|publish|test [--list] | python [PY]" >&2
    exit 2
    ;;
esac

html_packages=(
  # C toolchain for the venv's packages that compile (pycairo, manimpango)
  build-essential git libcairo2-dev libpango1.0-dev pkg-config ffmpeg
  # MathTex
  texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended cm-super dvisvgm
  # Chinese text in scenes
  fonts-noto-cjk
)
# The gate's HTML checker is vnu.jar (npm's vnu-jar), which runs on Java; deploys
# use rsync or git (ghp-import).
publish_packages=(default-jre-headless rsync git)
test_packages=(chromium)

case "$purpose" in
  html) wanted=("${html_packages[@]}") ;;
  publish) wanted=("${publish_packages[@]}") ;;
  test) wanted=("${html_packages[@]}" "${publish_packages[@]}" "${test_packages[@]}") ;;
esac

if [ "$purpose" != publish ]; then
  # The venv's Python: Debian's needs its own venv and header packages; no Python
  # in range at all means Debian's default one (3.11 on Debian 12, 3.13 on 13).
  if python=$(pick_python "${PY:-}" 2>/dev/null); then
    if dpkg-query -S "$python" >/dev/null 2>&1; then
      version=$(python_version "$python")
      wanted+=("python$version" "python$version-venv" "python$version-dev")
    fi
  elif [ -z "${PY:-}" ]; then
    wanted+=(python3 python3-venv python3-dev)
  fi
  # Node.js renders math (KaTeX) and indexes the site (Pagefind); a machine may
  # already have it from elsewhere.
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
else
  # npm installs vnu-jar for the gate.
  command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
fi
# Anything else the content needs, e.g. SETUP_EXTRA_PACKAGES="fonts-noto-color-emoji".
read -r -a extra <<< "${SETUP_EXTRA_PACKAGES:-}"
wanted+=("${extra[@]}")
# Each once, in order (git is both the build's and the deploy's).
declare -A seen=()
unique=()
for package in "${wanted[@]}"; do
  [ -n "${seen[$package]:-}" ] || { seen[$package]=1; unique+=("$package"); }
done
wanted=("${unique[@]}")
if [ "$list_only" = --list ]; then
  echo "${wanted[*]}"
  exit 0
fi

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Run as root (or with sudo), then run make again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
