namespace FeedAggregator.Store;

/// <summary>Configuration section "Storage": which database, and where.</summary>
public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (embedded, one file) or <c>postgres</c> (several workers on one database).</summary>
    public string Provider { get; set; } = Sqlite;
    /// <summary>The SQLite file (Provider sqlite).</summary>
    public string Path { get; set; } = "data/feedagg.db";
    /// <summary>An Npgsql connection string (Provider postgres), e.g. <c>Host=db1;Database=feedagg;Username=feedagg</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider?.Trim(), Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>The one line that stops the start when the storage settings are unusable, or null.</summary>
    public string? Problem() =>
        Provider?.Trim().ToLowerInvariant() switch
        {
            Sqlite => string.IsNullOrWhiteSpace(Path) ? "Storage:Path must name the SQLite file" : null,
            Postgres => string.IsNullOrWhiteSpace(ConnectionString)
                ? "Storage:ConnectionString is required when Storage:Provider is postgres (e.g. Host=db1;Database=feedagg;Username=feedagg)"
                : ConnectionStringProblem(),
            _ => $"Storage:Provider must be sqlite or postgres, not '{Provider}'",
        };

    private string? ConnectionStringProblem()
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"Storage:ConnectionString is not a valid PostgreSQL connection string: {e.Message}";
        }
    }
}
