using Dapper;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on websub_subscriptions (the hub's subscribers) and websub_feeds (our subscriptions to source feeds' hubs).</summary>
public sealed class WebSubStore(Database db)
{
    private const string Columns = """
        id, topic, callback, secret, lease_seconds AS LeaseSeconds, active, expires_at AS ExpiresAt, verify_mode AS VerifyMode,
        verify_secret AS VerifySecret, verify_lease AS VerifyLease, content_hash AS ContentHash, attempts, next_attempt_at AS NextAttemptAt
        """;

    /// <summary>Records a subscribe or unsubscribe request, its intent to be verified; false when the hub is full
    /// (<paramref name="max"/> other subscriptions) for a new one.</summary>
    public Task<bool> RequestAsync(string mode, string topic, string callback, string? secret, int lease, int max, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var exists = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM websub_subscriptions WHERE topic = @topic AND callback = @callback", new { topic, callback }, tx, cancellationToken: ct));
            if (exists is null)
            {
                if (mode == "unsubscribe") return true;   // nothing to remove: accepted, nothing to verify
                if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM websub_subscriptions", transaction: tx, cancellationToken: ct)) >= max)
                    return false;
            }
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO websub_subscriptions (topic, callback, lease_seconds, requested_at, verify_mode, verify_secret, verify_lease, next_attempt_at)
                VALUES (@topic, @callback, @lease, @now, @mode, @secret, @lease, @now)
                ON CONFLICT (topic, callback) DO UPDATE SET verify_mode = @mode, verify_secret = @secret, verify_lease = @lease,
                    requested_at = @now, next_attempt_at = @now, attempts = 0
                """, new { topic, callback, lease, now = now.ToMs(), mode, secret }, tx, cancellationToken: ct));
            return true;
        }, ct);

    public async Task<IReadOnlyList<HubSubscription>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<HubSubscription>(new CommandDefinition(
            $"SELECT {Columns} FROM websub_subscriptions WHERE next_attempt_at <= @now AND (active = 1 OR verify_mode IS NOT NULL) ORDER BY id",
            new { now = now.ToMs() }, cancellationToken: ct))).AsList();
    }

    /// <summary>The subscriber confirmed: a subscription becomes active with its lease (what it has now is
    /// <paramref name="currentHash"/>), or an unsubscription removes it.</summary>
    public Task VerifiedAsync(HubSubscription s, string? currentHash, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(s.VerifyMode == "unsubscribe"
            ? "DELETE FROM websub_subscriptions WHERE id = @Id"
            : """
              UPDATE websub_subscriptions SET active = 1, secret = verify_secret, lease_seconds = verify_lease,
                  expires_at = @now + verify_lease * 1000, verify_mode = NULL, verify_secret = NULL, verify_lease = NULL,
                  content_hash = coalesce(content_hash, @currentHash), attempts = 0, last_error = NULL, next_attempt_at = @now
              WHERE id = @Id
              """, new { s.Id, now = now.ToMs(), currentHash }, tx, cancellationToken: ct)), ct);

    /// <summary>The subscriber did not confirm: the request is dropped (an active subscription stays as it was).</summary>
    public Task VerificationFailedAsync(HubSubscription s, string error, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            DELETE FROM websub_subscriptions WHERE id = @Id AND active = 0;
            UPDATE websub_subscriptions SET verify_mode = NULL, verify_secret = NULL, verify_lease = NULL, last_error = @error WHERE id = @Id;
            """, new { s.Id, error }, tx, cancellationToken: ct)), ct);

    public Task DeliveredAsync(long id, string hash, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE websub_subscriptions SET content_hash = @hash, attempts = 0, last_error = NULL, delivered_at = @now WHERE id = @id
            """, new { id, hash, now = now.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>A failed delivery: tried again at <paramref name="retryAt"/>; null gives this content up (marked as had).</summary>
    public Task DeliveryFailedAsync(long id, string hash, string error, DateTimeOffset? retryAt, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE websub_subscriptions SET attempts = CASE WHEN @retry IS NULL THEN 0 ELSE attempts + 1 END, last_error = @error,
                next_attempt_at = coalesce(@retry, next_attempt_at), content_hash = CASE WHEN @retry IS NULL THEN @hash ELSE content_hash END
            WHERE id = @id
            """, new { id, hash, error, retry = retryAt?.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>Drops subscriptions whose lease ran out without renewal; returns how many.</summary>
    public Task<int> ExpireAsync(DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM websub_subscriptions WHERE active = 1 AND expires_at <= @now AND verify_mode IS NULL",
            new { now = now.ToMs() }, tx, cancellationToken: ct)), ct);
}

