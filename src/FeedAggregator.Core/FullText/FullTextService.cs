using System.Net;
using FeedAggregator.Fetch;
using FeedAggregator.Polling;
using FeedAggregator.Rules;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.FullText;

/// <summary>Works off the full-text queue: fetches each queued article page through the feeds' fetcher (its size
/// cap, timeout, redirect rules and outbound-address guard), at most Polling:FullTextConcurrency at once and within
/// the per-host limit that feed polls share (<see cref="HostLimit"/>), skipping hosts that asked everyone to wait;
/// extracts and stores the article, for every article of the same page (<see cref="FullTextStore"/>: a page is fetched once).
/// A failure keeps the feed's summary and is counted on the feed (full_text_failed), not as an error of the feed.
/// The extracted text is judged by the rules in the transaction that stores it: a rule on content sees what is published.</summary>
public sealed class FullTextService(Database db, FullTextStore store, RulesService rules, FeedFetcher fetcher, ArticleExtractor extractor,
    HostCooldowns cooldowns, HostLimit hostLimit, IOptions<PollingOptions> options, TimeProvider clock, ILogger<FullTextService> logger)
{
    /// <summary>Fetches what is due now, batch after batch; returns how many pages were extracted.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var extracted = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            // The lease outlasts a whole batch of fetches, each bounded by Polling:Timeout.
            var pages = await db.WriteAsync(async (c, tx) =>
            {
                foreach (var id in await FullTextStore.ReconcileAsync(c, tx, now, ct)) await rules.ApplyToArticleAsync(c, tx, id, ct);
                return await FullTextStore.ClaimAsync(c, tx, now, now + o.Timeout * 4, FullTextLimits.Batch, ct);
            }, ct);
            if (pages.Count == 0) return extracted;
            await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.FullTextConcurrency), CancellationToken = ct },
                async (page, token) => { if (await FetchOneAsync(page, token)) Interlocked.Increment(ref extracted); });
            if (pages.Count < FullTextLimits.Batch) return extracted;
        }
    }

    private async Task<bool> FetchOneAsync(FullTextPage page, CancellationToken ct)
    {
        var host = HostCooldowns.HostOf(page.Url);
        if (await cooldowns.NotBeforeAsync(host, ct) is { } notBefore)
        {
            await store.FailAsync(page, $"host cooling down until {notBefore:yyyy-MM-dd HH:mm:ss}Z (Retry-After)", clock.GetUtcNow(), notBefore, ct);
            return false;
        }
        try
        {
            // The same turns at the host as its feeds' polls take: article pages never add to a host's load.
            await using var turn = await hostLimit.EnterAsync(host, ct);
            var fetched = await fetcher.FetchAsync(new Uri(page.Url), null, null, ct);
            var html = extractor.Extract(fetched.Body, fetched.Charset, fetched.FinalUrl);
            await db.WriteAsync(async (c, tx) =>
            {
                foreach (var id in await FullTextStore.SucceedAsync(c, tx, page, html, clock.GetUtcNow(), ct))
                    await rules.ApplyToArticleAsync(c, tx, id, ct);
                return true;
            }, ct);
            logger.LogDebug("Full text of article {ArticleId} extracted from {Url}", page.ArticleId, page.Url);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await store.ReleaseAsync(page, clock.GetUtcNow(), CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is FetchException or ExtractionException or UriFormatException or HttpRequestException)
        {
            var permanent = e is ExtractionException or UriFormatException
                || e is FetchException { Status: { } s } && (int)s is >= 400 and < 500 && s is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);
            var attempts = page.Attempts + 1;
            DateTimeOffset? retry = permanent || attempts >= FullTextLimits.MaxAttempts ? null
                : clock.GetUtcNow() + options.Value.MinInterval * Math.Pow(2, attempts - 1);
            var error = $"full text of {page.Url}: {e.Message}";
            await store.FailAsync(page, error, clock.GetUtcNow(), retry, ct);
            logger.LogInformation("{Error}; {Outcome}", error, retry is null ? "the feed's summary is kept" : $"retrying at {retry:HH:mm}");
            return false;
        }
    }
}
