using System.Data.Common;
using Npgsql;

namespace FeedAggregator.Store;

/// <summary>The few SQL spellings that differ between SQLite and PostgreSQL. Everything else is written once in the
/// common subset both understand: <c>ON CONFLICT … DO UPDATE</c> with <c>excluded</c>, <c>RETURNING</c>,
/// <c>IS DISTINCT FROM</c>, <c>TRUE</c>/<c>FALSE</c> for the boolean columns (SQLite stores them as 1/0), row values.</summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    /// <summary>The dialect of an open connection (for the statements that run inside a caller's transaction).</summary>
    public static SqlDialect Of(DbConnection c) => c is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>The larger of two values (SQLite's two-argument max, PostgreSQL's GREATEST).</summary>
    public abstract string Greatest(string a, string b);

    /// <summary><c>expression IN (list parameter)</c>: Dapper expands a list for SQLite, and passes it as one array to Npgsql.</summary>
    public abstract string InList(string expression, string parameter);

    /// <summary>Appended to a claim's row selection: rows another transaction is claiming are skipped (PostgreSQL); SQLite
    /// has one writer at a time, so there is nothing to skip.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>The statement that makes a write transaction the only one deciding story membership across all processes
    /// (empty when the write transaction itself is exclusive, as on SQLite).</summary>
    public abstract string MembershipLock { get; }

    /// <summary>The statement that makes an OPML sync the only one in its transaction's time across all processes, so
    /// that nodes starting together with one OPML file add its feeds one after another instead of deadlocking on the
    /// same new rows (empty on SQLite, whose write transaction is exclusive).</summary>
    public abstract string OpmlSyncLock { get; }

    /// <summary>The statement that makes a digest's write transaction wait until every transaction writing articles or
    /// stories has committed, and keeps new ones waiting until the digest is stored (empty on SQLite, whose write
    /// transaction is exclusive). Self-conflicting, so two builders also run one after the other.</summary>
    public abstract string DigestWindowLock { get; }

    /// <summary>Whether preparing a reused command pays: it does on SQLite (statement compilation was most of the cost);
    /// Npgsql infers parameter types from the first values, which are still nulls then, so it is left to its auto-prepare.</summary>
    public abstract bool PrepareReusedCommands { get; }

    /// <summary>For statements that wait for a lock another process holds (the migration, the OPML sync, story
    /// membership, a digest's window) or rewrite a whole table (a migration): as long as they need. Under load a
    /// node's sync can outlast the 30 s default, which would stop the node waiting for it at start; a migration of a big
    /// archive takes minutes. The caller's token still ends the wait.</summary>
    public const int NoCommandTimeout = 0;

    private sealed class SqliteDialect : SqlDialect
    {
        public override string Greatest(string a, string b) => $"max({a}, {b})";
        public override string InList(string expression, string parameter) => $"{expression} IN {parameter}";
        public override bool PrepareReusedCommands => true;
        public override string SkipLocked => "";
        public override string MembershipLock => "";
        public override string OpmlSyncLock => "";
        public override string DigestWindowLock => "";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string Greatest(string a, string b) => $"GREATEST({a}, {b})";
        public override string InList(string expression, string parameter) => $"{expression} = ANY({parameter})";
        public override bool PrepareReusedCommands => false;
        public override string SkipLocked => "FOR UPDATE SKIP LOCKED";
        // Any constant every worker shares: the key of the story-membership lock.
        public override string MembershipLock => "SELECT pg_advisory_xact_lock(7310315504925044321)";
        public override string OpmlSyncLock => "SELECT pg_advisory_xact_lock(7310315504925044322)";
        public override string DigestWindowLock => "LOCK TABLE articles, stories IN SHARE ROW EXCLUSIVE MODE";
    }
}
