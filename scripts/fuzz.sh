#!/usr/bin/env bash
# Fuzzes the parse and sanitize stages for a fixed time: mutations of tests/FeedAggregator.Core.Tests/TestFeeds
# (seeded; FuzzTests in tests/FeedAggregator.Core.Tests/Hostile). Every input that crashes, hangs or throws anything
# but the documented parse error is written to Hostile/FuzzFindings/ and replayed by the regression test from then on.
# Usage: scripts/fuzz.sh [SECONDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export FEEDAGG_FUZZ_SECONDS="${1:-300}" FEEDAGG_FUZZ_SEED="${2:-$RANDOM}"
echo "fuzzing for $FEEDAGG_FUZZ_SECONDS s, seed $FEEDAGG_FUZZ_SEED"
dotnet test tests/FeedAggregator.Core.Tests --configuration Release \
  --filter "FullyQualifiedName~FuzzTests.Mutated_real_feeds" --logger "console;verbosity=detailed" | grep -E "fuzz:|Passed|Failed|finding-"
