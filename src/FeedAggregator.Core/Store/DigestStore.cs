using Dapper;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on digests and digest_deliveries (the outbox).</summary>
public sealed class DigestStore(Database db)
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>Where the next window starts (the last window's end; 0 before the first digest), and how many
    /// digests already carry <paramref name="localDate"/> (for the next one's page name).</summary>
    public async Task<(long LastEnd, int SameDate)> OpenWindowAsync(string localDate, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<(long, int)>(new CommandDefinition(WindowSql, new { localDate }, cancellationToken: ct));
    }

    private const string WindowSql =
        "SELECT coalesce(max(window_end), 0), (SELECT count(*) FROM digests WHERE local_date = @localDate) FROM digests";

    /// <summary>Builds and writes the next digest and one pending delivery per recipient in one write transaction.
    /// <paramref name="build"/> runs inside it, given where the window starts and how many digests already carry
    /// <paramref name="localDate"/>; it returns null when there is nothing to write. Excluding the writers of articles
    /// and stories while reading the window matters (SQLite's write transaction; a table lock on PostgreSQL, where
    /// writers of this and other processes run at once): a writer stamps first_seen_at inside its own transaction,
    /// so every story stamped before this one began is committed and visible, and every later one is stamped after
    /// it — no story can land behind a closed window. Two builders (the job firing twice, the CLI beside the
    /// service) run one after the other, and the second sees the first's window.</summary>
    public Task<long?> CreateAsync(string localDate, Func<long, int, Task<(NewDigest Digest, IReadOnlyList<(string Recipient, string MessageId)> Deliveries)?>> build,
        CancellationToken ct) =>
        db.WriteAsync<long?>(async (c, tx) =>
        {
            if (db.Dialect.DigestWindowLock is { Length: > 0 } windowLock)
                await c.ExecuteAsync(new CommandDefinition(windowLock, transaction: tx, commandTimeout: SqlDialect.NoCommandTimeout, cancellationToken: ct));
            var (lastEnd, sameDate) = await c.QuerySingleAsync<(long, int)>(new CommandDefinition(WindowSql, new { localDate }, tx, cancellationToken: ct));
            if (await build(lastEnd, sameDate) is not { } built) return null;
            var (d, deliveries) = built;
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO digests (window_start, window_end, local_date, slug, title, story_count, html, text, web_body, created_at)
                VALUES (@start, @end, @LocalDate, @Slug, @Title, @StoryCount, @Html, @Text, @WebBody, @created)
                RETURNING id
                """, new { start = d.WindowStart.ToMs(), end = d.WindowEnd.ToMs(), d.LocalDate, d.Slug, d.Title, d.StoryCount, d.Html, d.Text, d.WebBody,
                created = d.CreatedAt.ToMs() }, tx, cancellationToken: ct));
            foreach (var (recipient, messageId) in deliveries)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO digest_deliveries (digest_id, recipient, status, next_attempt_at, message_id)
                    VALUES (@id, @recipient, 'pending', @now, @messageId)
                    ON CONFLICT (digest_id, recipient) DO NOTHING
                    """, new { id, recipient, now = d.CreatedAt.ToMs(), messageId }, tx, cancellationToken: ct));
            return id;
        }, ct);

    /// <summary>Deliveries to attempt now: pending ones whose time has come, and claims left by a process that died mid-send.</summary>
    public async Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<DueDelivery>(new CommandDefinition("""
            SELECT d.id AS Id, d.digest_id AS DigestId, d.recipient AS Recipient, d.attempts AS Attempts, d.message_id AS MessageId,
                   g.title AS Title, g.html AS Html, g.text AS Text, g.slug AS Slug, g.story_count AS StoryCount
            FROM digest_deliveries d JOIN digests g ON g.id = d.digest_id
            WHERE d.status <> 'sent' AND d.next_attempt_at <= @now
            ORDER BY d.next_attempt_at, d.id
            """, new { now = now.ToMs() }, cancellationToken: ct))).AsList();
    }

    /// <summary>Takes a delivery for one send attempt until <paramref name="leaseUntil"/>; false when someone else has it.</summary>
    public Task<bool> ClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition("""
            UPDATE digest_deliveries SET status = 'sending', next_attempt_at = @leaseUntil
            WHERE id = @id AND status <> 'sent' AND next_attempt_at <= @now
            """, new { id, now = now.ToMs(), leaseUntil = leaseUntil.ToMs() }, tx, cancellationToken: ct)) == 1, ct);

    public Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition("""
            UPDATE digest_deliveries SET status = 'sent', sent_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id
            """, new { id, now = now.ToMs() }, tx, cancellationToken: ct)), ct);

    public Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttempt, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition("""
            UPDATE digest_deliveries SET status = 'pending', attempts = attempts + 1, last_error = @error, next_attempt_at = @next
            WHERE id = @id AND status <> 'sent'
            """, new { id, error, next = nextAttempt.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>Gives a claim back without counting an attempt (the process is stopping).</summary>
    public Task ReleaseAsync(long id, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            "UPDATE digest_deliveries SET status = 'pending', next_attempt_at = @now WHERE id = @id AND status = 'sending'",
            new { id, now = now.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>Newest first, for /digest.atom.</summary>
    public async Task<IReadOnlyList<StoredDigest>> LatestAsync(int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StoredDigest>(new CommandDefinition(
            $"SELECT {Columns} FROM digests ORDER BY window_end DESC LIMIT @limit", new { limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>Every digest, newest first, without its bodies: the /digests/ archive.</summary>
    public async Task<IReadOnlyList<DigestListing>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<DigestListing>(new CommandDefinition(
            "SELECT slug AS Slug, title AS Title, story_count AS StoryCount, window_end AS WindowEndMs FROM digests ORDER BY window_end DESC",
            cancellationToken: ct))).AsList();
    }

    /// <summary>The slugs of the digests just before and just after the one whose window ends at <paramref name="windowEndMs"/>.</summary>
    public async Task<(string? Previous, string? Next)> NeighboursAsync(long windowEndMs, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<(string?, string?)>(new CommandDefinition(
            "SELECT (SELECT slug FROM digests WHERE window_end < @end ORDER BY window_end DESC LIMIT 1), " +
            "(SELECT slug FROM digests WHERE window_end > @end ORDER BY window_end LIMIT 1)",
            new { end = windowEndMs }, cancellationToken: ct));
    }

    public async Task<StoredDigest?> FindAsync(string slug, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StoredDigest>(new CommandDefinition(
            $"SELECT {Columns} FROM digests WHERE slug = @slug", new { slug }, cancellationToken: ct));
    }

    /// <summary>For the status page: the last digest, and deliveries not yet sent (with the last error).</summary>
    public async Task<DigestStatus> StatusAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var last = await c.QuerySingleOrDefaultAsync<StoredDigest>(new CommandDefinition(
            $"SELECT {Columns} FROM digests ORDER BY window_end DESC LIMIT 1", cancellationToken: ct));
        var unsent = (await c.QueryAsync<UnsentDelivery>(new CommandDefinition("""
            SELECT d.recipient AS Recipient, g.slug AS Slug, d.attempts AS Attempts, d.last_error AS LastError, d.next_attempt_at AS NextAttemptAt
            FROM digest_deliveries d JOIN digests g ON g.id = d.digest_id
            WHERE d.status <> 'sent' ORDER BY d.id
            """, cancellationToken: ct))).AsList();
        return new DigestStatus(last, unsent);
    }

    /// <summary>Enabled feeds older than <paramref name="since"/> with no article first seen since then.</summary>
    public async Task<IReadOnlyList<long>> SilentFeedIdsAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>(new CommandDefinition("""
            SELECT f.id FROM feeds f
            WHERE f.enabled = TRUE AND f.created_at < @since
              AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.feed_id = f.id AND a.first_seen_at >= @since)
            """, new { since = since.ToMs() }, cancellationToken: ct))).AsList();
    }

    private const string Columns = """
        id AS Id, window_start AS WindowStartMs, window_end AS WindowEndMs, local_date AS LocalDate, slug AS Slug, title AS Title,
        story_count AS StoryCount, html AS Html, text AS Text, web_body AS WebBody, created_at AS CreatedAtMs
        """;
}

public sealed record NewDigest(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string LocalDate, string Slug, string Title,
    int StoryCount, string Html, string Text, string WebBody, DateTimeOffset CreatedAt);

public sealed class StoredDigest
{
    public long Id { get; init; }
    public long WindowStartMs { get; init; }
    public long WindowEndMs { get; init; }
    public string LocalDate { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public int StoryCount { get; init; }
    public string Html { get; init; } = "";
    public string Text { get; init; } = "";
    /// <summary>Every story of the window as an HTML fragment; null for digests stored before it was kept.</summary>
    public string? WebBody { get; init; }
    public long CreatedAtMs { get; init; }
    public DateTimeOffset WindowEnd => UnixTime.FromMs(WindowEndMs);
    public DateTimeOffset CreatedAt => UnixTime.FromMs(CreatedAtMs);
}

public sealed class DigestListing
{
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public int StoryCount { get; init; }
    public long WindowEndMs { get; init; }
}

public sealed class DueDelivery
{
    public long Id { get; init; }
    public long DigestId { get; init; }
    public string Recipient { get; init; } = "";
    public int Attempts { get; init; }
    public string MessageId { get; init; } = "";
    public string Title { get; init; } = "";
    public string Html { get; init; } = "";
    public string Text { get; init; } = "";
    public string Slug { get; init; } = "";
    public int StoryCount { get; init; }
}

public sealed class UnsentDelivery
{
    public string Recipient { get; init; } = "";
    public string Slug { get; init; } = "";
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public long NextAttemptAt { get; init; }
}

public sealed record DigestStatus(StoredDigest? Last, IReadOnlyList<UnsentDelivery> Unsent);
