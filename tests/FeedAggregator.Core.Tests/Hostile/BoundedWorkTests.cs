using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Hostile;

/// <summary>Point 1 of issue 12: no document can overflow the stack or keep the parser busy without bound. Each
/// parse runs on a thread with a thread-pool-sized stack (the service parses on pool threads), so a regression
/// crashes this test run, as it would crash the service.</summary>
public sealed class BoundedWorkTests
{
    private static readonly FeedParser Parser = new();

    private static ParsedFeed ParseOnSmallStack(string xml, TimeSpan? budget = null)
    {
        ParsedFeed? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                var bytes = Encoding.UTF8.GetBytes(xml);
                result = budget is { } b ? Parser.Parse(bytes, null, null, b, default) : Parser.Parse(bytes);
            }
            catch (Exception e) { error = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null) throw error;
        return result!;
    }

    internal static string Rss(string description, string title = "Deep") =>
        $"<rss version=\"2.0\"><channel><title>T</title><item><title>{title}</title><guid>deep-1</guid><description>{System.Security.SecurityElement.Escape(description)}</description></item>" +
        "<item><title>After</title><guid>after-1</guid><description>fine</description></item></channel></rss>";

    [Fact]
    public void Forty_thousand_nested_divs_are_flattened_and_the_entry_is_kept_with_a_note()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 40_000)) + "deep text" + string.Concat(Enumerable.Repeat("</div>", 40_000));
        var feed = ParseOnSmallStack(Rss(html));
        Assert.Equal(2, feed.Entries.Count);
        Assert.Contains("deep text", feed.Entries[0].Summary);
        Assert.True(CountOf(feed.Entries[0].Summary!, "<div>") <= HtmlLimits.MaxDepth);
        Assert.Contains(feed.Notes, n => n.Contains("nested more than", StringComparison.Ordinal));
    }

    [Fact]
    public void Misnested_formatting_tags_that_build_a_deep_tree_are_flattened_after_parsing()
    {
        // The HTML5 tree builder nests these deeper with every repetition although no tag stays open: only a check
        // on the parsed tree sees it.
        var html = string.Concat(Enumerable.Repeat("<div><b></div>x", 3_000));
        var feed = ParseOnSmallStack(Rss(html));
        Assert.Equal(2, feed.Entries.Count);
        Assert.Contains("xxx", feed.Entries[0].Summary);
        Assert.Contains(feed.Notes, n => n.Contains("subtrees flattened", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fragment_larger_than_the_limit_is_cut_with_a_note()
    {
        var html = string.Concat(Enumerable.Repeat("<p>para</p>", HtmlLimits.MaxChars / 10));
        var feed = ParseOnSmallStack(Rss(html));
        Assert.True(feed.Entries[0].Summary!.Length <= HtmlLimits.MaxChars);
        Assert.Contains(feed.Notes, n => n.StartsWith("cut at", StringComparison.Ordinal));
    }

    [Fact]
    public void A_title_of_a_hundred_thousand_nested_elements_renders_as_its_text()
    {
        var title = System.Security.SecurityElement.Escape(string.Concat(Enumerable.Repeat("<span>", 100_000)) + "Headline" + string.Concat(Enumerable.Repeat("</span>", 100_000)))!;
        var feed = ParseOnSmallStack(Rss("d", title));
        Assert.Equal("Headline", feed.Entries[0].Title);
    }

    [Fact]
    public void XML_structure_nested_deeper_than_the_limit_is_skipped_and_later_entries_are_read()
    {
        var deep = string.Concat(Enumerable.Repeat("<media:group>", 50_000)) + string.Concat(Enumerable.Repeat("</media:group>", 50_000));
        var xml = "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>T</title>" +
                  $"<item><title>One</title>{deep}</item><item><title>Two</title></item></channel></rss>";
        var feed = ParseOnSmallStack(xml);
        Assert.Equal(["One", "Two"], feed.Entries.Select(e => e.Title));
        Assert.Contains(feed.Notes, n => n.Contains($"nested more than {XmlFeedReader.MaxDepth}", StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_itunes_categories_do_not_recurse_without_bound()
    {
        var deep = string.Concat(Enumerable.Repeat("<itunes:category text=\"c\">", 50_000)) + string.Concat(Enumerable.Repeat("</itunes:category>", 50_000));
        var xml = "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>" +
                  $"<item><title>One</title>{deep}</item><item><title>Two</title></item></channel></rss>";
        var feed = ParseOnSmallStack(xml);
        Assert.Equal(["One", "Two"], feed.Entries.Select(e => e.Title));
    }

    [Fact]
    public void JSON_nested_beyond_the_limit_is_a_readable_parse_error()
    {
        var json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        var e = Assert.Throws<FeedParseException>(() => ParseOnSmallStack(json));
        Assert.Contains("depth", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_document_that_takes_longer_than_the_parse_budget_is_abandoned_with_an_error_naming_the_key()
    {
        var html = string.Concat(Enumerable.Repeat("<div><b></div>x", 20_000));
        var e = Assert.Throws<FeedParseException>(() => ParseOnSmallStack(Rss(html), TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Polling:ParseTimeout", e.Message);
    }

    [Fact]
    public void Ordinary_nesting_is_left_alone()
    {
        var html = "<ul>" + string.Concat(Enumerable.Range(0, 500).Select(i => $"<li><p>item {i}")) + "</ul>" +
                   string.Concat(Enumerable.Repeat("<div>", 40)) + "inner" + string.Concat(Enumerable.Repeat("</div>", 40));
        var feed = ParseOnSmallStack(Rss(html));
        Assert.Empty(feed.Notes);
        Assert.Equal(500, CountOf(feed.Entries[0].Summary!, "<li>"));
        Assert.Equal(40, CountOf(feed.Entries[0].Summary!, "<div>"));
    }

    private static int CountOf(string s, string what)
    {
        int n = 0;
        for (int i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
