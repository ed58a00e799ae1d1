using System.Data.Common;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>The statements the story stage runs for every article (create a story, name its lead, attach an
/// article, refresh a story after a join), each prepared once per write transaction and reused: per-statement
/// command setup cost more than SQLite's own work, under the write lock.</summary>
internal sealed class StoryWrites(DbConnection c, DbTransaction tx) : IDisposable
{
    private DbCommand? _create;
    private DbCommand? _setLead;
    private DbCommand? _attach;
    private DbCommand? _members;
    private DbCommand? _refresh;
    private DbCommand? _hide;

    /// <summary>A new story, its lead named by <see cref="SetLead"/> once the article has its id. The key is derived from the
    /// first article: after a `stories rebuild` the same story gets the same key, and takes over a row left with it.
    /// <para>First seen when its first article arrived (not when the stage got to it): a digest window holds the stories
    /// whose news arrived in it.</para></summary>
    public long Create(string storyKey, DateTimeOffset firstSeenAt, DateTimeOffset now, DateTimeOffset sortAt)
    {
        _create ??= Prepare("""
            INSERT INTO stories (story_key, lead_article_id, first_seen_at, updated_at, sort_at, source_count)
            VALUES (@key, NULL, @first, @now, @sort, 1)
            ON CONFLICT (story_key) DO UPDATE SET lead_article_id = NULL
            RETURNING id
            """, "@key", "@first", "@now", "@sort");
        _create.Parameters[0].Value = storyKey;
        _create.Parameters[1].Value = firstSeenAt.ToMs();
        _create.Parameters[2].Value = now.ToMs();
        _create.Parameters[3].Value = sortAt.ToMs();
        return (long)_create.ExecuteScalar()!;
    }

    public void SetLead(long storyId, long articleId)
    {
        _setLead ??= Prepare("UPDATE stories SET lead_article_id = @lead WHERE id = @story", "@lead", "@story");
        _setLead.Parameters[0].Value = articleId;
        _setLead.Parameters[1].Value = storyId;
        _setLead.ExecuteNonQuery();
    }

    /// <summary>Puts a stored article into a story, as part of story stage batch <paramref name="seq"/> (which tells
    /// other processes' stages what they have not seen yet).</summary>
    public void Attach(long articleId, long storyId, double score, long seq)
    {
        _attach ??= Prepare("UPDATE articles SET story_id = @story, story_score = @score, story_seq = @seq WHERE id = @id", "@story", "@score", "@seq", "@id");
        _attach.Parameters[0].Value = storyId;
        _attach.Parameters[1].Value = score;
        _attach.Parameters[2].Value = seq;
        _attach.Parameters[3].Value = articleId;
        _attach.ExecuteNonQuery();
    }

    /// <summary>After a join: the new lead, source count and sort position; updated_at moves only when
    /// something a reader sees changed (a new source or a new lead). Only visible members count (articles a rule
    /// hides are members still, so that they come back in place); a story with none has no lead and is not shown.</summary>
    public void Refresh(long storyId, DateTimeOffset now, Func<IReadOnlyList<(long Id, long SortAt, int TextLength)>, long> chooseLead)
    {
        // octet_length reads a value's size from the record header: the members' content is never loaded.
        _members ??= Prepare($"""
            SELECT id, feed_id, sort_at, {SqlDialect.Of(c).Greatest("coalesce(octet_length(content), 0)", "coalesce(octet_length(summary), 0)")}
            FROM articles WHERE story_id = @story AND hidden = 0 ORDER BY sort_at, id
            """, "@story");
        _members.Parameters[0].Value = storyId;
        var members = new List<(long Id, long SortAt, int TextLength)>();
        var feeds = new HashSet<long>();
        using (var reader = _members.ExecuteReader())
        {
            while (reader.Read())
            {
                members.Add((reader.GetInt64(0), reader.GetInt64(2), reader.GetInt32(3)));
                feeds.Add(reader.GetInt64(1));
            }
        }
        if (members.Count == 0)
        {
            _hide ??= Prepare("""
                UPDATE stories SET lead_article_id = NULL, source_count = 0,
                    updated_at = CASE WHEN lead_article_id IS NOT NULL THEN @now ELSE updated_at END
                WHERE id = @story
                """, "@now", "@story");
            _hide.Parameters[0].Value = now.ToMs();
            _hide.Parameters[1].Value = storyId;
            _hide.ExecuteNonQuery();
            return;
        }

        _refresh ??= Prepare("""
            UPDATE stories SET
                lead_article_id = @lead,
                sort_at = @sort,
                updated_at = CASE WHEN lead_article_id IS DISTINCT FROM @lead OR source_count <> @sources THEN @now ELSE updated_at END,
                source_count = @sources
            WHERE id = @story
            """, "@lead", "@sort", "@sources", "@now", "@story");
        _refresh.Parameters[0].Value = chooseLead(members);
        _refresh.Parameters[1].Value = members[0].SortAt;
        _refresh.Parameters[2].Value = feeds.Count;
        _refresh.Parameters[3].Value = now.ToMs();
        _refresh.Parameters[4].Value = storyId;
        _refresh.ExecuteNonQuery();
    }

    private DbCommand Prepare(string sql, params string[] names) => ReusedCommand.Create(c, tx, sql, names);

    public void Dispose()
    {
        _create?.Dispose();
        _setLead?.Dispose();
        _attach?.Dispose();
        _members?.Dispose();
        _refresh?.Dispose();
        _hide?.Dispose();
    }
}
