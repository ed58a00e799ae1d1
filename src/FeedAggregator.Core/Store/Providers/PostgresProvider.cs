using System.Data.Common;
using Dapper;
using Npgsql;

namespace FeedAggregator.Store;

/// <summary>A PostgreSQL database shared by any number of workers, through one Npgsql data source (its pool) per process.</summary>
internal sealed class PostgresProvider(string connectionString) : StoreProvider
{
    // Any constant shared by every worker: the key of the session-level advisory lock taken while migrating.
    internal const long MigrationLockKey = 0x6665656461676701;

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public override SqlDialect Dialect => SqlDialect.Postgres;
    public const string Prefix = "FeedAggregator.Store.Migrations.Postgres.";
    public override string MigrationsPrefix => Prefix;

    public override string Describe
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgres://{b.Host}:{b.Port}/{b.Database}";
        }
    }

    // Enough for a worker's refreshes not to queue behind each other's round trips; few next to the pool's size.
    public override int Writers => 8;

    // deadlock_detected, serialization_failure: the transaction was rolled back and may simply run again.
    public override bool IsDeadlock(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    public override async Task<DbConnection> OpenAsync(bool writer, CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public override async Task<IAsyncDisposable?> LockForMigrationAsync(DbConnection c, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, commandTimeout: SqlDialect.NoCommandTimeout, cancellationToken: ct));
        return new Unlock(c);
    }

    private sealed class Unlock(DbConnection c) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await c.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey });
    }

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
