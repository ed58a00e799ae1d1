using System.Net;
using System.Security.Cryptography;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Fetch;
using FeedAggregator.Parse;
using FeedAggregator.Rules;
using FeedAggregator.WebSub;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>The RefreshFeed use case: fetch → parse → store articles, for one feed (stories are the story stage's). Any failure is recorded on that
/// feed (text and count) and returned, never thrown, so one broken feed never stops the others.</summary>
public sealed class FeedRefresher(
    FeedFetcher fetcher, FeedParser parser, Database db, FeedStore feeds, PollSchedule schedule,
    HostCooldowns cooldowns, TombstoneStore tombstones, RulesService rules, WebSubPolling websub, BackgroundCpu cpu, IOptions<PollingOptions> options,
    TimeProvider clock, ILogger<FeedRefresher> logger)
{
    public async Task<RefreshOutcome> RefreshAsync(Feed feed, CancellationToken ct)
    {
        if (!Publish.WebUrl.IsWeb(feed.Url))
        {
            // Subscribed before every path checked the scheme (file:, javascript:, relative...): never fetched.
            var reason = $"not an http(s) URL: {feed.Url}; only web feeds are fetched";
            await feeds.DisableAsync(feed.Id, reason, ct);
            logger.LogWarning("Feed {FeedUrl} disabled: {Reason}", feed.Url, reason);
            return new RefreshOutcome(feed, RefreshStatus.Error, Error: reason);
        }
        if (await cooldowns.NotBeforeAsync(HostCooldowns.HostOf(feed.Url), ct) is { } notBefore)
        {
            // Not an error of this feed: its host asked everyone to wait.
            var reason = $"host cooling down until {notBefore:yyyy-MM-dd HH:mm:ss'Z'} (Retry-After)";
            await feeds.DeferAsync(feed.Id, schedule.AfterCooldown(notBefore), reason, ct);
            return new RefreshOutcome(feed, RefreshStatus.Deferred, Note: reason);
        }
        try
        {
            var fetched = await fetcher.FetchAsync(new Uri(feed.Url), feed.Etag, feed.LastModified, ct);
            var now = clock.GetUtcNow();
            var url = feed.Url;
            string? note = null;
            var moved = PermanentRedirects.Observe(feed, fetched.PermanentRedirect, now, options.Value);
            if (moved.Confirmed)
            {
                note = $"moved permanently to {moved.MovedTo} (301/308 seen on {moved.Seen} polls since {UnixTime.FromMs(moved.Since!.Value):yyyy-MM-dd HH:mm}Z); was {feed.Url}";
                url = moved.MovedTo!;
                moved = new PermanentRedirects.Sighting(null, 0, null, false);
            }

            if (fetched.NotModified)
            {
                // 304: no parse, no article writes; only the poll bookkeeping.
                if (await DuplicateOfAsync(feed, url, ct) is { } duplicate) return duplicate;
                var plan = await websub.StretchAsync(feed.Id, schedule.AfterSuccess(HistoryInterval(feed), StoredHints(feed, fetched.CacheLifetime)), ct);
                await feeds.RecordNotModifiedAsync(Poll(feed, url, now, plan, fetched, moved, note), ct);
                Log(feed, url, note);
                return new RefreshOutcome(feed, RefreshStatus.NotModified, Note: note);
            }

            var bodyHash = Hash(fetched.Body);
            ParsedFeed? parsed = null;
            if (bodyHash != feed.BodyHash)
            {
                await feeds.MarkInProgressAsync(feed.Id, now, ct);
                parsed = !FeedDiscovery.LooksLikeHtmlPage(fetched.Body) ? await ParseAsync(fetched, ct) : null;
                if (parsed is null || (parsed.Format == FeedFormat.Unknown && IsHtml(fetched)))
                {
                    // A site's page instead of its feed: subscribe to the feed the page announces.
                    var page = fetched.FinalUrl;
                    (fetched, parsed) = await DiscoverAsync(fetched, ct);
                    url = fetched.FinalUrl.AbsoluteUri;
                    note = $"autodiscovered: {page} is an HTML page announcing the feed {url}; subscribed to that feed instead";
                    moved = new PermanentRedirects.Sighting(null, 0, null, false);
                    bodyHash = Hash(fetched.Body);
                }
                else if (parsed.Format == FeedFormat.Unknown)
                    throw new FeedParseException($"not a feed: the document at {fetched.FinalUrl} is {Describe(fetched.ContentType)}, with no RSS, Atom or JSON Feed root");
            }
            if (await DuplicateOfAsync(feed, url, ct) is { } dup) return dup;

            var history = parsed is null ? HistoryInterval(feed)
                : PublishingHistory.Interval(parsed.Entries.Select(e => e.Published ?? e.Updated).OfType<DateTimeOffset>(), now, options.Value.HistoryEntries);
            var hints = parsed is null ? StoredHints(feed, fetched.CacheLifetime) : ParsedHints(parsed, fetched.CacheLifetime);
            var next = await websub.StretchAsync(feed.Id, schedule.AfterSuccess(history, hints), ct);
            if (parsed is { Notes.Count: > 0 })
            {
                var bounded = "read with limits: " + string.Join("; ", parsed.Notes);
                note = note is null ? bounded : $"{note}; {bounded}";
            }
            var poll = Poll(feed, url, now, next, fetched, moved, note);

            if (parsed is null)
            {
                // The same bytes as last time: nothing to parse or store, like a 304.
                await feeds.RecordNotModifiedAsync(poll, ct);
                Log(feed, url, note);
                return new RefreshOutcome(feed, RefreshStatus.Unchanged, Note: note);
            }

            // An entry with no title, no link and no text (often repaired out of broken XML) would be a blank entry in
            // every reader: it is not stored, and the feed's health says how many were left out.
            var entries = ArticleDraft.Storable(parsed);
            var document = new FeedDocument(parsed.Title, parsed.Link, fetched.Etag, fetched.LastModified, bodyHash,
                parsed.TtlMinutes, parsed.UpdatePeriodMinutes, Mask(parsed.SkipHours.Where(h => h is >= 0 and < 24)),
                Mask(parsed.SkipDays.Select(d => (int)d)), history is { } h ? (long)h.TotalSeconds : null,
                parsed.Entries.Count - entries.Count, parsed.Bozo ? parsed.BozoReason ?? "repaired" : null);

            // Identities, hashes and column values are CPU work: done here, in parallel with other feeds, not under the write lock.
            var (drafts, sighting) = await WithoutBuriedAsync(feed, await cpu.RunAsync(() => ArticleDraft.From(entries, now), ct), ct);
            var judged = await rules.JudgeAsync(feed, url, parsed.Title, drafts, ct);

            // One transaction for the articles and the feed's new ETag: a crash in between can never leave an ETag that
            // claims entries we did not store. New articles wait for the story stage (Core/Stories), which decides their
            // stories outside this write.
            var counts = await db.WriteAsync(async (c, tx) =>
            {
                var stored = await StoreEntriesAsync(c, tx, feed, url, drafts, judged, sighting, now, ct);
                await FeedStore.RecordSuccessAsync(c, tx, poll, document, ct);
                return stored;
            }, ct);
            await websub.ObserveAsync(feed, url, fetched, ct);

            logger.LogDebug("Refreshed {FeedUrl}: {New} new, {Updated} updated, {Unchanged} unchanged; next poll in {Interval} ({Reason})",
                url, counts.New, counts.Updated, counts.Unchanged, next.Interval, next.Reason);
            Log(feed, url, note);
            return new RefreshOutcome(feed, counts.New + counts.Updated > 0 ? RefreshStatus.Changed : RefreshStatus.Unchanged,
                counts.New, counts.Updated, counts.Unchanged, Note: note);
        }
        catch (FetchException e)
        {
            return await RecordErrorAsync(feed, e.Message, e.Status, e.RetryAfter, e.Url, ct);
        }
        catch (Exception e) when (e is FeedParseException or UriFormatException)
        {
            return await RecordErrorAsync(feed, e.Message, null, null, null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Unexpected: still recorded on the feed with a readable reason, and logged with the stack.
            logger.LogError(e, "Refreshing {FeedUrl} failed unexpectedly", feed.Url);
            return await RecordErrorAsync(feed, $"internal error: {e.Message}", null, null, null, ct);
        }
    }

    /// <summary>Records the feeds a dead process left marked in progress (see <see cref="FeedStore.MarkInProgressAsync"/>)
    /// as failed, backed off like any error. A mark is taken as abandoned once twice Polling:ParseTimeout has passed:
    /// a live process finishes parsing within one and stores shortly after.</summary>
    public async Task RecordInterruptedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var feed in await feeds.InterruptedAsync(now - 2 * options.Value.ParseTimeout, ct))
        {
            var since = UnixTime.FromMs(feed.RefreshStartedAt!.Value);
            await RecordErrorAsync(feed,
                $"processing did not finish: the process stopped while reading this feed's document (started {since:yyyy-MM-dd HH:mm:ss}Z); the document may crash or hang the parser",
                null, null, null, ct);
        }
    }

    private Task<ParsedFeed> ParseAsync(FetchResult fetched, CancellationToken ct) =>
        cpu.RunAsync(() => parser.Parse(fetched.Body, fetched.FinalUrl, fetched.Charset, options.Value.ParseTimeout, ct), ct);

        /// <summary>The store step a poll and a WebSub push share: articles (waiting for the story stage), rule verdicts,
    /// full-text pages to fetch.</summary>
    private async Task<StoreCounts> StoreEntriesAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Feed feed, string url,
        IReadOnlyList<ArticleDraft> drafts, RulesService.Judgement judged, TombstoneSighting? sighting, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await ArticleStore.UpsertAsync(c, tx, feed.Id, url, drafts, now, ct);
        if (sighting is not null) await TombstoneStore.ObserveAsync(c, tx, feed.Id, sighting.Buried, sighting.Listed, now.ToMs(), ct);
        await rules.ApplyOnStoreAsync(c, tx, judged, ct);
        if (feed.FullText)
            // An article whose page was read before (another feed, a re-published entry) has its content now: judged again.
            foreach (var id in await FullTextStore.EnqueueAsync(c, tx, feed.Id, FullTextPages(stored.Added, drafts), now, ct))
                await rules.ApplyToArticleAsync(c, tx, id, ct);
        return stored.Counts;
    }

    /// <summary>A feed document its WebSub hub pushed: parsed and stored like a poll's (same parse → store path), without
    /// touching the feed's poll bookkeeping (ETag, schedule). A document that does not parse is refused with the reason.</summary>
    public async Task<StoreCounts> StorePushedAsync(Feed feed, byte[] body, string? charset, CancellationToken ct)
    {
        var url = new Uri(feed.Url);
        var parsed = await cpu.RunAsync(() => parser.Parse(body, url, charset, options.Value.ParseTimeout, ct), ct);
        if (parsed.Format == FeedFormat.Unknown) throw new FeedParseException("the pushed document is not a feed");
        var now = clock.GetUtcNow();
        var (drafts, sighting) = await WithoutBuriedAsync(feed, await cpu.RunAsync(() => ArticleDraft.From(ArticleDraft.Storable(parsed), now), ct), ct);
        var judged = await rules.JudgeAsync(feed, feed.Url, parsed.Title, drafts, ct);
        var counts = await db.WriteAsync((c, tx) => StoreEntriesAsync(c, tx, feed, feed.Url, drafts, judged, sighting, now, ct), ct);
        logger.LogInformation("Pushed {FeedUrl}: {New} new, {Updated} updated", feed.Url, counts.New, counts.Updated);
        return counts;
    }

    /// <summary>Fetches the feed an HTML page announces (the first one that is one). A page with no feed link,
    /// or whose links lead to no feed, stays an error that says so.</summary>
    private async Task<(FetchResult, ParsedFeed)> DiscoverAsync(FetchResult page, CancellationToken ct)
    {
        var candidates = FeedDiscovery.Find(page.Body, page.FinalUrl);
        if (candidates.Count == 0)
            throw new FeedParseException($"not a feed: {page.FinalUrl} is an HTML page, and it announces no feed (no <link rel=\"alternate\"> of an RSS, Atom or JSON Feed type)");
        foreach (var candidate in candidates.Take(3))
        {
            var fetched = await fetcher.FetchAsync(candidate, null, null, ct);
            if (!!FeedDiscovery.LooksLikeHtmlPage(fetched.Body)) continue;
            var parsed = await ParseAsync(fetched, ct);
            if (parsed.Format != FeedFormat.Unknown) return (fetched, parsed);
        }
        throw new FeedParseException($"not a feed: {page.FinalUrl} is an HTML page whose feed links ({ErrorText.List(candidates)}) lead to no feed");
    }

    /// <summary>A new URL (confirmed redirect, discovered feed) that another subscription already has: this one is
    /// disabled as a duplicate, with the reason, instead of polling the same feed twice.</summary>
    private async Task<RefreshOutcome?> DuplicateOfAsync(Feed feed, string url, CancellationToken ct)
    {
        if (url == feed.Url || await feeds.FindAsync(url, ct) is not { } other || other.Id == feed.Id) return null;
        var reason = $"duplicate: this subscription now leads to {url}, which is already subscribed";
        await feeds.DisableAsync(feed.Id, reason, ct);
        logger.LogWarning("Feed {FeedUrl} disabled: {Reason}", feed.Url, reason);
        return new RefreshOutcome(feed, RefreshStatus.Error, Error: reason);
    }

    private async Task<RefreshOutcome> RecordErrorAsync(Feed feed, string error, HttpStatusCode? status, TimeSpan? retryAfter, Uri? at,
        CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var count = feed.ErrorCount + 1;
        error = ErrorText.Bound(error);
        var plan = schedule.AfterError(count, retryAfter);

        // "Slow down" is said to us, not to one feed: every feed of that host waits (at least one backoff step for a 429
        // without Retry-After; a 503 without it is taken as this feed's trouble).
        if (status is HttpStatusCode.TooManyRequests || (status is HttpStatusCode.ServiceUnavailable && retryAfter is not null))
        {
            var wait = retryAfter ?? o.MinInterval;
            if (wait > o.MaxBackoff) wait = o.MaxBackoff;
            await cooldowns.CoolDownAsync(HostCooldowns.HostOf((at ?? new Uri(feed.Url)).AbsoluteUri), now + wait, $"{error} from {feed.Url}", ct);
        }

        // Only a run of 404s is counted towards "dead"; a success ends it (FeedStore clears it), other errors keep it.
        var notFoundSince = status == HttpStatusCode.NotFound ? feed.NotFoundSince ?? now.ToMs() : feed.NotFoundSince;
        string? disabled = null;
        if (status == HttpStatusCode.Gone)
            disabled = $"gone: the publisher answered 410 Gone on {now:yyyy-MM-dd}; the feed no longer exists";
        else if (status == HttpStatusCode.NotFound && now - UnixTime.FromMs(notFoundSince!.Value) >= o.DeadAfter)
            disabled = $"dead: 404 Not Found on every poll since {UnixTime.FromMs(notFoundSince.Value):yyyy-MM-dd} ({(now - UnixTime.FromMs(notFoundSince.Value)).TotalDays:0} days)";

        if (disabled is null)
            logger.LogWarning("Feed {FeedUrl} failed ({ErrorCount} in a row): {Error}; next try at {NextPoll:yyyy-MM-ddTHH:mm:ssK} ({Reason})", feed.Url, count, error, plan.Next, plan.Reason);
        else
            logger.LogWarning("Feed {FeedUrl} disabled: {Reason}", feed.Url, disabled);
        await feeds.RecordErrorAsync(new FeedFailure(feed.Id, now.ToMs(), error, count, plan.Next.ToMs(), (long)plan.Interval.TotalSeconds,
            plan.Reason, status is { } s ? (int)s : null, notFoundSince, disabled), ct);
        return new RefreshOutcome(feed, RefreshStatus.Error, Error: error, Note: disabled is null ? null : $"disabled: {disabled}");
    }

    private static FeedPoll Poll(Feed feed, string url, DateTimeOffset now, PollPlan plan, FetchResult fetched, PermanentRedirects.Sighting moved, string? note) =>
        new(feed.Id, url, now.ToMs(), plan.Next.ToMs(), (long)plan.Interval.TotalSeconds, plan.Reason, (int)fetched.Status,
            moved.MovedTo, moved.Seen, moved.Since, note is null ? null : ErrorText.Bound(note));

    private void Log(Feed feed, string url, string? note)
    {
        if (note is null) return;
        if (url != feed.Url) logger.LogWarning("Feed {FeedUrl} now at {NewUrl}: {Change}", feed.Url, url, note);
        else logger.LogWarning("Feed {FeedUrl}: {Change}", feed.Url, note);
    }

    private static TimeSpan? HistoryInterval(Feed feed) => feed.HistoryIntervalSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static PublisherHints StoredHints(Feed feed, TimeSpan? cacheLifetime) => new(
        feed.TtlMinutes is { } t ? TimeSpan.FromMinutes(t) : null,
        feed.UpdatePeriodMinutes is { } u ? TimeSpan.FromMinutes(u) : null,
        cacheLifetime, feed.SkipHours, feed.SkipDays);

    private static PublisherHints ParsedHints(ParsedFeed parsed, TimeSpan? cacheLifetime) => new(
        parsed.TtlMinutes is { } t ? TimeSpan.FromMinutes(t) : null,
        parsed.UpdatePeriodMinutes is { } u ? TimeSpan.FromMinutes(u) : null,
        cacheLifetime, Mask(parsed.SkipHours.Where(h => h is >= 0 and < 24)), Mask(parsed.SkipDays.Select(d => (int)d)));

    private static int Mask(IEnumerable<int> bits) => bits.Aggregate(0, (m, b) => m | 1 << b);

    private static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static bool IsHtml(FetchResult f) => f.ContentType is "text/html" or "application/xhtml+xml";

    /// <summary>Entries retention deleted stay deleted, however long the feed lists them (an archive feed): they are left
    /// out, and what the document lists is kept for the tombstones (<see cref="TombstoneStore.ObserveAsync"/>).</summary>
    private async Task<(IReadOnlyList<ArticleDraft>, TombstoneSighting?)> WithoutBuriedAsync(Feed feed, IReadOnlyList<ArticleDraft> drafts, CancellationToken ct)
    {
        var buried = await tombstones.KeysAsync(feed.Id, ct);
        if (buried.Count == 0) return (drafts, null);
        var listed = drafts.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        return (drafts.Where(d => !buried.ContainsKey(d.Key)).ToList(), new TombstoneSighting(buried, listed));
    }

    private sealed record TombstoneSighting(IReadOnlyDictionary<string, bool> Buried, IReadOnlySet<string> Listed);

    /// <summary>The article pages of the entries just added (http(s) links only), for the full-text queue.</summary>
    /// <summary>The new articles' pages, each with its canonical URL: the key under which a page is fetched once.</summary>
    private static IEnumerable<(long, string, string)> FullTextPages(IReadOnlyList<NewArticle> added, IReadOnlyList<ArticleDraft> drafts)
    {
        var byKey = drafts.ToDictionary(d => d.Key, StringComparer.Ordinal);
        foreach (var a in added)
            if (byKey.GetValueOrDefault(a.EntryKey) is { Entry.Link: { } link } d && Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
                yield return (a.Id, u.AbsoluteUri, d.CanonicalUrl ?? u.AbsoluteUri);
    }

    private static string Describe(string? contentType) => contentType switch
    {
        null or "" => "of unknown type",
        "text/html" or "application/xhtml+xml" => "an HTML page",
        _ => contentType,
    };
}
