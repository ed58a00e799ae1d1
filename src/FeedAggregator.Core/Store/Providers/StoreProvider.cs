using System.Data.Common;

namespace FeedAggregator.Store;

/// <summary>How one kind of database is opened and migrated; the SQL the stores run is shared (<see cref="SqlDialect"/>
/// holds the few spellings that differ).</summary>
internal abstract class StoreProvider : IAsyncDisposable
{
    public abstract SqlDialect Dialect { get; }
    /// <summary>The embedded migrations' resource folder for this provider.</summary>
    public abstract string MigrationsPrefix { get; }
    /// <summary>Where the data is, for logs and messages (never a password).</summary>
    public abstract string Describe { get; }

    /// <summary>How many write transactions this process runs at once.</summary>
    public virtual int Writers => 1;

    /// <summary>Whether <paramref name="e"/> is the database aborting a transaction to break a deadlock (worth a retry).</summary>
    public virtual bool IsDeadlock(Exception e) => false;

    /// <summary>An open connection; <paramref name="writer"/> for the write transactions of <see cref="Database.WriteAsync{T}"/>.</summary>
    public abstract Task<DbConnection> OpenAsync(bool writer, CancellationToken ct);

    /// <summary>Before the first migration: the file's folder and journal mode (SQLite).</summary>
    public virtual Task PrepareAsync(DbConnection c, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Held while migrating, so that several workers starting at once migrate one after the other.</summary>
    public virtual Task<IAsyncDisposable?> LockForMigrationAsync(DbConnection c, CancellationToken ct) => Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>The schema version an older release recorded before the migrations ledger existed (0 when none).</summary>
    public virtual Task<long> LegacyVersionAsync(DbConnection c, CancellationToken ct) => Task.FromResult(0L);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
