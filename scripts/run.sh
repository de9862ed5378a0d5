#!/usr/bin/env bash
# Set everything up and start the kiosk on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kiosk "$@"
