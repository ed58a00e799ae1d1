#!/usr/bin/env bash
# Screenshots the status page (/) with 200 feeds, some failing, through the real service: generates feed files,
# serves them on 127.0.0.1 (python3 -m http.server), polls them with `feedagg poll --all`, starts `feedagg run` and
# takes a headless-Chromium screenshot (installed if missing). Usage: scripts/status-screenshot.sh [OUT.png]
# (default docs/status-page.png). Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/docs/status-page.png}")"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
feeds_port=$(free_port)
mkdir -p "$work/www"
categories=(World Technology Science Sport Business Culture)
now=$(date -u +%s)
{
  echo '<?xml version="1.0"?><opml version="2.0"><head><title>200 feeds</title></head><body>'
  for i in $(seq 1 200); do
    cat="${categories[$((i % ${#categories[@]}))]}"
    url="http://127.0.0.1:$feeds_port/feed$i.xml"
    if (( i % 29 == 0 )); then url="http://127.0.0.1:$feeds_port/missing$i.xml"; fi   # 404: failing
    if (( i % 37 == 0 )); then url="http://127.0.0.1:$feeds_port/page$i.txt"; fi      # not a feed: failing
    echo "<outline text=\"$cat\"><outline type=\"rss\" text=\"Outlet $i\" xmlUrl=\"$url\"/></outline>"
  done
  echo '</body></opml>'
} > "$work/feeds.opml"
for i in $(seq 1 200); do
  # Some quiet blogs (newest post months old), most daily; every 23rd has a stray "&" (repaired XML).
  age=$(( i % 11 == 0 ? 86400 * 120 : 3600 * (i % 20) ))
  amp=$(( i % 23 == 0 ))
  {
    echo "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Outlet $i</title><link>https://outlet$i.example/</link><description>d</description>"
    for j in $(seq 1 $(( 3 + i % 9 ))); do
      t=$(( now - age - j * 5400 ))
      title="Story $j from outlet $i"; (( amp )) && title="Fish & chips, story $j"
      echo "<item><title>$title</title><link>https://outlet$i.example/$j</link><guid>o$i-$j</guid><pubDate>$(date -u -R -d "@$t")</pubDate><description>Text of story $j.</description></item>"
    done
    echo "</channel></rss>"
  } > "$work/www/feed$i.xml"
  echo "plain text, not a feed" > "$work/www/page$i.txt"
done
(cd "$work/www" && exec python3 -m http.server "$feeds_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)
sleep 1

dotnet build "$root/src/FeedAggregator" -c Release -v quiet -nologo >/dev/null
feedagg=(dotnet "$root/src/FeedAggregator/bin/Release/net10.0/feedagg.dll")
overrides=(--Storage:Path="$work/status.db" --Feeds:Opml="$work/feeds.opml" --Publishing:Title="Morning Post"
           --Polling:AllowPrivateNetworks=true --Polling:PerHostConcurrency=4 --Retention:Days=90)
(cd "$work" && "${feedagg[@]}" poll --all "${overrides[@]}" | tail -n 1)
port=$(free_port)
(cd "$work" && exec "${feedagg[@]}" run --urls "http://127.0.0.1:$port" "${overrides[@]}" --Polling:Tick=01:00:00 >/dev/null 2>&1) & pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/chromium" --hide-scrollbars \
  --screenshot="$out" --window-size=1200,"${HEIGHT:-1400}" "http://127.0.0.1:$port/" 2>/dev/null
echo "wrote $out"
