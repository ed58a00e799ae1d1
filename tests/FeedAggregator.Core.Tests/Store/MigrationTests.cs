using Dapper;
using FeedAggregator.Store;

namespace FeedAggregator.Core.Tests.Store;

public sealed class MigrationTests
{
    private static readonly int Latest = Database.Migrations().Max(m => m.Version);

    [Fact]
    public async Task A_new_file_gets_the_whole_schema_in_WAL_mode()
    {
        using var t = new TestDatabase();
        await t.Db.MigrateAsync(default);
        await using var c = await t.Db.OpenAsync(default);
        Assert.Equal(Latest, await c.ExecuteScalarAsync<long>("PRAGMA user_version"));
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        var tables = (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        Assert.Contains("feeds", tables);
        Assert.Contains("articles", tables);
    }

    [Fact]
    public async Task An_existing_file_keeps_its_data_and_gets_only_the_missing_migrations()
    {
        using var t = new TestDatabase();
        // An older release's database: the first migration applied by hand, with a subscription in it.
        await using (var c = await t.Db.OpenAsync(default))
        {
            var (version, sql) = Database.Migrations().First();
            await c.ExecuteAsync(sql);
            await c.ExecuteAsync($"PRAGMA user_version = {version}");
            await c.ExecuteAsync("INSERT INTO feeds (url, title, created_at) VALUES ('https://old.example/feed', 'Old', 1)");
        }
        await t.Db.MigrateAsync(default);
        await t.Db.MigrateAsync(default); // and again: a no-op, not an error

        await using var check = await t.Db.OpenAsync(default);
        Assert.Equal(Latest, await check.ExecuteScalarAsync<long>("PRAGMA user_version"));
        Assert.Equal("Old", await check.ExecuteScalarAsync<string>("SELECT title FROM feeds WHERE url = 'https://old.example/feed'"));
    }

    [Fact]
    public void Migrations_are_numbered_in_strictly_increasing_order()
    {
        // Numbers are handed out in blocks per line of work, so gaps are allowed; order and uniqueness are not optional.
        var versions = Database.Migrations().Select(m => m.Version).ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(1, versions[0]);
        Assert.True(versions.Zip(versions.Skip(1)).All(p => p.First < p.Second), string.Join(",", versions));
    }
}
