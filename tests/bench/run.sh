#!/usr/bin/env bash
# City-scale benchmark and load test (tests/bench/run_bench.py): its own PostgreSQL database
# (anjian_bench), Redis db 13, gunicorn and locust on 127.0.0.1 only. Options: --scale 0.1 (a smaller
# city), --runs N, --regenerate, --no-load-test. Results: tests/bench/results/latest.md (not committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! .venv/bin/python -c "import locust" 2>/dev/null; then
  .venv/bin/pip install -q "$(grep '^locust==' requirements-dev.txt)"
fi
exec .venv/bin/python tests/bench/run_bench.py "$@"
