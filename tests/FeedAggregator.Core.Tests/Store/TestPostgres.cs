using Npgsql;

namespace FeedAggregator.Tests;

/// <summary>The private PostgreSQL server scripts/test-setup/20-postgres.sh starts (FEEDAGG_TEST_POSTGRES). Each test gets a
/// database of its own, dropped afterwards, so tests run in parallel without sharing tables. Without the server the
/// PostgreSQL tests skip, saying why. Shared by both test projects (linked file).</summary>
public static class TestPostgres
{
    public const string Variable = "FEEDAGG_TEST_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static string SkipReason =>
        $"no PostgreSQL server for the tests: {Variable} is not set (./test.sh starts a private one through scripts/test-setup/20-postgres.sh; Debian package postgresql)";

    /// <summary>Skips the calling test (SkippableFact/SkippableTheory) when there is no server.</summary>
    public static void SkipIfUnavailable() => Skip.If(ServerConnectionString is null, SkipReason);

    /// <summary>A new, empty database; dispose to drop it.</summary>
    public static async Task<TestPostgresDatabase> CreateDatabaseAsync()
    {
        SkipIfUnavailable();
        var name = $"feedagg_t{Guid.NewGuid():N}"[..30];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var c = new NpgsqlConnection(ServerConnectionString);
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
                await cmd.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Tests in parallel: CREATE DATABASE copies template1 and fails while another one is copying it.
                await Task.Delay(100 * attempt);
            }
        }
        return new TestPostgresDatabase(name, new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString);
    }
}

public sealed class TestPostgresDatabase(string name, string connectionString) : IAsyncDisposable, IDisposable
{
    public string Name => name;
    public string ConnectionString => connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await c.OpenAsync();
        // FORCE: a worker process killed by a test may still hold a connection. A backend of another role (a server
        // worker) cannot be ended by the test role: then try again, and leave the database at last (the server and
        // its folder go when ./test.sh ends); cleaning up never fails a test.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt >= 10) return;
                await Task.Delay(200 * attempt);
            }
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
