using System.Data.Common;
using FeedAggregator.Feeds;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Store;

/// <summary>The two statements every new article runs (create its story, attach it), prepared once per write
/// transaction and reused: per-statement command setup cost more than SQLite's own work, under the write lock.</summary>
internal sealed class StoryWrites(SqliteConnection c, DbTransaction tx) : IDisposable
{
    private SqliteCommand? _create;
    private SqliteCommand? _attach;

    public long Create(string storyKey, long leadArticleId, DateTimeOffset now, DateTimeOffset sortAt)
    {
        _create ??= Prepare("""
            INSERT INTO stories (story_key, lead_article_id, first_seen_at, updated_at, sort_at, source_count)
            VALUES ($key, $lead, $now, $now, $sort, 1)
            ON CONFLICT (story_key) DO UPDATE SET lead_article_id = excluded.lead_article_id
            RETURNING id
            """, "$key", "$lead", "$now", "$sort");
        _create.Parameters[0].Value = storyKey;
        _create.Parameters[1].Value = leadArticleId;
        _create.Parameters[2].Value = now.ToMs();
        _create.Parameters[3].Value = sortAt.ToMs();
        return (long)_create.ExecuteScalar()!;
    }

    public void Attach(long articleId, long storyId, double score)
    {
        _attach ??= Prepare("UPDATE articles SET story_id = $story, story_score = $score WHERE id = $id", "$story", "$score", "$id");
        _attach.Parameters[0].Value = storyId;
        _attach.Parameters[1].Value = score;
        _attach.Parameters[2].Value = articleId;
        _attach.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = (SqliteTransaction)tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _create?.Dispose();
        _attach?.Dispose();
    }
}
