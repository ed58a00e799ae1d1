using FeedAggregator.Digest;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>The status page of the real host: failing feeds first, each feed's entries, entries of the last 7 days and
/// newest entry, the repaired-XML flag, the subscribe links and the latest digest linked.</summary>
public sealed class StatusPageTests : HostOnFarm
{
    private static readonly DateTimeOffset YearAgo = DateTimeOffset.UtcNow.AddDays(-365);

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        // Named so that alphabetical order would put the healthy feeds first.
        _farm.Serve("/old.rss", Rss("Aardvark quiet blog", "https://old.example",
            new Item("o1", "A post from last year", YearAgo), new Item("o2", "An older post", YearAgo.AddDays(-3)), new Item("o3", "The oldest post", YearAgo.AddDays(-9))));
        _farm.Serve("/repaired.rss", Rss("Bistro news", "https://bistro.example", new Item("b1", "Menu of the day REPL", DateTimeOffset.UtcNow.AddHours(-2)))
            .Replace("REPL", "&eacute;")); // an entity XML does not declare: the document is read after repair
        _farm.Status("/broken", 404);
        _host = await ServiceHost.StartAsync(_dir, _dir.WriteOpml((_farm.Url("/old.rss").AbsoluteUri, "Aardvark quiet blog", null),
            (_farm.Url("/repaired.rss").AbsoluteUri, "Bistro news", "Food"), (_farm.Url("/broken").AbsoluteUri, "Zulu broken feed", null)));
        await ServiceHost.WaitUntilAsync(async () => (await _host.Http.GetStringAsync("/metrics")).Contains("feedagg_poll_passes_total 1"), "a poll pass");
        await _host.WaitForStoriesAsync();
    }

    [Fact]
    public async Task Failing_feeds_come_first_and_each_feed_shows_its_entries_recent_entries_newest_entry_and_repair_with_the_latest_digest_linked()
    {
        var digest = await _host.Get<DigestService>().CloseWindowAsync(DateTimeOffset.UtcNow, default);
        Assert.NotNull(digest);
        var page = "";
        await ServiceHost.WaitUntilAsync(async () => (page = await _host.Http.GetStringAsync("/")).Contains($"href=\"/digests/{digest.Slug}\""),
            "the status page to link the digest");

        foreach (var link in new[] { "/feed.atom", "/feed.rss", "/feed.json", "/digest.atom", "/opml" }) Assert.Contains($"href=\"{link}\"", page);
        Assert.Contains("<b>3</b> feeds", page);
        Assert.Contains("<b>1</b> failing", page);
        Assert.Contains("<b>4</b> entries, <b>1</b> in the last 7 days", page);

        var broken = Row(page, _farm.Url("/broken").AbsoluteUri);
        var old = Row(page, _farm.Url("/old.rss").AbsoluteUri);
        var repaired = Row(page, _farm.Url("/repaired.rss").AbsoluteUri);
        Assert.True(page.IndexOf(broken, StringComparison.Ordinal) < page.IndexOf(old, StringComparison.Ordinal), "the failing feed is listed first");
        Assert.Contains("<td class=\"state\">failing", broken);
        Assert.Contains("HTTP 404", broken);

        // A quiet blog: all its entries kept, none of them from the last 7 days, its newest entry a year old.
        Assert.Contains("<td class=\"n\">3</td><td class=\"n\">0</td>", old);
        Assert.Contains($"<td class=\"t\">{YearAgo.UtcDateTime:yyyy-MM-dd HH:mm}</td>", old);
        Assert.DoesNotContain("repaired XML", old);

        Assert.Contains("<td class=\"n\">1</td><td class=\"n\">1</td>", repaired);
        Assert.Contains("repaired XML", repaired);
    }

    /// <summary>The table row of the feed at <paramref name="url"/>.</summary>
    private static string Row(string page, string url)
    {
        var at = page.IndexOf("<small>" + System.Net.WebUtility.HtmlEncode(url), StringComparison.Ordinal);
        Assert.True(at >= 0, $"no row for {url}");
        var start = page.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return page[start..(page.IndexOf("</tr>", at, StringComparison.Ordinal) + 5)];
    }
}
