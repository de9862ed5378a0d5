#!/usr/bin/env bash
# Create .venv with the pinned dependencies. Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extra=""
[ "${1:-}" = "dev" ] && extra="[dev]"
# The browser-room test needs a real browser (Debian's chromium) and the Korean
# font the room serves to browsers (fonts-nanum-coding, SIL OFL); the voice tests
# need the speech engine (espeak-ng, which has Korean and English voices).
missing=""
if [ "${1:-}" = "dev" ]; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  [ -f /usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf ] || missing="$missing fonts-nanum-coding"
  command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
fi
if [ -n "$missing" ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi
# requirements.lock pins the whole dependency tree; pip only installs what is missing.
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -c requirements.lock -e ".${extra}"
