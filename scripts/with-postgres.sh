#!/usr/bin/env bash
# Runs one command with a private PostgreSQL server beside it, as test.sh starts one for the tests
# (scripts/test-setup/20-postgres.sh): FEEDAGG_TEST_POSTGRES names it; it is stopped and removed afterwards.
# Example: scripts/with-postgres.sh dotnet run -c Release --project tests/FeedAggregator.Benchmarks -- polling --provider postgres
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/exit-actions.sh
# shellcheck source=test-setup/20-postgres.sh
source scripts/test-setup/20-postgres.sh
[ -n "${FEEDAGG_TEST_POSTGRES:-}" ] || { echo "no PostgreSQL server could be started" >&2; exit 2; }
"$@"
