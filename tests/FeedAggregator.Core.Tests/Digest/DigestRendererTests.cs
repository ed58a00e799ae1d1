using FeedAggregator.Digest;

namespace FeedAggregator.Core.Tests.Digest;

public sealed class DigestRendererTests
{
    private static readonly DigestModel Model = new(
        SiteTitle: "Morning Post", Title: "Morning Post digest — Tuesday 24 November 2026", Subject: "s", DateLabel: "Tuesday 24 November 2026",
        LocalDate: new DateOnly(2026, 11, 24), WindowStart: DateTimeOffset.UnixEpoch, WindowEnd: DateTimeOffset.Parse("2026-11-24T07:00:00Z"),
        Period: "until Tue 24 Nov 07:00 (Europe/London)", StoryCount: 4, WebUrl: "https://feeds.example/digests/2026-11-24",
        TopStories: [new DigestItem("Summit <ends> & talks", "https://a.example/1", "06:10", "Leaders agreed.", "Alpha",
            [new DigestSource("Alpha", "https://a.example/1"), new DigestSource("Beta", "https://b.example/9")])],
        Sections: [new DigestSection("Tech", "tech", [
            new DigestItem("Notes on SQLite", "https://blog.example/wal", "Mon 18:40", "WAL is great.", "Sam's Blog", [new DigestSource("Sam's Blog", "https://blog.example/wal")]),
        ], [
            new DigestItem("On B-trees", "https://blog.example/btree", "Mon 17:00", "", "Sam's Blog", []),
            new DigestItem("On pages", "https://blog.example/pages", "Mon 16:00", "", "Sam's Blog", []),
        ], "https://feeds.example/digests/2026-11-24#tech")],
        Shown: 2,
        Health: new DigestHealth(["Flaky (HTTP 500)"], ["Quiet"]));

    [Fact]
    public void Html_is_an_email_page_with_inline_styles_a_600px_column_and_escaped_text()
    {
        var html = new DigestRenderer().Render(Model).Html;
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("width=\"600\"", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<ends>", html);
        Assert.Contains("Summit &lt;ends&gt; &amp; talks", html);
        Assert.Contains("href=\"https://b.example/9\"", html);
        Assert.Contains(">Beta</a>", html);
        Assert.Contains("<a href=\"https://feeds.example/digests/2026-11-24#tech\" style=\"color:#2b6cb0;font-weight:bold;\">and 2 more in Tech →</a>", html);
        Assert.Contains("<h2 id=\"tech\"", html);
        Assert.Contains("Flaky (HTTP 500)", html);
        Assert.Contains("Silent for a week:</strong> Quiet", html);
        Assert.Contains("View in browser", html);
    }

    [Fact]
    public void Text_is_readable_with_sections_sources_and_links()
    {
        var text = new DigestRenderer().Render(Model).Text;
        Assert.StartsWith("Morning Post digest — Tuesday 24 November 2026\n4 new stories until Tue 24 Nov 07:00 (Europe/London)\n", text);
        Assert.Contains("== TOP STORIES ==\n\n* Summit <ends> & talks\n  06:10 · 2 sources: Alpha, Beta\n  Leaders agreed.\n  Alpha: https://a.example/1\n  Beta: https://b.example/9\n", text);
        Assert.Contains("== TECH (3) ==\n\n* Notes on SQLite\n  Sam's Blog · Mon 18:40\n  WAL is great.\n  https://blog.example/wal\n", text);
        Assert.Contains("and 2 more in Tech: https://feeds.example/digests/2026-11-24#tech", text);
        Assert.Contains("Failing feeds: Flaky (HTTP 500)", text);
        Assert.DoesNotContain("\n\n\n", text);
        Assert.DoesNotContain("<", text.Replace("<ends>", ""));
    }
}
