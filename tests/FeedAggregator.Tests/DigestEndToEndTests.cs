using System.Xml.Linq;
using FeedAggregator.Jobs;
using FeedAggregator.Store;
using FeedAggregator.Tests.Digest;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Quartz;
using static FeedAggregator.Tests.Digest.StorySeeder;

namespace FeedAggregator.Tests;

/// <summary>The digest through the real host: SQLite seeded with yesterday's stories, the scheduler's catch-up run
/// at start, MailKit sending to an in-process SMTP server on 127.0.0.1, the web pages and /digest.atom.</summary>
public sealed class DigestEndToEndTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private string _opml = "";

    public async Task InitializeAsync()
    {
        _opml = _dir.WriteOpml();
        var db = new Database(Options.Create(new StorageOptions { Path = _dir.File("feedagg.db") }), NullLogger<Database>.Instance);
        await db.MigrateAsync(default);
        // First seen two days ago: before the last scheduled time (00:00 UTC today), so the start-up catch-up sends them.
        var seen = DateTimeOffset.UtcNow.AddDays(-2);
        var seed = new StorySeeder(db);
        var wire = await seed.FeedAsync("Wire Service", "News", seen.AddDays(-30));
        var daily = await seed.FeedAsync("Daily Planet", "News", seen.AddDays(-30));
        var blog = await seed.FeedAsync("Sam's Blog", "Tech", seen.AddDays(-30));
        await seed.FeedAsync("Broken Feed", "News", seen.AddDays(-30), lastError: "HTTP 500 Internal Server Error", errorCount: 4);
        await seed.StoryAsync(seen, new Source(wire, "Harbour bridge reopens", Summary: "<p>The bridge reopened at dawn. Buses are back. Tolls rise.</p>"),
            new Source(daily, "Bridge open again"));
        await seed.StoryAsync(seen.AddHours(1), new Source(daily, "Council approves budget"));
        await seed.StoryAsync(seen.AddHours(2), new Source(blog, "Notes on SQLite WAL"));
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<SmtpSink> Sink(int? port = null)
    {
        var sink = await SmtpSink.StartAsync(port);
        _cleanup.Add(sink);
        return sink;
    }

    private Task<ServiceHost> Host(int smtpPort, string to = "reader@example.org") => ServiceHost.StartAsync(_dir, _opml,
        "--Digest:TimeZone=UTC", "--Digest:Time=00:00", $"--Digest:To={to}", "--Digest:From=Morning Digest <digest@feeds.example>",
        "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtpPort}", "--Smtp:Security=none", "--Smtp:Timeout=00:00:05",
        "--Digest:RetryTick=00:00:00.200", "--Digest:RetryBackoff=00:00:00.200", "--Publishing:BaseUrl=http://feeds.example",
        "--Publishing:Title=Morning Post ☕");

    [Fact]
    public async Task Missed_digest_is_mailed_at_start_with_both_parts_and_published_on_the_web_and_in_the_feed()
    {
        var sink = await Sink();
        await using var host = await Host(sink.Port, "reader@example.org, second@example.org");
        await sink.WaitForAsync(2, "the digest to both recipients");

        var mail = sink.Messages.Single(m => m.To.Mailboxes.Single().Address == "reader@example.org");
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
        Assert.Equal($"Morning Post ☕ digest, {DateTimeOffset.UtcNow:ddd d MMM yyyy}: 3 stories", mail.Subject);
        Assert.Contains("=?utf-8?", System.Text.Encoding.ASCII.GetString(mail.Headers.First(h => h.Id == HeaderId.Subject).RawValue),
            StringComparison.OrdinalIgnoreCase);
        Assert.Equal("multipart/alternative", mail.Body!.ContentType.MimeType);
        Assert.Equal(["text/plain", "text/html"], ((Multipart)mail.Body).Select(p => p.ContentType.MimeType));
        Assert.EndsWith("@feeds.example", mail.MessageId);
        Assert.StartsWith($"digest.{date}.", mail.MessageId);
        Assert.True(mail.Date > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.Equal($"<http://feeds.example/digests/{date}>", mail.Headers["List-Archive"]);
        foreach (var body in new[] { mail.TextBody, mail.HtmlBody })
        {
            Assert.Contains("Harbour bridge reopens", body);
            Assert.Contains("Council approves budget", body);
            Assert.Contains("Notes on SQLite WAL", body);
            Assert.Contains("Daily Planet", body); // the second source of the top story
            Assert.Contains("Broken Feed", body);  // feed health
        }
        Assert.Contains("The bridge reopened at dawn. Buses are back.", mail.TextBody!);
        Assert.DoesNotContain("Tolls rise", mail.TextBody);

        var page = await host.Http.GetAsync($"/digests/{date}");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var title in new[] { "Harbour bridge reopens", "Council approves budget", "Notes on SQLite WAL" }) Assert.Contains(title, html);
        Assert.Contains("<a href=\"/digests/\"", html);
        Assert.Contains("Harbour bridge reopens", await host.Http.GetStringAsync("/digests/latest"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.Http.GetAsync("/digests/1999-01-01")).StatusCode);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await host.Http.GetStringAsync("/digest.atom"));
        var entry = Assert.Single(feed.Root!.Elements(atom + "entry"));
        Assert.Equal(mail.Subject, entry.Element(atom + "title")!.Value);
        Assert.Equal($"http://feeds.example/digests/{date}", entry.Element(atom + "link")!.Attribute("href")!.Value);
        Assert.Contains("Notes on SQLite WAL", entry.Element(atom + "content")!.Value);
        var again = new HttpRequestMessage(HttpMethod.Get, "/digest.atom");
        again.Headers.IfNoneMatch.Add((await host.Http.GetAsync("/digest.atom")).Headers.ETag!);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, (await host.Http.SendAsync(again)).StatusCode);

        Assert.Contains("Digest: latest <a href=\"/digests/" + date, await host.Http.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_job_firing_twice_and_a_restart_send_nothing_twice()
    {
        var sink = await Sink();
        var host = await Host(sink.Port);
        await sink.WaitForAsync(1, "the first digest");
        var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(DigestJob.Key);
        await scheduler.TriggerJob(DigestJob.Key);
        await Task.Delay(1000); // several retry ticks
        await host.DisposeAsync();

        await using var again = await Host(sink.Port);
        await Task.Delay(1000);
        Assert.Single(sink.Messages);
        Assert.Single(await again.Get<DigestStore>().LatestAsync(10, default));
        Assert.Empty((await again.Get<DigestStore>().StatusAsync(default)).Unsent);
    }

    [Fact]
    public async Task A_host_stopped_mid_send_sends_the_digest_once_after_restart()
    {
        var sink = await Sink();
        var release = sink.HoldNext();
        var host = await Host(sink.Port);
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(sink.IsHolding), "the send to reach DATA");
        await host.DisposeAsync(); // stops mid-send
        release.SetResult();
        Assert.Empty(sink.Messages);

        await using var again = await Host(sink.Port);
        await sink.WaitForAsync(1, "the digest after restart");
        await Task.Delay(600);
        Assert.Single(sink.Messages);
        Assert.Single(await again.Get<DigestStore>().LatestAsync(10, default));
    }

    [Fact]
    public async Task A_refused_connection_is_shown_on_the_status_page_and_retried_until_sent()
    {
        var port = SmtpSink.FreePort(); // nothing listens there yet
        await using var host = await Host(port);
        await ServiceHost.WaitUntilAsync(async () =>
            (await host.Get<DigestStore>().StatusAsync(default)).Unsent is [{ Attempts: >= 2 }], "two failed attempts");
        var status = await host.Http.GetStringAsync("/");
        Assert.Contains("to reader@example.org not sent:", status);
        Assert.Contains("failed attempts", status);

        var sink = await Sink(port);
        await sink.WaitForAsync(1, "the digest once the server is up");
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<DigestStore>().StatusAsync(default)).Unsent.Count == 0, "the delivery marked sent");
        Assert.Contains("Harbour bridge reopens", sink.Messages.Single().TextBody);
    }
}
