#!/usr/bin/env bash
# Runs every test of the solution (`dotnet test`) and ends with the plain total: "tests: N passed, N failed".
# First it sources scripts/test-setup/*.sh: each installs or starts one thing the tests need (Debian packages,
# a private PostgreSQL server, the real readers of ../shared/clients) and exports where to find it.
set -uo pipefail
cd "$(dirname "$0")"

source scripts/exit-actions.sh

for step in scripts/test-setup/*.sh; do
  [ -f "$step" ] || continue
  echo "test set-up: $step"
  # shellcheck disable=SC1090
  source "$step" || echo "test set-up: $step failed; the tests that need it will say they skipped" >&2
done

results=TestResults
rm -rf "$results"
dotnet build FeedAggregator.sln --configuration Release || { echo "tests: 0 passed, 1 failed (build failed)"; exit 1; }
status=0
# One run per test project, each with its own TRX file (parallel runs can give two files the same timestamped name).
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --configuration Release --no-build \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout 5m "$@" || status=$?
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  # A skipped test counts in total but not in executed (the TRX's notExecuted stays 0 for it).
  skipped=$((skipped + $(get total) - $(get executed)))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test results found (build failure?)" >&2
  [ "$status" -eq 0 ] && status=1
fi
[ "$failed" -gt 0 ] && [ "$status" -eq 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
