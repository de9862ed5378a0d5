#!/usr/bin/env bash
# The whole suite three times in a row while a CPU hog keeps one core busy, as on a
# loaded CI machine: a test that waits on the wall clock or on an idle CPU fails
# here first. Prints one line per run; exits non-zero if any run failed.
# Usage: scripts/flake-check.sh [pytest options]
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev >/dev/null
python3 -c 'while True: pass' &
hog=$!
trap 'kill "$hog" 2>/dev/null' EXIT
log=$(mktemp -d)
failed=0
for run in 1 2 3; do
  start=$(date +%s)
  if .venv/bin/pytest -q -p no:cacheprovider "$@" >"$log/run$run.txt" 2>&1; then
    verdict=green
  else
    verdict=RED
    failed=1
  fi
  summary=$(grep -E '(passed|failed|error)' "$log/run$run.txt" | tail -1)
  echo "run $run: $verdict in $(($(date +%s) - start)) s — $summary"
done
[ "$failed" -eq 0 ] || echo "logs: $log"
exit "$failed"
