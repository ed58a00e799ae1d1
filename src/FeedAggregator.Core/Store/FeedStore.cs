using System.Data.Common;
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
        interval_seconds AS IntervalSeconds, interval_reason AS IntervalReason,
        ttl_minutes AS TtlMinutes, update_period_minutes AS UpdatePeriodMinutes, skip_hours AS SkipHours, skip_days AS SkipDays,
        history_interval_seconds AS HistoryIntervalSeconds, last_status AS LastStatus, not_found_since AS NotFoundSince,
        subscribed_url AS SubscribedUrl, moved_to AS MovedTo, moved_seen AS MovedSeen, moved_since AS MovedSince, last_event AS LastEvent, last_event_at AS LastEventAt,
        skipped_entries AS SkippedEntries, repaired,
        full_text AS FullText, full_text_fetched AS FullTextFetched, full_text_failed AS FullTextFailed, full_text_error AS FullTextError,
        refresh_started_at AS RefreshStartedAt
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
            $"SELECT {Columns} FROM feeds WHERE url = @url OR subscribed_url = @url ORDER BY url = @url DESC LIMIT 1",
            new { url }, cancellationToken: ct));
    }

    /// <summary>The stored spellings of a category, matched case-insensitively (also beyond ASCII, which SQLite's
    /// NOCASE is not): "world news" finds "World news" and "World News". Empty when no feed has it.</summary>
    public async Task<IReadOnlyList<string>> CategorySpellingsAsync(string category, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var all = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT category FROM feeds WHERE category IS NOT NULL", cancellationToken: ct));
        var wanted = category.Trim();
        return all.Where(x => string.Equals(x.Trim(), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public async Task<Feed?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Feed>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Feeds whose next poll is due (all enabled feeds when <paramref name="all"/>), soonest first. Reads only:
    /// a pass claims its feeds with <see cref="ClaimAsync"/>.</summary>
    public async Task<IReadOnlyList<Feed>> DueAsync(bool all, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Feed>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE enabled = TRUE AND (@all OR next_poll_at <= @now) ORDER BY next_poll_at, id",
            new { all, now = clock.GetUtcNow().ToMs() }, cancellationToken: ct))).AsList();
    }

    /// <summary>Marks the feed "in progress" before its document is parsed: its own small write, so that a process dying
    /// in the parse leaves the mark behind (every outcome write clears it).</summary>
    public Task MarkInProgressAsync(long feedId, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE feeds SET refresh_started_at = @now WHERE id = @feedId", new { feedId, now = now.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>Enabled feeds marked in progress since before <paramref name="before"/>: work a dead process left unfinished.</summary>
    public async Task<IReadOnlyList<Feed>> InterruptedAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Feed>(new CommandDefinition(
            $"SELECT {Columns} FROM feeds WHERE refresh_started_at IS NOT NULL AND refresh_started_at <= @before AND enabled = TRUE",
            new { before = before.ToMs() }, cancellationToken: ct))).AsList();
    }

    /// <summary>Claims up to <paramref name="limit"/> feeds for <paramref name="worker"/> until now + <paramref name="lease"/>:
    /// due ones, soonest first (with <paramref name="all"/>: every enabled feed with an id above <paramref name="afterId"/>,
    /// in id order), none that another worker's unexpired lease holds. Recording the poll releases the claim. On
    /// PostgreSQL rows another worker is claiming at the same moment are skipped, not waited for; on SQLite the write
    /// transaction makes the claim atomic.</summary>
    public Task<IReadOnlyList<Feed>> ClaimAsync(bool all, long afterId, int limit, string worker, TimeSpan lease, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.WriteAsync<IReadOnlyList<Feed>>(async (c, tx) => (await c.QueryAsync<Feed>(new CommandDefinition($"""
            UPDATE feeds SET lease_until = @until, leased_by = @worker
            WHERE id IN (
                SELECT id FROM feeds
                WHERE enabled = TRUE AND (lease_until IS NULL OR lease_until <= @now)
                  AND ((@all AND id > @afterId) OR (NOT @all AND next_poll_at <= @now))
                ORDER BY CASE WHEN @all THEN 0 ELSE next_poll_at END, id
                LIMIT @limit {db.Dialect.SkipLocked})
            RETURNING {Columns}
            """, new { all, afterId, limit, worker, now = now.ToMs(), until = (now + lease).ToMs() }, tx, cancellationToken: ct)))
            .OrderBy(f => all ? 0 : f.NextPollAt).ThenBy(f => f.Id).ToList(), ct);
    }

    /// <summary>Extends <paramref name="worker"/>'s claim on a feed it is about to fetch; false when the claim ran out and
    /// another worker may have the feed now (then this one must leave it).</summary>
    public Task<bool> RenewAsync(long id, string worker, TimeSpan lease, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            "UPDATE feeds SET lease_until = @until WHERE id = @id AND leased_by = @worker AND lease_until > @now",
            new { id, worker, now = now.ToMs(), until = (now + lease).ToMs() }, tx, cancellationToken: ct)) == 1, ct);
    }

    /// <summary>Gives back claims of <paramref name="worker"/> that it will not poll (the pass was cancelled).</summary>
    public Task ReleaseAsync(IReadOnlyCollection<long> ids, string worker, CancellationToken ct) =>
        ids.Count == 0 ? Task.CompletedTask : db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            $"UPDATE feeds SET lease_until = NULL, leased_by = NULL WHERE leased_by = @worker AND {db.Dialect.InList("id", "@ids")}",
            new { worker, ids = ids.ToArray() }, tx, cancellationToken: ct)), ct);

    /// <summary>Adds a subscription, or updates its title and category. True when it is new.</summary>
    public async Task<bool> AddAsync(FeedSubscription sub, string origin, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await UpsertAsync(c, sub, origin, null, ct);
    }

    public async Task<bool> RemoveAsync(string url, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM feeds WHERE url = @url OR subscribed_url = @url", new { url }, cancellationToken: ct)) > 0;
    }

    /// <summary>Makes the OPML-origin feeds equal to <paramref name="subscriptions"/>: adds the new,
    /// updates titles and categories, removes OPML feeds no longer listed. Feeds added from the CLI stay.</summary>
    public Task<(int Added, int Removed)> SyncOpmlAsync(IReadOnlyList<FeedSubscription> subscriptions, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (db.Dialect.OpmlSyncLock is { Length: > 0 } opmlLock)
                await c.ExecuteAsync(new CommandDefinition(opmlLock, transaction: tx, commandTimeout: SqlDialect.NoCommandTimeout, cancellationToken: ct));
            // Only the subscriptions that would change anything are written. Several workers start with the same
            // file, and a write to a feed row locks it: rewriting all of them would take row locks in file order
            // while another worker's claims take them in due order, and PostgreSQL breaks that by aborting one side.
            var stored = (await c.QueryAsync<StoredSubscription>(new CommandDefinition(
                "SELECT url AS Url, subscribed_url AS SubscribedUrl, title AS Title, category AS Category, origin AS Origin, full_text AS FullText FROM feeds",
                transaction: tx, cancellationToken: ct))).ToList();
            var byUrl = stored.ToDictionary(f => f.Url, StringComparer.Ordinal);
            var bySubscribedUrl = stored.Where(f => f.SubscribedUrl is not null && f.SubscribedUrl != f.Url)
                .ToLookup(f => f.SubscribedUrl!, StringComparer.Ordinal);
            var added = 0;
            foreach (var sub in subscriptions)
            {
                if (IsAlreadyStored(sub, byUrl, bySubscribedUrl)) continue;
                if (await UpsertAsync(c, sub, FeedOrigin.Opml, tx, ct)) added++;
            }
            var listed = subscriptions.Select(s => s.Url).ToHashSet(StringComparer.Ordinal);
            var opmlFeeds = await c.QueryAsync<string>(new CommandDefinition(
                "SELECT coalesce(subscribed_url, url) FROM feeds WHERE origin = 'opml'", transaction: tx, cancellationToken: ct));
            var gone = opmlFeeds.Where(u => !listed.Contains(u)).ToList();
            if (gone.Count > 0)
                await c.ExecuteAsync(new CommandDefinition($"DELETE FROM feeds WHERE {db.Dialect.InList("coalesce(subscribed_url, url)", "@gone")}", new { gone }, tx, cancellationToken: ct));
            return (added, gone.Count);
        }, ct);

    // Properties, not a positional record: Dapper converts column types into properties (full_text is an int8 on
    // SQLite and an int4 on PostgreSQL), while a constructor must match them exactly.
    private sealed class StoredSubscription
    {
        public string Url { get; init; } = "";
        public string? SubscribedUrl { get; init; }
        public string? Title { get; init; }
        public string? Category { get; init; }
        public string Origin { get; init; } = "";
        public long FullText { get; init; }
    }

    /// <summary>True when <see cref="UpsertAsync"/> with <paramref name="sub"/> from the OPML file would change nothing.</summary>
    private static bool IsAlreadyStored(FeedSubscription sub, Dictionary<string, StoredSubscription> byUrl,
        ILookup<string, StoredSubscription> bySubscribedUrl)
    {
        bool Same(StoredSubscription f) =>
            (sub.Title is null || sub.Title == f.Title) && (sub.Category is null || sub.Category == f.Category)
            && (sub.FullText is not { } on || (on ? 1 : 0) == f.FullText);
        // A feed that moved is only ever updated, not re-marked as from the OPML file (see UpsertAsync).
        if (bySubscribedUrl.Contains(sub.Url))
            return bySubscribedUrl[sub.Url].All(Same) && (!byUrl.TryGetValue(sub.Url, out var also) || Same(also));
        return byUrl.TryGetValue(sub.Url, out var f) && f.Origin == FeedOrigin.Opml && Same(f);
    }

    private async Task<bool> UpsertAsync(DbConnection c, FeedSubscription sub, string origin, DbTransaction? tx, CancellationToken ct)
    {
        // A feed that polling moved to a new URL is still the one subscribed under its old URL.
        var moved = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE feeds SET title = coalesce(@Title, title), category = coalesce(@Category, category)
            WHERE subscribed_url = @Url AND url <> @Url
            """, new { sub.Url, sub.Title, sub.Category }, tx, cancellationToken: ct));
        if (sub.FullText is { } fullText)
            await c.ExecuteAsync(new CommandDefinition("UPDATE feeds SET full_text = @fullText WHERE url = @Url OR subscribed_url = @Url",
                new { sub.Url, fullText = fullText ? 1 : 0 }, tx, cancellationToken: ct));
        if (moved > 0) return false;
        // RETURNING tells an insert from an update: created_at is only @now on the row just inserted.
        var now = clock.GetUtcNow().ToMs();
        var createdAt = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO feeds (url, title, category, origin, created_at, next_poll_at)
            VALUES (@Url, @Title, @Category, @origin, @now, 0)
            ON CONFLICT (url) DO UPDATE SET
                title = coalesce(excluded.title, feeds.title),
                category = coalesce(excluded.category, feeds.category),
                origin = CASE WHEN excluded.origin = 'opml' THEN 'opml' ELSE feeds.origin END,
                -- Subscribing again by hand is the user's answer to "disabled: 410 Gone" or "dead".
                enabled = CASE WHEN excluded.origin = 'cli' THEN TRUE ELSE feeds.enabled END,
                disabled_reason = CASE WHEN excluded.origin = 'cli' THEN NULL ELSE feeds.disabled_reason END,
                next_poll_at = CASE WHEN excluded.origin = 'cli' AND NOT feeds.enabled THEN 0 ELSE feeds.next_poll_at END
            RETURNING created_at
            """, new { sub.Url, sub.Title, sub.Category, origin, now }, tx, cancellationToken: ct));
        if (sub.FullText is { } on && createdAt == now)
            await c.ExecuteAsync(new CommandDefinition("UPDATE feeds SET full_text = @on WHERE url = @Url", new { sub.Url, on = on ? 1 : 0 }, tx, cancellationToken: ct));
        return createdAt == now;
    }

    /// <summary>A 304, or a 200 whose body is the one already stored: only the poll bookkeeping, no parse.</summary>
    public Task RecordNotModifiedAsync(FeedPoll p, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition($"UPDATE feeds SET {PollColumns} WHERE id = @FeedId", p, tx, cancellationToken: ct)), ct);

    /// <summary>Part of the refresh transaction: the feed's state after a successful fetch and parse.</summary>
    internal static Task RecordSuccessAsync(DbConnection c, DbTransaction tx,
        FeedPoll p, FeedDocument d, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition($"""
            UPDATE feeds SET {PollColumns},
                title = coalesce(title, @Title), site_url = coalesce(@SiteUrl, site_url),
                etag = @Etag, last_modified = @LastModified, body_hash = @BodyHash,
                ttl_minutes = @TtlMinutes, update_period_minutes = @UpdatePeriodMinutes,
                skip_hours = @SkipHours, skip_days = @SkipDays, history_interval_seconds = @HistoryIntervalSeconds,
                skipped_entries = @SkippedEntries, repaired = @Repaired
            WHERE id = @FeedId
            """, new
        {
            p.FeedId, p.Url, p.Now, p.NextPollAt, p.IntervalSeconds, p.IntervalReason, p.LastStatus, p.MovedTo, p.MovedSeen,
            p.MovedSince, p.Event, d.Title, d.SiteUrl, d.Etag, d.LastModified, d.BodyHash, d.TtlMinutes, d.UpdatePeriodMinutes,
            d.SkipHours, d.SkipDays, d.HistoryIntervalSeconds, d.SkippedEntries, d.Repaired,
        }, tx, cancellationToken: ct));

    // A success of any kind: errors and the 404 run end; a pending redirect is carried or cleared.
    private const string PollColumns = """
        subscribed_url = CASE WHEN url <> @Url THEN coalesce(subscribed_url, url) ELSE subscribed_url END,
        lease_until = NULL, leased_by = NULL,
        url = @Url, last_polled_at = @Now, last_success_at = @Now, error_count = 0, not_found_since = NULL, refresh_started_at = NULL,
        next_poll_at = @NextPollAt, interval_seconds = @IntervalSeconds, interval_reason = @IntervalReason,
        last_status = @LastStatus, moved_to = @MovedTo, moved_seen = @MovedSeen, moved_since = @MovedSince,
        last_event = coalesce(@Event, last_event), last_event_at = CASE WHEN @Event IS NULL THEN last_event_at ELSE @Now END
        """;

    public Task RecordErrorAsync(FeedFailure f, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE feeds SET lease_until = NULL, leased_by = NULL, last_polled_at = @Now, last_error_at = @Now, last_error = @Error, error_count = @ErrorCount, refresh_started_at = NULL,
                next_poll_at = @NextPollAt, interval_seconds = @IntervalSeconds, interval_reason = @IntervalReason,
                last_status = @LastStatus, not_found_since = @NotFoundSince,
                enabled = CASE WHEN @DisabledReason IS NULL THEN enabled ELSE FALSE END,
                disabled_reason = coalesce(@DisabledReason, disabled_reason),
                last_event = coalesce(@DisabledReason, last_event),
                last_event_at = CASE WHEN @DisabledReason IS NULL THEN last_event_at ELSE @Now END
            WHERE id = @FeedId
            """, f, tx, cancellationToken: ct)), ct);

    /// <summary>Stops polling a feed for good (until `feeds add` again), with the reason shown to the user.</summary>
    public Task DisableAsync(long feedId, string reason, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE feeds SET lease_until = NULL, leased_by = NULL, enabled = FALSE, disabled_reason = @reason, last_event = @reason, last_event_at = @now, last_polled_at = @now,
                refresh_started_at = NULL
            WHERE id = @feedId
            """, new { feedId, reason, now = clock.GetUtcNow().ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>Not polled now (its host is cooling down): only the next poll time and why; not an error.</summary>
    public Task DeferAsync(long feedId, DateTimeOffset nextPoll, string reason, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE feeds SET lease_until = NULL, leased_by = NULL, next_poll_at = @next, interval_reason = @reason WHERE id = @feedId",
            new { feedId, next = nextPoll.ToMs(), reason }, tx, cancellationToken: ct)), ct);

}

