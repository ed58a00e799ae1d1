using Dapper;

namespace FeedAggregator.Store;

/// <summary>All SQL on data_versions: the counters that triggers bump in every write transaction that changes
/// published data (migration 050). One read of a three-row table, whatever the archive size.</summary>
public sealed class DataVersionStore(Database db)
{
    public async Task<DataVersion> ReadAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        long articles = 0, feeds = 0, digests = 0;
        foreach (var (scope, version) in await c.QueryAsync<(string, long)>(new CommandDefinition(
                     "SELECT scope, version FROM data_versions", cancellationToken: ct)))
        {
            switch (scope)
            {
                case "articles": articles = version; break;
                case "feeds": feeds = version; break;
                case "digests": digests = version; break;
            }
        }
        return new DataVersion(articles, feeds, digests);
    }
}

/// <summary>The published data's versions: each one moves whenever its part of the data changed.</summary>
public readonly record struct DataVersion(long Articles, long Feeds, long Digests);
