using Dapper;
using FeedAggregator.Store;
using FeedAggregator.Tests;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>PostgreSQL runs several write transactions of one process at once (SQLite one): two that take the same
/// rows in opposite orders deadlock, the server aborts one, and <see cref="Database.WriteAsync{T}"/> runs it again.</summary>
public sealed class PostgresWriteTransactionTests
{
    [SkippableFact]
    public async Task Two_writers_that_lock_the_same_rows_in_opposite_orders_both_commit_and_the_one_aborted_for_the_deadlock_runs_again()
    {
        TestPostgres.SkipIfUnavailable();
        using var t = new TestDatabase(StorageOptions.Postgres);
        await t.Db.MigrateAsync(default);
        var before = await VersionsAsync(t.Db);
        var runs = 0;
        TaskCompletionSource articlesTaken = new(TaskCreationOptions.RunContinuationsAsynchronously), feedsTaken = new(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each takes its first row, waits until the other holds its own, then asks for the other's: a deadlock.
        Task Bump(string first, string second, TaskCompletionSource mine, TaskCompletionSource theirs) => t.Db.WriteAsync(async (c, tx) =>
        {
            Interlocked.Increment(ref runs);
            await c.ExecuteAsync("UPDATE data_versions SET version = version + 1 WHERE scope = @first", new { first }, tx);
            mine.TrySetResult();
            await theirs.Task;
            await c.ExecuteAsync("UPDATE data_versions SET version = version + 1 WHERE scope = @second", new { second }, tx);
            return 0;
        }, default);

        await Task.WhenAll(Bump("articles", "feeds", articlesTaken, feedsTaken), Bump("feeds", "articles", feedsTaken, articlesTaken))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, runs);
        var after = await VersionsAsync(t.Db);
        // Both committed once: the aborted run left nothing behind.
        Assert.Equal(before["articles"] + 2, after["articles"]);
        Assert.Equal(before["feeds"] + 2, after["feeds"]);
    }

    private static async Task<Dictionary<string, long>> VersionsAsync(Database db)
    {
        await using var c = await db.OpenAsync(default);
        return (await c.QueryAsync<(string Scope, long Version)>("SELECT scope, version FROM data_versions")).ToDictionary(r => r.Scope, r => r.Version);
    }
}
