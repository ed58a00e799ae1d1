using FeedAggregator.Store;
using FeedAggregator.Tests.Digest;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FeedAggregator.Tests.Digest.StorySeeder;

namespace FeedAggregator.Tests;

/// <summary>`feedagg digest` through the real executable: a preview leaves the window open, --send closes it and
/// mails it, and a second --send finds nothing.</summary>
public sealed class DigestCliTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private SmtpSink _sink = null!;
    private string[] _overrides = [];

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        var path = _dir.File("cli.db");
        var db = new Database(Options.Create(new StorageOptions { Path = path }), NullLogger<Database>.Instance);
        await db.MigrateAsync(default);
        var seed = new StorySeeder(db);
        var feed = await seed.FeedAsync("Wire Service", "News", DateTimeOffset.UtcNow.AddDays(-10));
        await seed.StoryAsync(DateTimeOffset.UtcNow.AddHours(-3), new Source(feed, "Harbour bridge reopens"));
        await seed.StoryAsync(DateTimeOffset.UtcNow.AddHours(-2), new Source(feed, "Council approves budget"));
        _overrides = [$"--Storage:Path={path}", $"--Feeds:Opml={_dir.WriteOpml()}", "--Digest:To=reader@example.org",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={_sink.Port}", "--Smtp:Security=none", "--Digest:TimeZone=Europe/London"];
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    private Task<FeedaggProcess.Result> Run(params string[] args) => FeedaggProcess.RunAsync(_dir.Path, [.. args, .. _overrides]);

    [Fact]
    public async Task Preview_then_send_then_send_again()
    {
        var preview = await Run("digest", "--out", "preview.html");
        Assert.Equal(0, preview.ExitCode);
        Assert.Contains("preview: 2 stories", preview.Stderr);
        Assert.Contains("Council approves budget", await File.ReadAllTextAsync(_dir.File("preview.html")));
        var text = await Run("digest");
        Assert.Contains("* Harbour bridge reopens", text.Stdout);
        Assert.Empty(_sink.Messages);

        var send = await Run("digest", "--send");
        Assert.True(send.ExitCode == 0, send.Stdout + send.Stderr);
        Assert.Contains($"digest {DateTimeOffset.UtcNow:yyyy-MM}", send.Stdout);
        Assert.Contains("2 stories", send.Stdout);
        Assert.Contains("sent 1 of 1", send.Stdout);
        Assert.Contains("Harbour bridge reopens", Assert.Single(_sink.Messages).TextBody);

        var again = await Run("digest", "--send");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing new since the last digest; nothing sent", again.Stdout);
        Assert.Single(_sink.Messages);
    }
}
