using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Store;

/// <summary>Opens connections to the configured database (Storage:Provider: an SQLite file, or PostgreSQL) and brings
/// its schema up to date. The stores' SQL is shared; <see cref="Dialect"/> has the few spellings that differ.</summary>
public sealed class Database : IAsyncDisposable
{
    private readonly StoreProvider _provider;
    private readonly ILogger<Database> _logger;

    public Database(IOptions<StorageOptions> options, ILogger<Database> logger)
    {
        var o = options.Value;
        _provider = o.IsPostgres ? new PostgresProvider(o.ConnectionString!) : new SqliteProvider(o.Path);
        _writeLock = new SemaphoreSlim(_provider.Writers, _provider.Writers);
        _logger = logger;
    }

    public SqlDialect Dialect => _provider.Dialect;

    public bool IsPostgres => _provider is PostgresProvider;

    /// <summary>Where the data is (the SQLite file, or the PostgreSQL host and database), for logs and messages.</summary>
    public string Describe => _provider.Describe;

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? FilePath => (_provider as SqliteProvider)?.FilePath;

    // SQLite has one writer at a time anyway; queueing writers here instead of in SQLite's busy loop keeps parallel
    // refreshes fair. PostgreSQL takes concurrent writers (row locks): a few at once from this process, so that one
    // worker's refreshes do not wait on each other's round trips, as they never wait on another worker's.
    private readonly SemaphoreSlim _writeLock;
    private long _commits;

    /// <summary>Write transactions this process committed through <see cref="WriteAsync{T}"/>: lets a cache of the
    /// published data look at the database's version counters at once after a local change, not only now and then.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    // Enough for writers that collide now and then (several workers' refreshes); one that loses every time has a
    // lock order to fix, not more attempts to make.
    private const int MaxDeadlockAttempts = 5;

    /// <summary>Runs <paramref name="work"/> in one write transaction; on SQLite one writer of this process at a time.
    /// Commits when it returns; rolls back (and rethrows) when it throws. A transaction the database aborted to break a
    /// deadlock (PostgreSQL, writers of several processes) is run again from the start: <paramref name="work"/> must
    /// only act through the connection, as every store's does.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _writeLock.WaitAsync(ct);
            try
            {
                await using var connection = await _provider.OpenAsync(writer: true, ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                var result = await work(connection, tx);
                await tx.CommitAsync(ct);
                Interlocked.Increment(ref _commits);
                return result;
            }
            catch (Exception e) when (attempt < MaxDeadlockAttempts && _provider.IsDeadlock(e))
            {
                _logger.LogInformation("A write transaction was chosen to break a deadlock; running it again (attempt {Attempt})", attempt + 1);
            }
            finally
            {
                _writeLock.Release();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt), ct);
        }
    }

    public Task<DbConnection> OpenAsync(CancellationToken ct) => _provider.OpenAsync(writer: false, ct);

    /// <summary>Applies every migration of this provider not yet in the schema_migrations ledger, each in its own
    /// transaction, in version order. Safe to call at every start, and from several processes at once. A database
    /// made before the ledger existed (SQLite, PRAGMA user_version) gets its applied versions entered first.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await _provider.OpenAsync(writer: false, ct);
        await _provider.PrepareAsync(connection, ct);
        var migrationLock = await _provider.LockForMigrationAsync(connection, ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(LedgerDdl, cancellationToken: ct));
            var all = Migrations(_provider.MigrationsPrefix).ToList();
            var legacy = await _provider.LegacyVersionAsync(connection, ct);
            if (legacy > 0 && await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM schema_migrations", cancellationToken: ct)) == 0)
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                foreach (var m in all.Where(m => m.Version <= legacy))
                    await RecordAsync(connection, tx, m, ct);
                await tx.CommitAsync(ct);
                _logger.LogInformation("Schema version {Version} of {Database} entered in the migrations ledger", legacy, Describe);
            }
            foreach (var m in all)
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                // Checked inside the transaction: another process may have applied it since this one started.
                if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        "SELECT count(*) FROM schema_migrations WHERE version = @Version", new { m.Version }, tx, cancellationToken: ct)) > 0)
                    continue;
                await connection.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, commandTimeout: SqlDialect.NoCommandTimeout, cancellationToken: ct));
                await RecordAsync(connection, tx, m, ct);
                await tx.CommitAsync(ct);
                _logger.LogInformation("Applied schema migration {Version} ({Name}) to {Database}", m.Version, m.Name, Describe);
            }
        }
        finally
        {
            if (migrationLock is not null) await migrationLock.DisposeAsync();
        }
    }

    private const string LedgerDdl = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at BIGINT  NOT NULL
        )
        """;

    private static Task RecordAsync(DbConnection c, DbTransaction tx, Migration m, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @now)",
            new { m.Version, m.Name, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));

    internal sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The embedded SQLite migrations (Store/Migrations/NNN_name.sql), in version order.</summary>
    internal static IEnumerable<Migration> Migrations() => Migrations(SqliteProvider.Prefix);

    /// <summary>The embedded PostgreSQL migrations (Store/Migrations/Postgres/NNN_name.sql), in version order.</summary>
    internal static IEnumerable<Migration> PostgresMigrations() => Migrations(PostgresProvider.Prefix);

    private static IEnumerable<Migration> Migrations(string prefix)
    {
        var assembly = typeof(Database).Assembly;
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && char.IsAsciiDigit(n[prefix.Length]))
                     .Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..^".sql".Length];
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return new Migration(int.Parse(file.AsSpan(0, 3)), file, reader.ReadToEnd());
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
