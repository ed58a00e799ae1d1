using System.Security;
using Dapper;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Hostile;

/// <summary>Issue 12 point 1 through the real executable: a document built to overflow or hog the parser neither kills
/// `feedagg parse` nor `feedagg poll`, and a process that dies while parsing leaves an error on that feed.</summary>
public sealed class HostileDocumentProcessTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    private static string RssWithDescription(string title, string html) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{title}</title><link>https://hostile.example/</link>
        <item><title>Deep entry</title><link>https://hostile.example/deep</link><guid>deep</guid><pubDate>{T0:R}</pubDate>
        <description>{SecurityElement.Escape(html)}</description></item>
        <item><title>Plain entry</title><link>https://hostile.example/plain</link><guid>plain</guid><pubDate>{T0:R}</pubDate>
        <description>fine</description></item></channel></rss>
        """;

    private static readonly string FortyThousandDivs =
        string.Concat(Enumerable.Repeat("<div>", 40_000)) + "bottom" + string.Concat(Enumerable.Repeat("</div>", 40_000));

    // Misnested formatting elements: the HTML5 tree grows deeper with each repetition, and parsing it is slow.
    private static string SlowToParse(int n) => string.Concat(Enumerable.Repeat("<div><b></div>x", n));

    [Fact]
    public async Task Parse_of_a_description_nested_forty_thousand_deep_prints_the_entries_instead_of_crashing()
    {
        using var dir = new TempDir();
        var file = dir.File("deep.xml");
        await File.WriteAllTextAsync(file, RssWithDescription("Deep", FortyThousandDivs));
        var result = await FeedaggProcess.RunAsync(dir.Path, "parse", file);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"title\":\"Deep entry\"", result.Stdout);
        Assert.Contains("bottom", result.Stdout);
        Assert.Contains("\"title\":\"Plain entry\"", result.Stdout);
    }

    [Fact]
    public async Task Poll_stores_the_entries_of_a_feed_nested_forty_thousand_deep_with_a_note_on_the_feed()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        farm.Serve("/deep.rss", RssWithDescription("Deep", FortyThousandDivs));
        var opml = dir.WriteOpml((farm.Url("/deep.rss").AbsoluteUri, "Deep", null));
        var db = dir.File("deep.db");

        var poll = await FeedaggProcess.RunAsync(dir.Path, "poll", "--all", $"--Storage:Path={db}", $"--Feeds:Opml={opml}");

        Assert.True(poll.ExitCode == 0, poll.Stdout + poll.Stderr);
        Assert.True(poll.Stdout.Contains("1 feeds: 2 new"), poll.Stdout);
        await using var c = new SqliteConnection($"Data Source={db}");
        Assert.Contains("read with limits", await c.ExecuteScalarAsync<string>("SELECT last_event FROM feeds"));
        Assert.Contains("bottom", await c.ExecuteScalarAsync<string>("SELECT summary FROM articles WHERE title = 'Deep entry'"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Poll_records_a_document_slower_than_the_parse_timeout_as_that_feeds_error_and_polls_the_others()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        farm.Serve("/slow.rss", RssWithDescription("Slow", SlowToParse(60_000)));
        farm.Serve("/ok.rss", Rss("Fine", "https://fine.example", new Item("f1", "Fine one", T0)));
        var opml = dir.WriteOpml((farm.Url("/slow.rss").AbsoluteUri, "Slow", null), (farm.Url("/ok.rss").AbsoluteUri, "Fine", null));
        var db = dir.File("slow.db");

        var poll = await FeedaggProcess.RunAsync(dir.Path, "poll", "--all", $"--Storage:Path={db}", $"--Feeds:Opml={opml}",
            "--Polling:ParseTimeout=00:00:03");

        Assert.True(poll.ExitCode == 0, poll.Stdout + poll.Stderr);
        Assert.True(poll.Stdout.Contains("2 feeds: 1 new, 0 updated, 0 unchanged, 1 errors"), poll.Stdout);
        await using var c = new SqliteConnection($"Data Source={db}");
        var slow = await c.QuerySingleAsync<(string LastError, int ErrorCount, long? RefreshStartedAt)>(
            "SELECT last_error, error_count, refresh_started_at FROM feeds WHERE url LIKE '%/slow.rss'");
        Assert.Contains("Polling:ParseTimeout", slow.LastError);
        Assert.Equal(1, slow.ErrorCount);
        Assert.Null(slow.RefreshStartedAt);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_process_killed_while_parsing_a_feed_leaves_that_feed_an_error_and_a_backoff_on_the_next_pass()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        farm.Serve("/slow.rss", RssWithDescription("Slow", SlowToParse(60_000)));
        var opml = dir.WriteOpml((farm.Url("/slow.rss").AbsoluteUri, "Slow", null));
        var db = dir.File("killed.db");
        string[] overrides = [$"--Storage:Path={db}", $"--Feeds:Opml={opml}"];

        // Default Polling:ParseTimeout: the parse is still running when the process is killed.
        var first = FeedaggProcess.StartLongRunning(dir.Path, ["poll", "--all", .. overrides]);
        long marked = 0;
        await ServiceHost.WaitUntilAsync(async () =>
        {
            if (!File.Exists(db)) return false;
            try
            {
                await using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
                marked = await c.ExecuteScalarAsync<long?>("SELECT refresh_started_at FROM feeds WHERE url LIKE '%/slow.rss'") ?? 0;
                return marked > 0;
            }
            catch (SqliteException) { return false; }
        }, "the feed marked in progress");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        Assert.True(first.ExitCode != 0, "the kill came after the parse had finished");

        // The next process takes a mark older than twice its ParseTimeout as abandoned.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var second = await FeedaggProcess.RunAsync(dir.Path, ["poll", .. overrides, "--Polling:ParseTimeout=00:00:01"]);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 feeds", second.Stdout); // backed off: not due again at once

        await using var check = new SqliteConnection($"Data Source={db}");
        var feed = await check.QuerySingleAsync<(string LastError, int ErrorCount, long NextPollAt, long? RefreshStartedAt)>(
            "SELECT last_error, error_count, next_poll_at, refresh_started_at FROM feeds WHERE url LIKE '%/slow.rss'");
        Assert.Contains("processing did not finish", feed.LastError);
        Assert.Equal(1, feed.ErrorCount);
        Assert.True(feed.NextPollAt > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "the feed is backed off");
        Assert.Null(feed.RefreshStartedAt);
        SqliteConnection.ClearAllPools();
    }
}