/// <summary>A subscription as listed in OPML or given on the command line.</summary>
/// <summary><see cref="FullText"/>: the OPML fullText attribute or `--full-text`; null leaves the feed's setting as it is.</summary>
public sealed record FeedSubscription(string Url, string? Title = null, string? Category = null, bool? FullText = null);

/// <summary>The bookkeeping of a successful poll (200 or 304). <see cref="Url"/> differs from the stored one when a
/// redirect was confirmed or a feed discovered; <see cref="Event"/> then says so.</summary>
public sealed record FeedPoll(long FeedId, string Url, long Now, long NextPollAt, long IntervalSeconds, string IntervalReason,
    int LastStatus, string? MovedTo, int MovedSeen, long? MovedSince, string? Event);

/// <summary>What a parsed document tells about the feed itself.</summary>
internal sealed record FeedDocument(string? Title, string? SiteUrl, string? Etag, string? LastModified, string BodyHash,
    int? TtlMinutes, int? UpdatePeriodMinutes, int SkipHours, int SkipDays, long? HistoryIntervalSeconds, int SkippedEntries,
    string? Repaired = null);

/// <summary>A failed poll. A non-null <see cref="DisabledReason"/> disables the feed (410 Gone, dead after 404s).</summary>
public sealed record FeedFailure(long FeedId, long Now, string Error, int ErrorCount, long NextPollAt, long IntervalSeconds,
    string IntervalReason, int? LastStatus, long? NotFoundSince, string? DisabledReason);
