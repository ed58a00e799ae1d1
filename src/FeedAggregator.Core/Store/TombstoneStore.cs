using System.Data.Common;
using Dapper;

namespace FeedAggregator.Store;

/// <summary>The tombstones table: identities of entries retention deleted (see 010_tombstones.sql).</summary>
public sealed class TombstoneStore(Database db)
{
    /// <summary>The entry keys of <paramref name="feedId"/> that retention deleted, with whether the feed had stopped
    /// listing them.</summary>
    public async Task<Dictionary<string, bool>> KeysAsync(long feedId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Key, long? GoneAt)>(new CommandDefinition(
            "SELECT entry_key, gone_at FROM tombstones WHERE feed_id = @feedId", new { feedId }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Key, r => r.GoneAt is not null, StringComparer.Ordinal);
    }

    /// <summary>After a parse of the feed: the tombstones whose entry it lists are kept, the others start going.
    /// Writes only the rows whose state changes.</summary>
    internal static async Task ObserveAsync(DbConnection c, DbTransaction tx, long feedId, IReadOnlyDictionary<string, bool> buried,
        IReadOnlySet<string> listed, long nowMs, CancellationToken ct)
    {
        var back = buried.Where(b => b.Value && listed.Contains(b.Key)).Select(b => new { feedId, key = b.Key }).ToList();
        var gone = buried.Where(b => !b.Value && !listed.Contains(b.Key)).Select(b => new { feedId, key = b.Key, nowMs }).ToList();
        if (back.Count > 0)
            await c.ExecuteAsync(new CommandDefinition("UPDATE tombstones SET gone_at = NULL WHERE feed_id = @feedId AND entry_key = @key",
                back, tx, cancellationToken: ct));
        if (gone.Count > 0)
            await c.ExecuteAsync(new CommandDefinition("UPDATE tombstones SET gone_at = @nowMs WHERE feed_id = @feedId AND entry_key = @key",
                gone, tx, cancellationToken: ct));
    }

    /// <summary>Buries the articles <paramref name="articlesSql"/> selects (columns feed_id, entry_key).</summary>
    internal static Task<int> BuryAsync(DbConnection c, DbTransaction tx, string articlesSql, object parameters, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO tombstones (feed_id, entry_key, buried_at)
            SELECT feed_id, entry_key, @nowMs FROM ({articlesSql}) AS doomed WHERE true
            ON CONFLICT (feed_id, entry_key) DO UPDATE SET buried_at = excluded.buried_at, gone_at = NULL
            """, parameters, tx, cancellationToken: ct));

    /// <summary>Forgets tombstones whose entry left its feed before <paramref name="cutoffMs"/>.</summary>
    internal static Task<int> PruneAsync(DbConnection c, DbTransaction tx, long cutoffMs, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("DELETE FROM tombstones WHERE gone_at IS NOT NULL AND gone_at < @cutoffMs",
            new { cutoffMs }, tx, cancellationToken: ct));
}
