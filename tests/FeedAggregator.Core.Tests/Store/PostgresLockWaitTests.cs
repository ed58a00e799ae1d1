using Dapper;
using FeedAggregator.Store;
using FeedAggregator.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>A node that starts while another migrates the database or syncs the OPML file waits for it, however long
/// that takes: the wait is not a command that times out (the connection string here makes the default timeout short,
/// so that the test does not have to outwait the usual 30 s).</summary>
public sealed class PostgresLockWaitTests
{
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(4);

    [SkippableFact]
    public async Task Migrating_waits_for_the_migration_lock_longer_than_the_command_timeout()
    {
        TestPostgres.SkipIfUnavailable();
        await using var pg = await TestPostgres.CreateDatabaseAsync();
        await using var other = new NpgsqlConnection(pg.ConnectionString);
        await other.OpenAsync();
        await other.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = PostgresProvider.MigrationLockKey });
        await using var db = ShortTimeout(pg);

        var migrate = db.MigrateAsync(default);
        await Task.Delay(Held);
        Assert.False(migrate.IsCompleted, migrate.Exception?.ToString() ?? "migrated while another node held the lock");
        await other.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = PostgresProvider.MigrationLockKey });
        await migrate.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await other.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations") > 0);
    }

    [SkippableFact]
    public async Task An_opml_sync_waits_for_another_nodes_sync_longer_than_the_command_timeout()
    {
        TestPostgres.SkipIfUnavailable();
        await using var pg = await TestPostgres.CreateDatabaseAsync();
        await using var db = ShortTimeout(pg);
        await db.MigrateAsync(default);
        await using var other = new NpgsqlConnection(pg.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await other.ExecuteAsync(SqlDialect.Postgres.OpmlSyncLock, transaction: tx);

        var sync = new FeedStore(db, TimeProvider.System).SyncOpmlAsync([new FeedSubscription("https://example.org/feed.xml", "Example")], default);
        await Task.Delay(Held);
        Assert.False(sync.IsCompleted, sync.Exception?.ToString() ?? "synced while another node held the lock");
        await tx.CommitAsync();
        Assert.Equal(1, (await sync.WaitAsync(TimeSpan.FromSeconds(60))).Added);
    }

    [SkippableFact]
    public async Task Syncing_an_unchanged_opml_file_takes_no_row_locks_so_another_workers_claims_do_not_block_it()
    {
        TestPostgres.SkipIfUnavailable();
        await using var pg = await TestPostgres.CreateDatabaseAsync();
        await using var db = ShortTimeout(pg);
        await db.MigrateAsync(default);
        var store = new FeedStore(db, TimeProvider.System);
        FeedSubscription[] file = [new("https://example.org/a.xml", "A", "News"), new("https://example.org/b.xml", "B", "Tech", FullText: true)];
        Assert.Equal(2, (await store.SyncOpmlAsync(file, default)).Added);
        // Another worker's claim holds every feed row until its transaction ends.
        await using var other = new NpgsqlConnection(pg.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await other.ExecuteAsync("UPDATE feeds SET leased_by = 'other'", transaction: tx);

        var again = await store.SyncOpmlAsync(file, default).WaitAsync(Held);
        Assert.Equal((0, 0), again);
        // A changed title still has to be written, so that sync waits for the claim.
        var renamed = store.SyncOpmlAsync([file[0] with { Title = "A renamed" }, file[1]], default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(renamed.IsCompleted, renamed.Exception?.ToString() ?? "wrote a locked row while another transaction held it");
        await tx.CommitAsync();
        await renamed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("A renamed", await other.ExecuteScalarAsync<string>("SELECT title FROM feeds WHERE url = 'https://example.org/a.xml'"));
    }

    private static Database ShortTimeout(TestPostgresDatabase pg) => new(Options.Create(new StorageOptions
    {
        Provider = StorageOptions.Postgres,
        ConnectionString = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { CommandTimeout = 2 }.ConnectionString,
    }), NullLogger<Database>.Instance);
}
