using System.Text.RegularExpressions;
using FeedAggregator.Digest;
using FeedAggregator.Store;
using FeedAggregator.Tests.Digest;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FeedAggregator.Tests.Digest.StorySeeder;

namespace FeedAggregator.Tests;

/// <summary>The digest loses nothing, through the real host and a real SMTP server: sections in order of what
/// matters, what Digest:MaxItems cuts linked to that section of the web page, which lists every story and links to
/// its neighbours and the archive.</summary>
public sealed partial class DigestCompletenessTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly List<string> _titles = [];
    private string _opml = "";
    private StorySeeder _seed = null!;
    private long _world;

    public async Task InitializeAsync()
    {
        _opml = _dir.WriteOpml();
        var db = new Database(Options.Create(new StorageOptions { Path = _dir.File("feedagg.db") }), NullLogger<Database>.Instance);
        await db.MigrateAsync(default);
        _seed = new StorySeeder(db);
        // First seen two days ago: before the last scheduled time (00:00 UTC today), so the start-up catch-up sends them.
        var seen = DateTimeOffset.UtcNow.AddDays(-2);
        var created = seen.AddDays(-30);
        _world = await _seed.FeedAsync("World Wire", "World news", created);
        var agency = await _seed.FeedAsync("Agency", "World news", created);
        var tech = await _seed.FeedAsync("Tech Blog", "Tech", created);
        var sport = await _seed.FeedAsync("Sport Desk", "Sport", created);
        await Story(seen, new Source(_world, "Summit ends with a deal", "https://wire.example/summit?utm_source=rss&id=1"),
            new Source(agency, "Deal at the summit", "https://www.google.com/url?q=https%3A%2F%2Fagency.example%2Fdeal%3Futm_medium%3Demail"));
        for (var i = 0; i < 12; i++) await Story(seen.AddMinutes(i + 1), new Source(i % 2 == 0 ? _world : agency, $"World story {i}"));
        for (var i = 0; i < 3; i++) await Story(seen.AddMinutes(20 + i), new Source(tech, $"Tech story {i}"));
        for (var i = 0; i < 2; i++) await Story(seen.AddMinutes(30 + i), new Source(sport, $"Sport story {i}"));
    }

    private async Task Story(DateTimeOffset at, params Source[] sources)
    {
        await _seed.StoryAsync(at, sources);
        _titles.Add(sources[0].Title);
    }

    public async Task DisposeAsync() => _dir.Dispose();

    private Task<ServiceHost> Host(int smtpPort, params string[] extra) => ServiceHost.StartAsync(_dir, _opml,
    [
        "--Digest:TimeZone=UTC", "--Digest:Time=00:00", "--Digest:To=reader@example.org", "--Digest:From=Digest <digest@feeds.example>",
        "--Digest:MaxItems=8", "--Digest:TopStories=1",
        "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtpPort}", "--Smtp:Security=none", "--Smtp:Timeout=00:00:05",
        "--Digest:RetryTick=00:00:00.200", "--Publishing:BaseUrl=http://feeds.example", "--Publishing:Title=Morning Post", .. extra,
    ]);

    [Fact]
    public async Task Every_story_of_the_window_is_reachable_from_the_email_and_listed_on_its_web_page()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var host = await Host(sink.Port);
        await sink.WaitForAsync(1, "the digest");
        var mail = sink.Messages.Single();
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        var page = $"http://feeds.example/digests/{date}";
        var html = mail.HtmlBody!;
        var text = mail.TextBody!;

        // Sections: top stories, then categories by number of stories; the biggest is not the one lost.
        Assert.True(Ordered(html, ">TOP STORIES<", ">WORLD NEWS <", ">TECH <", ">SPORT <"), html);
        Assert.True(Ordered(text, "== TOP STORIES ==", "== WORLD NEWS (12) ==", "== TECH (3) ==", "== SPORT (2) =="), text);
        // The email links to its web copy, and each cut section to its own part of it.
        Assert.Contains($"href=\"{page}\"", html);
        Assert.Contains($"On the web: {page}", text);
        var more = MoreLinks().Matches(html).Select(m => (Count: int.Parse(m.Groups[2].Value), Url: m.Groups[1].Value)).ToList();
        Assert.Contains(more, m => m.Url == $"{page}#world-news");
        Assert.Contains($"more in World news: {page}#world-news", text);
        // Nothing lost: shown in full plus "and N more" is every story of the window.
        var shown = _titles.Count(t => html.Contains($">{t}</a>"));
        Assert.Equal(8, shown);
        Assert.Equal(_titles.Count, shown + more.Sum(m => m.Count));
        var textMore = Regex.Matches(text, @"and (\d+) more in [^:]+: http").Sum(m => int.Parse(m.Groups[1].Value));
        Assert.Equal(more.Sum(m => m.Count), textMore);
        // Clean links: the tracking parameters and the redirect wrapper are gone.
        Assert.DoesNotContain("utm_", html + text);
        Assert.Contains("https://wire.example/summit?id=1", html);
        Assert.Contains("https://agency.example/deal", html);
        Assert.DoesNotContain("google.com/url", html + text);

        // The web page lists every story, with the anchors the email links to, and the way to the archive.
        var web = await host.Http.GetStringAsync($"/digests/{date}");
        Assert.All(_titles, t => Assert.Contains($">{t}</a>", web));
        Assert.Contains("id=\"world-news\"", web);
        Assert.Contains("All 18 stories shown", web);
        Assert.Contains("<a href=\"/digests/\"", web);

        // A second digest the same day: the pages link to each other, the archive lists both.
        await _seed.StoryAsync(DateTimeOffset.UtcNow.AddSeconds(-30), new Source(_world, "Late story"));
        var second = await host.Get<DigestService>().CloseWindowAsync(DateTimeOffset.UtcNow, default);
        Assert.Equal($"{date}-2", second!.Slug);
        Assert.Contains($"rel=\"next\" href=\"/digests/{date}-2\"", await host.Http.GetStringAsync($"/digests/{date}"));
        var latest = await host.Http.GetStringAsync("/digests/latest");
        Assert.Contains($"rel=\"prev\" href=\"/digests/{date}\"", latest);
        Assert.DoesNotContain("rel=\"next\"", latest);
        var archive = await host.Http.GetStringAsync("/digests/");
        Assert.True(Ordered(archive, $"/digests/{date}-2\"", $"/digests/{date}\""), archive);
    }

    [Fact]
    public async Task Digest_Sections_given_as_one_value_puts_the_categories_it_names_first_in_its_order_in_both_parts()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var host = await Host(sink.Port, "--Digest:Sections=Sport, tech");
        await sink.WaitForAsync(1, "the digest");
        var mail = sink.Messages.Single();
        Assert.True(Ordered(mail.HtmlBody!, ">TOP STORIES<", ">SPORT <", ">TECH <", ">WORLD NEWS <"), mail.HtmlBody);
        Assert.True(Ordered(mail.TextBody!, "== TOP STORIES ==", "== SPORT (2) ==", "== TECH (3) ==", "== WORLD NEWS (12) =="), mail.TextBody);
    }

    [ClientsFact]
    public async Task The_mailed_digest_renders_in_a_browser_as_a_mail_client_shows_it()
    {
        var outDir = _dir.File("mail");
        var ready = _dir.File("smtp.port");
        var capture = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(RealClients.Dir!, "smtp-capture"))
        {
            ArgumentList = { outDir, "--port", "0", "--count", "1", "--timeout", "120", "--ready-file", ready },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        try
        {
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(File.Exists(ready)), "smtp-capture to listen");
            var port = int.Parse((await File.ReadAllTextAsync(ready)).Trim());
            await using var host = await Host(port);
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(outDir, "0001.eml"))), "the digest to arrive", 60);
            await capture.WaitForExitAsync();
            Assert.EndsWith($"smtp-capture: 1 messages saved to {outDir}", (await capture.StandardOutput.ReadToEndAsync()).TrimEnd());

            // Kept beside the test binaries, for a person to look at.
            var png = Path.Combine(AppContext.BaseDirectory, "digest-email.png");
            var shot = await RealClients.RunAsync("eml-screenshot", Path.Combine(outDir, "0001.eml"), png);
            Assert.True(shot.Verdict == $"eml-screenshot: {png} 800x1600", shot.Output);
            Assert.Contains("MIME defects (Python email parser): none", shot.Output);
            var ink = InkShare().Match(shot.Output);
            Assert.True(ink.Success && double.Parse(ink.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 5, shot.Output);
        }
        finally
        {
            if (!capture.HasExited) capture.Kill(entireProcessTree: true);
            capture.Dispose();
        }
    }

    private static bool Ordered(string text, params string[] parts)
    {
        var at = -1;
        foreach (var p in parts)
        {
            var next = text.IndexOf(p, at + 1, StringComparison.Ordinal);
            if (next < 0) return false;
            at = next;
        }
        return true;
    }

    [GeneratedRegex(@"<a href=""([^""]+)""[^>]*>and (\d+) more in ")]
    private static partial Regex MoreLinks();

    [GeneratedRegex(@"non-background pixels: ([\d.]+)%")]
    private static partial Regex InkShare();
}
