#!/usr/bin/env bash
# Install the system packages the build (or the tests) need, if any are missing.
#
#   pipeline/setup.sh html   # manim's build and run needs, TeX, CJK fonts, Node.js
#   pipeline/setup.sh test   # the same, plus Chromium and Java for the tests
#
# As root it installs with apt-get; otherwise it prints the exact command to run
# and exits non-zero. The Makefile calls it once and keeps a stamp afterwards.
set -euo pipefail

purpose=${1:-html}

html_packages=(
  # Python and C toolchain for the venv and for pycairo / manimpango
  python3 python3-venv python3-dev build-essential git
  libcairo2-dev libpango1.0-dev pkg-config ffmpeg
  # MathTex
  texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended cm-super dvisvgm
  # Chinese text in scenes
  fonts-noto-cjk
)
test_packages=(chromium default-jre-headless rsync)

wanted=("${html_packages[@]}")
[ "$purpose" = test ] && wanted+=("${test_packages[@]}")
# Anything else the content needs, e.g. SETUP_EXTRA_PACKAGES="fonts-noto-color-emoji".
read -r -a extra <<< "${SETUP_EXTRA_PACKAGES:-}"
wanted+=("${extra[@]}")
# Node.js renders math (KaTeX); a machine may already have it from elsewhere.
command -v node >/dev/null 2>&1 || wanted+=(nodejs)
command -v npm >/dev/null 2>&1 || wanted+=(npm)

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
# A Python 3.11 other than Debian's (pyenv, for one) serves as well.
if command -v python3.11 >/dev/null 2>&1; then
  missing=($(printf '%s\n' "${missing[@]}" | grep -vxE 'python3|python3-venv|python3-dev' || true))
fi

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