public sealed class HubSubscription
{
    public long Id { get; init; }
    public string Topic { get; init; } = "";
    public string Callback { get; init; } = "";
    public string? Secret { get; init; }
    public int LeaseSeconds { get; init; }
    public bool Active { get; init; }
    public long? ExpiresAt { get; init; }
    public string? VerifyMode { get; init; }
    public string? VerifySecret { get; init; }
    public int? VerifyLease { get; init; }
    public string? ContentHash { get; init; }
    public int Attempts { get; init; }
    public long NextAttemptAt { get; init; }
}

/// <summary>Our subscription to a source feed's hub.</summary>
public sealed class SourceSubscription
{
    public long FeedId { get; init; }
    public string Hub { get; init; } = "";
    public string Topic { get; init; } = "";
    public string Token { get; init; } = "";
    public string Secret { get; init; } = "";
    public long RequestedAt { get; init; }
    public long? LeaseExpiresAt { get; init; }
    public long? LastPushAt { get; init; }
}

/// <summary>All SQL on websub_feeds: our subscriptions to the hubs source feeds advertise.</summary>
public sealed class SourceSubscriptionStore(Database db)
{
    private const string Columns = """
        feed_id AS FeedId, hub, topic, token, secret, requested_at AS RequestedAt, lease_expires_at AS LeaseExpiresAt, last_push_at AS LastPushAt
        """;

    public async Task<SourceSubscription?> FindAsync(long feedId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<SourceSubscription>(new CommandDefinition(
            $"SELECT {Columns} FROM websub_feeds WHERE feed_id = @feedId", new { feedId }, cancellationToken: ct));
    }

    public async Task<SourceSubscription?> FindAsync(string token, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<SourceSubscription>(new CommandDefinition(
            $"SELECT {Columns} FROM websub_feeds WHERE token = @token", new { token }, cancellationToken: ct));
    }

    /// <summary>A feed advertises a (new) hub: a fresh subscription to request (the old one, if any, is replaced).</summary>
    public Task SaveAsync(long feedId, string hub, string topic, string token, string secret, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO websub_feeds (feed_id, hub, topic, token, secret, requested_at) VALUES (@feedId, @hub, @topic, @token, @secret, 0)
            ON CONFLICT (feed_id) DO UPDATE SET hub = @hub, topic = @topic, token = @token, secret = @secret, requested_at = 0,
                lease_expires_at = NULL, lease_seconds = NULL, last_error = NULL
            """, new { feedId, hub, topic, token, secret }, tx, cancellationToken: ct)), ct);

    /// <summary>Subscriptions to request now: never verified (or denied) and not requested for <paramref name="retryAfter"/>;
    /// or verified with a tenth of the granted lease left (<paramref name="askedLeaseSeconds"/> for a row that predates the
    /// granted one) or lapsed, and not requested within that tenth (nor within <paramref name="retryAfter"/>, when shorter):
    /// a renewal that failed or was never verified is sent again, so one lost request does not end the subscription.</summary>
    public async Task<IReadOnlyList<SourceSubscription>> DueAsync(DateTimeOffset now, TimeSpan retryAfter, int askedLeaseSeconds, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<SourceSubscription>(new CommandDefinition($"""
            SELECT {Columns} FROM websub_feeds
            WHERE (lease_expires_at IS NULL AND requested_at <= @now - @retryMs)
               OR (lease_expires_at IS NOT NULL AND lease_expires_at - coalesce(lease_seconds, @asked) * 100 <= @now
                   AND requested_at <= @now - CASE WHEN coalesce(lease_seconds, @asked) * 100 < @retryMs THEN coalesce(lease_seconds, @asked) * 100 ELSE @retryMs END)
            """, new { now = now.ToMs(), retryMs = (long)retryAfter.TotalMilliseconds, asked = (long)askedLeaseSeconds },
            cancellationToken: ct))).AsList();
    }

    public Task RequestedAsync(long feedId, DateTimeOffset now, string? error, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE websub_feeds SET requested_at = @now, last_error = @error WHERE feed_id = @feedId",
            new { feedId, now = now.ToMs(), error }, tx, cancellationToken: ct)), ct);

    /// <summary>The hub verified our intent: the lease it granted runs from <paramref name="now"/>.</summary>
    public Task VerifiedAsync(long feedId, DateTimeOffset now, int leaseSeconds, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE websub_feeds SET lease_expires_at = @until, lease_seconds = @leaseSeconds, last_error = NULL WHERE feed_id = @feedId",
            new { feedId, until = (now + TimeSpan.FromSeconds(leaseSeconds)).ToMs(), leaseSeconds = (long)leaseSeconds }, tx, cancellationToken: ct)), ct);

    public Task DeniedAsync(long feedId, string reason, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE websub_feeds SET lease_expires_at = NULL, last_error = @reason WHERE feed_id = @feedId",
            new { feedId, reason }, tx, cancellationToken: ct)), ct);

    public Task PushedAsync(long feedId, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE websub_feeds SET last_push_at = @now WHERE feed_id = @feedId", new { feedId, now = now.ToMs() }, tx, cancellationToken: ct)), ct);
}
