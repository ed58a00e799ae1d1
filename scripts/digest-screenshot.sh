#!/usr/bin/env bash
# Renders a realistic digest (40 stories, 5 categories) through the real `feedagg digest` verb and screenshots its
# HTML with headless Chromium, to look at what readers get. Usage: scripts/digest-screenshot.sh [OUT.png]
# Writes OUT.png (default digest.png), and digest.html / digest.txt beside it. Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-digest.png}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

dotnet run --project "$root/scripts/DigestSample" -- "$work/sample.db"
echo '<?xml version="1.0"?><opml version="2.0"><head><title>sample</title></head><body/></opml>' > "$work/feeds.opml"
overrides=(--Storage:Path="$work/sample.db" --Feeds:Opml="$work/feeds.opml" --Digest:TimeZone=Europe/London
           --Publishing:Title="Morning Post" --Publishing:BaseUrl=https://feeds.example --Digest:MaxItems=30)
(cd "$work" && dotnet run --project "$root/src/FeedAggregator" -- digest --out "${out%.*}.html" "${overrides[@]}")
(cd "$work" && dotnet run --project "$root/src/FeedAggregator" -- digest --out "${out%.*}.txt" "${overrides[@]}")

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/chromium" --hide-scrollbars \
  --screenshot="$out" --window-size=800,"${HEIGHT:-3000}" "file://${out%.*}.html" 2>/dev/null
echo "wrote $out"
