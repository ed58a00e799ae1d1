using FeedAggregator.Store;
using FeedAggregator.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>A real database for one test: an SQLite file in a fresh temp folder, or a fresh database on the test
/// PostgreSQL server (<see cref="TestPostgres"/>). Made on first use, so that a PostgreSQL test without a server skips
/// from inside its body, saying why.</summary>
public sealed class TestDatabase(string provider = StorageOptions.Sqlite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feedagg-core-").FullName;
    private TestPostgresDatabase? _postgres;
    private Database? _db;

    public string Provider => provider;
    public string FilePath => Path.Combine(_dir, "test.db");
    public Database Db => _db ??= new Database(Options.Create(Storage()), NullLogger<Database>.Instance);

    /// <summary>The storage settings of this database, for a host or another Database on it.</summary>
    public StorageOptions Storage()
    {
        if (provider == StorageOptions.Sqlite) return new StorageOptions { Path = FilePath };
        _postgres ??= TestPostgres.CreateDatabaseAsync().GetAwaiter().GetResult();
        return new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = _postgres.ConnectionString };
    }

    public void Dispose()
    {
        _db?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        _postgres?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
