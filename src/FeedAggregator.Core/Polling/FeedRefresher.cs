using System.Security.Cryptography;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Fetch;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;

namespace FeedAggregator.Polling;

/// <summary>The RefreshFeed use case: fetch → parse → store, for one feed. Any failure is recorded on that
/// feed (text and count) and returned, never thrown, so one broken feed never stops the others.</summary>
public sealed class FeedRefresher(
    FeedFetcher fetcher, FeedParser parser, Database db, FeedStore feeds, StoryClusterer stories, PollSchedule schedule,
    TimeProvider clock, ILogger<FeedRefresher> logger)
{
    public async Task<RefreshOutcome> RefreshAsync(Feed feed, CancellationToken ct)
    {
        try
        {
            var fetched = await fetcher.FetchAsync(new Uri(feed.Url), feed.Etag, feed.LastModified, ct);
            if (fetched.NotModified)
            {
                // 304: no parse, no article writes; only the poll bookkeeping.
                var (next, _, _) = schedule.AfterSuccess(null, fetched.CacheLifetime);
                await feeds.RecordNotModifiedAsync(feed.Id, next, ct);
                return new RefreshOutcome(feed, RefreshStatus.NotModified);
            }

            var bodyHash = Convert.ToHexStringLower(SHA256.HashData(fetched.Body));
            ParsedFeed? parsed = null;
            if (bodyHash != feed.BodyHash)
            {
                if (LooksLikeHtmlPage(fetched.Body))
                    throw new FeedParseException($"not a feed: {fetched.FinalUrl} is an HTML page");
                parsed = parser.Parse(fetched.Body, fetched.FinalUrl, fetched.Charset);
                if (parsed.Format == FeedFormat.Unknown)
                    throw new FeedParseException($"not a feed: the document at {fetched.FinalUrl} is {Describe(fetched.ContentType)}, with no RSS, Atom or JSON Feed root");
            }

            var ttl = parsed?.TtlMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
            var (nextPoll, interval, reason) = schedule.AfterSuccess(ttl, fetched.CacheLifetime);
            var now = clock.GetUtcNow();

            // One transaction for the articles, their stories and the feed's new ETag: a crash in between
            // can never leave an ETag that claims entries we did not store, nor an article without a story.
            StoreCounts counts;
            try
            {
                counts = await db.WriteAsync(async (c, tx) =>
                {
                    var stored = parsed is null ? null : await ArticleStore.UpsertAsync(c, tx, feed.Id, feed.Url, parsed.Entries, now, ct);
                    if (stored is not null) await stories.AssignAsync(c, tx, stored.Added, ct);
                    await FeedStore.RecordSuccessAsync(c, tx, new FeedSuccess(feed.Id, parsed?.Title, parsed?.Link,
                        fetched.Etag, fetched.LastModified, bodyHash, now.ToMs(), nextPoll.ToMs(),
                        (long)interval.TotalSeconds, reason), ct);
                    return stored?.Counts ?? new StoreCounts(0, 0, 0);
                }, ct);
            }
            catch
            {
                // The story index may hold articles of the rolled-back transaction.
                stories.Invalidate();
                throw;
            }

            logger.LogInformation("Refreshed {FeedUrl}: {New} new, {Updated} updated, {Unchanged} unchanged",
                feed.Url, counts.New, counts.Updated, counts.Unchanged);
            return new RefreshOutcome(feed, counts.New + counts.Updated > 0 ? RefreshStatus.Changed : RefreshStatus.Unchanged,
                counts.New, counts.Updated, counts.Unchanged);
        }
        catch (Exception e) when (e is FetchException or FeedParseException or UriFormatException)
        {
            return await RecordErrorAsync(feed, e.Message, (e as FetchException)?.RetryAfter, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Unexpected: still recorded on the feed with a readable reason, and logged with the stack.
            logger.LogError(e, "Refreshing {FeedUrl} failed unexpectedly", feed.Url);
            return await RecordErrorAsync(feed, $"internal error: {e.Message}", null, ct);
        }
    }

    /// <summary>An HTML page (a site's home page, a login wall, an error page) starts with a doctype or &lt;html&gt;.</summary>
    internal static bool LooksLikeHtmlPage(byte[] body)
    {
        var head = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(string? contentType) => contentType switch
    {
        null or "" => "of unknown type",
        "text/html" or "application/xhtml+xml" => "an HTML page",
        _ => contentType,
    };

    private async Task<RefreshOutcome> RecordErrorAsync(Feed feed, string error, TimeSpan? retryAfter, CancellationToken ct)
    {
        var count = feed.ErrorCount + 1;
        var (next, _, _) = schedule.AfterError(count, retryAfter);
        logger.LogWarning("Feed {FeedUrl} failed ({ErrorCount} in a row): {Error}; next try at {NextPoll}", feed.Url, count, error, next);
        await feeds.RecordErrorAsync(feed.Id, error, count, next, ct);
        return new RefreshOutcome(feed, RefreshStatus.Error, Error: error);
    }
}
