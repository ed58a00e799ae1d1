using Dapper;
using FeedAggregator.Core.Tests.Store;
using FeedAggregator.Digest;
using FeedAggregator.Store;
using static FeedAggregator.Tests.Digest.StorySeeder;

namespace FeedAggregator.Core.Tests.Digest;

/// <summary>A digest window closes only once the story stage has caught up to its end (fake clock).</summary>
public abstract class DigestStageTests(string provider)
{
    private static readonly DateTimeOffset Mon = DateTimeOffset.Parse("2026-11-23T07:00:00Z");

    [SkippableFact]
    public async Task A_due_window_waits_for_the_story_stage_and_closes_with_the_joined_story_once_it_caught_up()
    {
        using var f = await DigestFixture.CreateAsync(provider, Mon.AddHours(-12),
            new DigestOptions { TimeZone = "Europe/London", Time = "07:00", To = ["reader@example.org"] });
        var alpha = await f.Seed.FeedAsync("Alpha", "News", Mon.AddDays(-30));
        var beta = await f.Seed.FeedAsync("Beta", "News", Mon.AddDays(-30));
        const string summary = "<p>An eruption near Grindavik sent ash over the Reykjanes peninsula and grounded flights at Keflavik.</p>";
        await f.Seed.WaitingArticleAsync(Mon.AddHours(-3), new Source(alpha, "Volcano erupts in Iceland, flights grounded", Summary: summary));
        await f.Seed.WaitingArticleAsync(Mon.AddMinutes(-1), new Source(beta, "Volcano erupts in Iceland; flights grounded", Summary: summary));
        // After the window's end: it never holds the window back.
        await f.Seed.WaitingArticleAsync(Mon.AddMinutes(1), new Source(beta, "Council approves cycle lanes"));

        f.Clock.SetUtcNow(Mon.AddMinutes(1));
        Assert.Empty(await f.Service.CloseDueWindowsAsync(catchingUp: false, default));
        Assert.True(f.Service.HasDeferredWindows);
        Assert.Null(await f.Service.CloseWindowAsync(Mon, default)); // `digest --send` for that end: not either
        Assert.Empty(await f.Service.CloseDeferredWindowsAsync(default)); // a delivery tick, stage still behind

        // The stage runs (later: the story's first-seen time stays its first article's arrival).
        f.Clock.SetUtcNow(Mon.AddMinutes(2));
        Assert.Equal(3, await StoredArticles.NewStage(f.Db, f.Clock).CatchUpAsync(default));

        var made = Assert.Single(await f.Service.CloseDeferredWindowsAsync(default));
        Assert.Equal(1, made.StoryCount); // the two outlets' copies are one story; the 07:01 article is the next window's
        Assert.False(f.Service.HasDeferredWindows);
        await using var c = await f.Db.OpenAsync(default);
        Assert.Equal(Mon.ToUnixTimeMilliseconds(), await c.ExecuteScalarAsync<long>("SELECT window_end FROM digests"));
    }
}

public sealed class SqliteDigestStageTests() : DigestStageTests(StorageOptions.Sqlite);

public sealed class PostgresDigestStageTests() : DigestStageTests(StorageOptions.Postgres);
