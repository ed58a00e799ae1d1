# Prints, as one JSON object, what Python feedparser reads from a feed: every entry's title, link, dates (Unix
# seconds), author and content. The shared feedparser-read prints the verdict and five entries only.
import calendar, json, sys
import feedparser

d = feedparser.parse(sys.argv[1])

def ts(e, key):
    v = e.get(key + "_parsed")
    return calendar.timegm(v) if v else None

entries = []
for e in d.entries:
    content = e.get("content") or []
    entries.append({
        "title": e.get("title"), "link": e.get("link"), "published": ts(e, "published"), "updated": ts(e, "updated"),
        "author": e.get("author"), "content": content[0].get("value") if content else e.get("summary"),
        "links": [l.get("href") for l in e.get("links", [])],
    })
print(json.dumps({"bozo": 1 if d.get("bozo") else 0, "bozo_exception": str(d.get("bozo_exception") or ""),
                  "version": d.get("version"), "feed_updated": ts(d.feed, "updated"), "entries": entries}))
