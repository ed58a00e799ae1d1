using FeedAggregator.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>A real SQLite file in a fresh temp folder.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feedagg-core-").FullName;
    public string FilePath => Path.Combine(_dir, "test.db");
    public Database Db { get; }

    public TestDatabase() =>
        Db = new Database(Options.Create(new StorageOptions { Path = FilePath }), NullLogger<Database>.Instance);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
