// Prints, as one JSON object, what the npm readers get from a feed URL: rss-parser (argv[2] = "rss-parser") or
// @extractus/feed-extractor ("feed-extractor"), every item. The shared *-read scripts print five items only.
'use strict';
const path = require('path');
const { createRequire } = require('module');
const req = createRequire(path.join(path.resolve(process.env.NODE_READERS_DIR), 'package.json'));
(async () => {
  const [which, url] = process.argv.slice(2);
  if (which === 'rss-parser') {
    const Parser = req('rss-parser');
    const feed = await new Parser().parseURL(url);
    console.log(JSON.stringify({ items: feed.items.map(i => ({
      title: i.title, link: i.link, date: i.isoDate || null, author: i.creator || i.author || null,
      content: i['content:encoded'] || i.content || i.summary || null })) }));
  } else {
    const fx = req('@extractus/feed-extractor');
    const feed = await fx.extract(url, { useISODateFormat: true, descriptionMaxLen: 0 });
    console.log(JSON.stringify({ items: feed.entries.map(e => ({ title: e.title, link: e.link, date: e.published || null })) }));
  }
})().catch(e => { console.log(JSON.stringify({ error: String(e && e.message) })); process.exit(1); });
