using Dapper;
using FeedAggregator.Store;
using FeedAggregator.Tests;

namespace FeedAggregator.Core.Tests.Store;

public sealed class MigrationTests
{
    private static readonly List<int> SqliteVersions = Database.Migrations().Select(m => m.Version).ToList();

    [Fact]
    public async Task A_new_file_gets_the_whole_schema_in_WAL_mode_and_every_migration_in_the_ledger()
    {
        using var t = new TestDatabase();
        await t.Db.MigrateAsync(default);
        await using var c = await t.Db.OpenAsync(default);
        Assert.Equal(SqliteVersions, (await c.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).AsList());
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        var tables = (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        Assert.Contains("feeds", tables);
        Assert.Contains("articles", tables);
    }

    [Fact]
    public async Task A_file_from_before_the_ledger_keeps_its_data_and_gets_only_the_missing_migrations()
    {
        using var t = new TestDatabase();
        // An older release's database: the first migrations applied and counted in PRAGMA user_version, with a subscription in it.
        await using (var c = await t.Db.OpenAsync(default))
        {
            foreach (var m in Database.Migrations().Take(2)) await c.ExecuteAsync(m.Sql);
            await c.ExecuteAsync($"PRAGMA user_version = {SqliteVersions[1]}");
            await c.ExecuteAsync("INSERT INTO feeds (url, title, created_at) VALUES ('https://old.example/feed', 'Old', 1)");
        }
        await t.Db.MigrateAsync(default);
        await t.Db.MigrateAsync(default); // and again: a no-op, not an error

        await using var check = await t.Db.OpenAsync(default);
        Assert.Equal(SqliteVersions, (await check.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).AsList());
        Assert.Equal("Old", await check.ExecuteScalarAsync<string>("SELECT title FROM feeds WHERE url = 'https://old.example/feed'"));
        // The later migrations did run: their columns exist.
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM host_cooldowns"));
    }

    [Fact]
    public void Migrations_are_numbered_in_strictly_increasing_order_on_both_providers()
    {
        // Numbers are handed out in blocks per line of work, so gaps are allowed; order and uniqueness are not optional.
        foreach (var versions in new[] { SqliteVersions, Database.PostgresMigrations().Select(m => m.Version).ToList() })
        {
            Assert.NotEmpty(versions);
            Assert.Equal(1, versions[0]);
            Assert.True(versions.Zip(versions.Skip(1)).All(p => p.First < p.Second), string.Join(",", versions));
        }
    }

    [SkippableFact]
    public async Task Several_workers_migrating_one_PostgreSQL_database_at_once_apply_each_migration_once()
    {
        using var t = new TestDatabase(StorageOptions.Postgres);
        var storage = t.Storage();
        var workers = Enumerable.Range(0, 3).Select(_ => new Database(Microsoft.Extensions.Options.Options.Create(storage),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Database>.Instance)).ToList();
        await Task.WhenAll(workers.Select(w => w.MigrateAsync(default)));
        await using var c = await workers[0].OpenAsync(default);
        Assert.Equal(Database.PostgresMigrations().Select(m => m.Version).ToList(),
            (await c.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).AsList());
        foreach (var w in workers) await w.DisposeAsync();
    }

    /// <summary>Every SQLite migration needs its PostgreSQL counterpart: the two schemas must have the same tables and
    /// columns (types differ by dialect; Quartz's qrtz_ tables exist on PostgreSQL only).</summary>
    [SkippableFact]
    public async Task Both_providers_end_with_the_same_tables_and_columns()
    {
        using var sqlite = new TestDatabase();
        using var postgres = new TestDatabase(StorageOptions.Postgres);
        await sqlite.Db.MigrateAsync(default);
        await postgres.Db.MigrateAsync(default);

        await using var s = await sqlite.Db.OpenAsync(default);
        var sqliteColumns = (await s.QueryAsync<string>("""
            SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
            """)).Order(StringComparer.Ordinal).ToList();
        await using var p = await postgres.Db.OpenAsync(default);
        var postgresColumns = (await p.QueryAsync<string>("""
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name NOT LIKE 'qrtz%'
            """)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sqliteColumns, postgresColumns);
    }
}
