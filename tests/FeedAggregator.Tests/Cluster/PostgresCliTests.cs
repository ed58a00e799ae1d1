using Dapper;
using FeedAggregator.Tests.Infrastructure;
using Npgsql;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Cluster;

/// <summary>The `feedagg` verbs against PostgreSQL, through the real executable.</summary>
public sealed class PostgresCliTests
{
    [SkippableFact]
    public async Task Feeds_add_list_poll_and_stories_rebuild_work_against_PostgreSQL()
    {
        TestPostgres.SkipIfUnavailable();
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        farm.Serve("/news.rss", Rss("News", "https://news.example", new Item("n1", "First story", DateTimeOffset.UtcNow.AddHours(-1)),
            new Item("n2", "Second story", DateTimeOffset.UtcNow.AddMinutes(-30))));
        await using var db = await TestPostgres.CreateDatabaseAsync();
        string[] o = ["--Storage:Provider=postgres", $"--Storage:ConnectionString={db.ConnectionString}", $"--Feeds:Opml={dir.WriteOpml()}",
            "--Polling:AllowPrivateNetworks=true"];

        var add = await FeedaggProcess.RunAsync(dir.Path, ["feeds", "add", farm.Url("/news.rss").AbsoluteUri, .. o]);
        Assert.True(add.ExitCode == 0, add.Stderr);
        var list = await FeedaggProcess.RunAsync(dir.Path, ["feeds", "list", .. o]);
        Assert.Contains(farm.Url("/news.rss").AbsoluteUri, list.Stdout);
        var poll = await FeedaggProcess.RunAsync(dir.Path, ["poll", "--all", .. o]);
        Assert.True(poll.ExitCode == 0, poll.Stderr);
        var rebuild = await FeedaggProcess.RunAsync(dir.Path, ["stories", "rebuild", .. o]);
        Assert.True(rebuild.ExitCode == 0, rebuild.Stderr);

        await using var c = new NpgsqlConnection(db.ConnectionString);
        Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM articles WHERE story_id IS NOT NULL"));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM feeds WHERE leased_by IS NOT NULL"));
    }

    [SkippableFact]
    public async Task A_quartz_schema_that_is_not_what_the_scheduler_needs_stops_the_service_at_start_with_a_readable_error()
    {
        TestPostgres.SkipIfUnavailable();
        using var dir = new TempDir();
        await using var db = await TestPostgres.CreateDatabaseAsync();
        string[] o = ["--Storage:Provider=postgres", $"--Storage:ConnectionString={db.ConnectionString}", $"--Feeds:Opml={dir.WriteOpml()}"];
        // Any verb migrates the database, the qrtz_ tables with it; then someone's hand breaks one.
        var list = await FeedaggProcess.RunAsync(dir.Path, ["feeds", "list", .. o]);
        Assert.True(list.ExitCode == 0, list.Stderr);
        await using (var c = new NpgsqlConnection(db.ConnectionString))
            await c.ExecuteAsync("ALTER TABLE qrtz_triggers DROP COLUMN misfire_instr");

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var run = FeedaggProcess.StartLongRunning(dir.Path, output, ["run", "--urls=http://127.0.0.1:0", .. o]);
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await run.WaitForExitAsync(within.Token);
        }
        catch (OperationCanceledException)
        {
            run.Kill(entireProcessTree: true);
            Assert.Fail("the service kept running on a broken scheduler schema:\n" + string.Join("\n", output));
        }
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(output, l => l.StartsWith("error:", StringComparison.Ordinal) && l.Contains("misfire_instr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_postgres_provider_without_a_connection_string_stops_with_one_line_naming_the_key()
    {
        using var dir = new TempDir();
        var r = await FeedaggProcess.RunAsync(dir.Path, ["feeds", "list", "--Storage:Provider=postgres", $"--Feeds:Opml={dir.WriteOpml()}"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Storage:ConnectionString", r.Stderr);
    }
}
