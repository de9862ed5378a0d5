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
# requirements.lock pins the whole dependency tree; pip only installs what is missing.
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -c requirements.lock -e ".${extra}"
