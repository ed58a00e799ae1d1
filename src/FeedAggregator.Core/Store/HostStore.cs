using Dapper;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on host_cooldowns and host_slots: what every worker must know about a host (it said "slow down";
/// how many requests to it are in flight across the cluster).</summary>
public sealed class HostStore(Database db, TimeProvider clock)
{
    /// <summary>Hosts whose Retry-After has not passed yet; expired rows are dropped on the way.</summary>
    public async Task<IReadOnlyList<(string Host, long NotBefore)>> CooldownsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow().ToMs();
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM host_cooldowns WHERE not_before <= @now", new { now }, cancellationToken: ct));
        return (await c.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT host, not_before FROM host_cooldowns", cancellationToken: ct))).AsList();
    }

    public Task SetCooldownAsync(string host, DateTimeOffset notBefore, string reason, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO host_cooldowns (host, not_before, reason) VALUES (@host, @notBefore, @reason)
            ON CONFLICT (host) DO UPDATE SET not_before = {db.Dialect.Greatest("host_cooldowns.not_before", "excluded.not_before")}, reason = excluded.reason
            """, new { host, notBefore = notBefore.ToMs(), reason }, tx, cancellationToken: ct)), ct);

    /// <summary>Takes a free one of the host's <paramref name="slots"/> request slots for <paramref name="holder"/> until
    /// now + <paramref name="hold"/>, or returns null when all are taken. A slot is free when nobody has it or its
    /// holder's time ran out (the holder died). The conditional upsert is atomic on both providers.</summary>
    public Task<int?> TryTakeSlotAsync(string host, int slots, string holder, TimeSpan hold, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.WriteAsync<int?>(async (c, tx) =>
        {
            for (var slot = 0; slot < slots; slot++)
            {
                var taken = await c.ExecuteScalarAsync<int?>(new CommandDefinition("""
                    INSERT INTO host_slots (host, slot, holder, until) VALUES (@host, @slot, @holder, @until)
                    ON CONFLICT (host, slot) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    WHERE host_slots.until <= @now
                    RETURNING slot
                    """, new { host, slot, holder, until = (now + hold).ToMs(), now = now.ToMs() }, tx, cancellationToken: ct));
                if (taken is not null) return taken;
            }
            return null;
        }, ct);
    }

    public Task ReleaseSlotAsync(string host, int slot, string holder, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM host_slots WHERE host = @host AND slot = @slot AND holder = @holder",
            new { host, slot, holder }, tx, cancellationToken: ct)), ct);
}
