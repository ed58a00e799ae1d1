#!/usr/bin/env bash
# Runs every test of the solution (`dotnet test`) and ends with the plain total: "tests: N passed, N failed".
# Needs only the .NET SDK: packages restore from NuGet, the tests start their own servers on 127.0.0.1.
set -uo pipefail
cd "$(dirname "$0")"

results=TestResults
rm -rf "$results"
dotnet test FeedAggregator.sln --configuration Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 5m "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test results found (build failure?)" >&2
  [ "$status" -eq 0 ] && status=1
fi
[ "$failed" -gt 0 ] && [ "$status" -eq 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
