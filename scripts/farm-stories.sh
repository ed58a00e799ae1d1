#!/usr/bin/env bash
# Story matching on the shared kit's feed farm, end to end: generate a farm, serve it with nginx on 127.0.0.1, poll
# every feed once with feedagg (articles stored, stories left waiting), then for each method run the story stage
# (`stories rebuild`), export what was stored (feed_url, guid, link, story) and score it with the kit's
# score-dedup.py against the farm's truth.json; also counts the true stories that lead no story (no entry of their own
# in the merged feed).
#
#   scripts/farm-stories.sh [--feeds N] [--items N] [--seed S] [--port P] [--kit DIR] [--methods "semantic lexical"]
#
# Needs python3 and nginx (apt-get install -y nginx-light). The kit defaults to ../shared beside the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
feeds=1000 items=25 seed=42 port=18089 kit="$here/../shared" methods="semantic lexical"
while [ $# -gt 0 ]; do
  case "$1" in
    --feeds) feeds=$2; shift 2 ;; --items) items=$2; shift 2 ;; --seed) seed=$2; shift 2 ;;
    --port) port=$2; shift 2 ;; --kit) kit=$2; shift 2 ;; --methods) methods=$2; shift 2 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/farm-stories-XXXXXX")
export FARM_RUNDIR="$work/nginx"
cleanup() { "$kit/bench/serve-farm.sh" stop "$port" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

python3 "$kit/bench/make-farm.py" --feeds "$feeds" --items-per-feed "$items" --seed "$seed" --port "$port" "$work/farm" >/dev/null
"$kit/bench/serve-farm.sh" "$work/farm" "$port" >/dev/null
dotnet build "$here/src/FeedAggregator" -c Release -v q -nologo >/dev/null
feedagg() { (cd "$work" && dotnet "$here/src/FeedAggregator/bin/Release/net10.0/feedagg.dll" "$@" \
  --Storage:Path="$work/farm.db" --Feeds:Opml="$work/farm/farm.opml" --Retention:Days=0 --Polling:AllowPrivateNetworks=true \
  --Polling:PerHostConcurrency=16 --Polling:Concurrency=16); }

echo "farm: $feeds feeds x $items items, seed $seed"
feedagg poll --all --no-stories | tail -2
for method in $methods; do
  start=$(date +%s)
  feedagg stories rebuild --Stories:Method="$method" | tail -1
  echo "$method: stage took $(( $(date +%s) - start )) s"
  python3 - "$work/farm.db" > "$work/stored-$method.tsv" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for feed_url, guid, link, story in db.execute(
        "SELECT f.url, coalesce(a.guid, ''), coalesce(a.url, ''), a.story_id FROM articles a JOIN feeds f ON f.id = a.feed_id"):
    print(f"{feed_url}\t{guid}\t{link}\t{story}")
PY
  python3 "$kit/bench/score-dedup.py" "$work/farm/truth.json" "$work/stored-$method.tsv" > "$work/score-$method.json"
  python3 - "$work/score-$method.json" "$work/farm/truth.json" "$work/farm.db" "$method" <<'PY'
import json, sqlite3, sys
rep = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
story_of = {}
for it in truth["items"]:
    if it["guid"]: story_of[(it["feed_url"], it["guid"])] = it["story"]
    story_of[(it["feed_url"], it["link"])] = it["story"]
db = sqlite3.connect(sys.argv[3])
leads = set()
for feed_url, guid, link in db.execute(
        "SELECT f.url, a.guid, a.url FROM stories s JOIN articles a ON a.id = s.lead_article_id JOIN feeds f ON f.id = a.feed_id"):
    leads.add(story_of.get((feed_url, guid)) or story_of.get((feed_url, link)))
stories = {it["story"] for it in truth["items"]}
print(json.dumps({"method": sys.argv[4], "matched": rep.get("matched"), "unmatched": rep.get("unmatched"),
                  "pairwise_story": rep.get("pairwise_story"), "duplicates_stored_story": rep.get("duplicates_stored_story"),
                  "stories_total": len(stories), "stories_without_entry": len(stories - leads)}))
PY
done
