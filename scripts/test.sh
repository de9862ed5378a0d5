#!/usr/bin/env bash
# Set everything up and run every check CI runs: lint, format, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
echo "== ruff"; .venv/bin/ruff check kiosk kiosk_cli screens tests
echo "== ruff format"; .venv/bin/ruff format --check kiosk kiosk_cli screens tests
echo "== mypy (strict)"; .venv/bin/mypy kiosk kiosk_cli screens
echo "== PostgreSQL (the fleet tests' bank database)"
KIOSK_TEST_POSTGRES="$(bash scripts/postgres.sh start)"
export KIOSK_TEST_POSTGRES
trap 'bash scripts/postgres.sh stop' EXIT
# Coverage is asked for, not run by default: on Python 3.11 its line tracing more
# than doubles the CPU time of the UI tests (measured 17 s -> 38 s on one set), and
# that is the difference between a CI run of five minutes and one of twelve.
if [ "${KIOSK_COVERAGE:-0}" = "1" ]; then
  echo "== pytest (with coverage of kiosk/, kiosk_cli/ and screens/)"
  .venv/bin/pytest --cov=kiosk --cov=kiosk_cli --cov=screens --cov-report=term:skip-covered "$@"
else
  echo "== pytest (KIOSK_COVERAGE=1 adds the coverage report)"
  .venv/bin/pytest "$@"
fi
