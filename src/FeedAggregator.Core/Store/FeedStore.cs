using Dapper;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on the feeds table.</summary>
public sealed class FeedStore(Database db, TimeProvider clock)
{
    private const string Columns = """
        id, url, title, site_url AS SiteUrl, category, origin, enabled, disabled_reason AS DisabledReason,
        etag, last_modified AS LastModified, body_hash AS BodyHash, created_at AS CreatedAt,
        last_polled_at AS LastPolledAt, last_success_at AS LastSuccessAt, last_error_at AS LastErrorAt,
        last_error AS LastError, error_count AS ErrorCount, next_poll_at AS NextPollAt,
        interval_seconds AS IntervalSeconds, interval_reason AS IntervalReason
        """;

    public async Task<IReadOnlyList<Feed>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Feed>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds ORDER BY category, title, url", cancellationToken: ct))).AsList();
    }

    public async Task<Feed?> FindAsync(string url, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Feed>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE url = @url", new { url }, cancellationToken: ct));
    }

    /// <summary>Feeds whose next poll is due (all enabled feeds when <paramref name="all"/>), soonest first.</summary>
    public async Task<IReadOnlyList<Feed>> DueAsync(bool all, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Feed>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE enabled = 1 AND (@all OR next_poll_at <= @now) ORDER BY next_poll_at, id",
            new { all, now = clock.GetUtcNow().ToMs() }, cancellationToken: ct))).AsList();
    }

    /// <summary>Adds a subscription, or updates its title and category. True when it is new.</summary>
    public async Task<bool> AddAsync(FeedSubscription sub, string origin, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await UpsertAsync(c, sub, origin, null, ct);
    }

    public async Task<bool> RemoveAsync(string url, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM feeds WHERE url = @url", new { url }, cancellationToken: ct)) > 0;
    }

    /// <summary>Makes the OPML-origin feeds equal to <paramref name="subscriptions"/>: adds the new,
    /// updates titles and categories, removes OPML feeds no longer listed. Feeds added from the CLI stay.</summary>
    public async Task<(int Added, int Removed)> SyncOpmlAsync(IReadOnlyList<FeedSubscription> subscriptions, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var added = 0;
        foreach (var sub in subscriptions)
            if (await UpsertAsync(c, sub, FeedOrigin.Opml, tx, ct)) added++;
        var listed = subscriptions.Select(s => s.Url).ToHashSet(StringComparer.Ordinal);
        var opmlFeeds = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT url FROM feeds WHERE origin = 'opml'", transaction: tx, cancellationToken: ct));
        var gone = opmlFeeds.Where(u => !listed.Contains(u)).ToList();
        if (gone.Count > 0)
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM feeds WHERE url IN @gone", new { gone }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (added, gone.Count);
    }

    private async Task<bool> UpsertAsync(Microsoft.Data.Sqlite.SqliteConnection c, FeedSubscription sub, string origin,
        System.Data.Common.DbTransaction? tx, CancellationToken ct)
    {
        // RETURNING tells an insert from an update: created_at is only @now on the row just inserted.
        var now = clock.GetUtcNow().ToMs();
        var createdAt = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO feeds (url, title, category, origin, created_at, next_poll_at)
            VALUES (@Url, @Title, @Category, @origin, @now, 0)
            ON CONFLICT (url) DO UPDATE SET
                title = coalesce(excluded.title, feeds.title),
                category = coalesce(excluded.category, feeds.category),
                origin = CASE WHEN excluded.origin = 'opml' THEN 'opml' ELSE feeds.origin END
            RETURNING created_at
            """, new { sub.Url, sub.Title, sub.Category, origin, now }, tx, cancellationToken: ct));
        return createdAt == now;
    }

    public async Task RecordNotModifiedAsync(long feedId, DateTimeOffset nextPoll, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow().ToMs();
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE feeds SET last_polled_at = @now, last_success_at = @now, error_count = 0, next_poll_at = @next
            WHERE id = @feedId
            """, new { feedId, now, next = nextPoll.ToMs() }, cancellationToken: ct));
    }

    public async Task RecordErrorAsync(long feedId, string error, int errorCount, DateTimeOffset nextPoll, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow().ToMs();
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE feeds SET last_polled_at = @now, last_error_at = @now, last_error = @error,
                error_count = @errorCount, next_poll_at = @next
            WHERE id = @feedId
            """, new { feedId, now, error, errorCount, next = nextPoll.ToMs() }, cancellationToken: ct));
    }

    /// <summary>Part of the refresh transaction: the feed's state after a successful fetch and parse.</summary>
    internal static Task RecordSuccessAsync(Microsoft.Data.Sqlite.SqliteConnection c, System.Data.Common.DbTransaction tx,
        FeedSuccess s, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            UPDATE feeds SET
                title = coalesce(title, @Title), site_url = coalesce(@SiteUrl, site_url),
                etag = @Etag, last_modified = @LastModified, body_hash = @BodyHash,
                last_polled_at = @Now, last_success_at = @Now, error_count = 0, next_poll_at = @NextPollAt,
                interval_seconds = @IntervalSeconds, interval_reason = @IntervalReason
            WHERE id = @FeedId
            """, s, tx, cancellationToken: ct));
}

/// <summary>A subscription as listed in OPML or given on the command line.</summary>
public sealed record FeedSubscription(string Url, string? Title = null, string? Category = null);

internal sealed record FeedSuccess(long FeedId, string? Title, string? SiteUrl, string? Etag, string? LastModified,
    string? BodyHash, long Now, long NextPollAt, long? IntervalSeconds, string? IntervalReason);
