using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using FeedAggregator.Store;

namespace FeedAggregator.Benchmarks;

/// <summary>A stored archive of N articles (one story each) over 1,000 feeds, written straight into a migrated
/// SQLite file, for serving figures at archive sizes no farm reaches. The feeds are never due (nothing to poll).</summary>
internal static class ArchiveGenerator
{
    public static async Task CreateAsync(string path, int articles)
    {
        var db = new Database(Options.Create(new StorageOptions { Path = path }), NullLogger<Database>.Instance);
        await db.MigrateAsync(default);
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = false, Pooling = false }.ToString());
        await c.OpenAsync();
        await using (var pragma = c.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -65536";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        const int feeds = 1000;
        var never = DateTimeOffset.UtcNow.AddYears(10).ToUnixTimeMilliseconds();
        var start = DateTimeOffset.UtcNow.AddDays(-365).ToUnixTimeMilliseconds();
        var step = 365L * 86_400_000 / Math.Max(1, articles);
        await using (var feed = Command(c, tx, "INSERT INTO feeds (id, url, title, site_url, category, origin, created_at, next_poll_at) VALUES ($id, $url, $title, $site, $cat, 'cli', $now, $never)",
                         "$id", "$url", "$title", "$site", "$cat", "$now", "$never"))
            for (var f = 1; f <= feeds; f++)
            {
                Set(feed, f, $"http://127.0.0.1:9/feeds/{f}.xml", $"Outlet {f}", $"https://outlet{f}.example/", $"Category {f % 12}", start, never);
                await feed.ExecuteNonQueryAsync();
            }
        await using var story = Command(c, tx, "INSERT INTO stories (id, story_key, lead_article_id, first_seen_at, updated_at, sort_at, source_count) VALUES ($id, $key, $id, $t, $t, $t, 1)",
            "$id", "$key", "$t");
        await using var article = Command(c, tx, """
            INSERT INTO articles (id, feed_id, entry_key, guid, url, title, summary, first_seen_at, changed_at, sort_at, content_hash, story_id, story_score)
            VALUES ($id, $feed, $key, $key, $url, $title, $summary, $t, $t, $t, $hash, $id, 1)
            """, "$id", "$feed", "$key", "$url", "$title", "$summary", "$t", "$hash");
        for (var i = 1; i <= articles; i++)
        {
            var t = start + i * step;
            var f = i % feeds + 1;
            Set(story, i, "archive:" + i.ToString(CultureInfo.InvariantCulture), t);
            await story.ExecuteNonQueryAsync();
            Set(article, i, f, $"guid-{i}", $"https://outlet{f}.example/{i}", $"Archive story number {i} about the harbour, the council and the weather",
                $"<p>Paragraph {i}: the council met on a weekday to discuss the harbour bridge, the budget and the storm warning for the coast.</p><p>More text follows here for {i}.</p>",
                t, i.ToString("x16", CultureInfo.InvariantCulture));
            await article.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
        cmd.Prepare();
        return cmd;
    }

    private static void Set(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
    }
}
