#!/usr/bin/env bash
# Turns a feed farm of the shared kit into a story evaluation set (the stories-dev JSONL format, with each entry's
# link): generate the farm, serve it with nginx on 127.0.0.1, poll every feed once with feedagg (articles stored,
# no stories), and write each stored article with its truth story, kind, feed (as outlet), title, summary as stored,
# published and link. `feedagg stories eval OUT.jsonl` then scores a method on it in seconds, with the wrong joins
# and misses listed, instead of a whole farm run per try.
#
#   scripts/farm-eval-set.sh OUT.jsonl [--feeds N] [--items N] [--seed S] [--port P] [--kit DIR]
#
# Needs python3 and nginx (apt-get install -y nginx-light). The kit defaults to ../shared beside the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: scripts/farm-eval-set.sh OUT.jsonl [--feeds N] [--items N] [--seed S] [--port P] [--kit DIR]}; shift
feeds=300 items=25 seed=42 port=18091 kit="$here/../shared"
while [ $# -gt 0 ]; do
  case "$1" in
    --feeds) feeds=$2; shift 2 ;; --items) items=$2; shift 2 ;; --seed) seed=$2; shift 2 ;;
    --port) port=$2; shift 2 ;; --kit) kit=$2; shift 2 ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
out=$(realpath -m "$out")
work=$(mktemp -d "${TMPDIR:-/tmp}/farm-eval-XXXXXX")
export FARM_RUNDIR="$work/nginx"
cleanup() { "$kit/bench/serve-farm.sh" stop "$port" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

python3 "$kit/bench/make-farm.py" --feeds "$feeds" --items-per-feed "$items" --seed "$seed" --port "$port" "$work/farm" >/dev/null
"$kit/bench/serve-farm.sh" "$work/farm" "$port" >/dev/null
dotnet build "$here/src/FeedAggregator" -c Release -v q -nologo >/dev/null
(cd "$work" && dotnet "$here/src/FeedAggregator/bin/Release/net10.0/feedagg.dll" poll --all --no-stories \
  --Storage:Path="$work/farm.db" --Feeds:Opml="$work/farm/farm.opml" --Retention:Days=0 --Polling:AllowPrivateNetworks=true \
  --Polling:PerHostConcurrency=16 --Polling:Concurrency=16 | tail -1)
python3 - "$work/farm.db" "$work/farm/truth.json" "$out" <<'PY'
import json, sqlite3, sys
db, truth, out = sys.argv[1:]
items = json.load(open(truth))["items"]
# A story's kind is the kind of its copies (tracking, syndicated, paraphrase; "mixed" when several, "single" when none),
# so that recall is reported per kind.
copies = {}
for it in items:
    if it["kind"] != "original": copies.setdefault(it["story"], set()).add(it["kind"])
kind_of = lambda s: "single" if s not in copies else next(iter(copies[s])) if len(copies[s]) == 1 else "mixed"
by_key = {}
for it in items:
    if it["guid"]: by_key[(it["feed_url"], it["guid"])] = it
    by_key[(it["feed_url"], it["link"])] = it
n = 0
with open(out, "w") as w:
    rows = sqlite3.connect(db).execute(
        "SELECT f.url, a.guid, a.url, a.title, coalesce(a.summary, ''), a.published_at FROM articles a JOIN feeds f ON f.id = a.feed_id")
    for feed_url, guid, link, title, summary, published in rows:
        it = by_key.get((feed_url, guid)) or by_key.get((feed_url, link))
        if it is None: continue
        w.write(json.dumps({"id": it["id"], "story": it["story"], "near": None, "kind": kind_of(it["story"]), "outlet": feed_url,
                            "title": title or "", "summary": summary, "published": it["published"], "link": link}) + "\n")
        n += 1
print(f"{n} entries written to {out}", file=sys.stderr)
PY
