using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Parse;

/// <summary>The realistic sample feeds in TestFeeds/, one per format.</summary>
public sealed class FormatTests
{
    private readonly FeedParser _parser = new();

    private ParsedFeed Load(string name, string? url = null) =>
        _parser.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestFeeds", name)), url is null ? null : new Uri(url));

    [Fact]
    public void Rss20_news_feed_with_media_thumbnail()
    {
        var f = Load("news-rss20.xml");
        Assert.Equal(FeedFormat.Rss20, f.Format);
        Assert.Equal("World News - Daily Herald", f.Title);
        Assert.Equal("https://news.example.co.uk/world", f.Link);
        Assert.Equal("https://news.example.co.uk/img/logo.png", f.Image);
        Assert.Equal(15, f.TtlMinutes);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 12, 44, TimeSpan.Zero), f.Updated);
        var e = f.Entries[0];
        Assert.Equal("https://news.example.co.uk/world/article-1#0", e.Id);
        Assert.Equal("https://news.example.co.uk/world/article-1?at_medium=RSS", e.Link);
        Assert.Equal("https://img.example.co.uk/240/geneva.jpg", e.Image);
        Assert.Equal("Jane Correspondent", e.Authors[0].Name);
        Assert.Equal(["Europe"], e.Categories);
        Assert.Contains("<b>three weeks</b>", e.Summary);
        Assert.Equal("https://img.example.co.uk/976/floods.jpg", f.Entries[1].Image);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 21, 10, 0, TimeSpan.Zero), f.Entries[1].Published);
    }

    [Fact]
    public void Atom10_blog_with_xml_base_and_xhtml_content()
    {
        var f = Load("blog-atom10.xml");
        Assert.Equal(FeedFormat.Atom10, f.Format);
        Assert.Equal("Woodworking & other slow things", f.Subtitle);
        Assert.Equal("https://blog.example.org/", f.Link);
        Assert.Equal("en", f.Language);
        Assert.Equal("StaticGen", f.Generator);
        Assert.Equal("https://blog.example.org/img/logo.png", f.Image);
        Assert.Equal(new ParsedPerson("Sam Joiner", "sam@example.org", "https://blog.example.org/about"), f.Authors[0]);
        var e = f.Entries[0];
        Assert.Equal("Dovetails by hand", e.Title);
        Assert.Equal("https://blog.example.org/2025/02/dovetails", e.Link);
        Assert.Equal(new ParsedEnclosure("https://blog.example.org/media/dovetails.mp4", "video/mp4", 1048576), e.Enclosures[0]);
        Assert.Equal("Cutting dovetails with a saw &amp; chisel.", e.Summary);
        Assert.Contains("href=\"https://blog.example.org/2025/02/dovetails/photo.jpg\"", e.Content);
        Assert.DoesNotContain("<div", e.Content);
        Assert.DoesNotContain("script", e.Content);
        Assert.DoesNotContain("onclick", e.Content);
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 16, 3, 0, TimeSpan.Zero), e.Updated);
    }

    [Fact]
    public void Rss10_rdf_with_dublin_core_and_syndication_hints()
    {
        var f = Load("planet-rdf.xml");
        Assert.Equal(FeedFormat.Rss10, f.Format);
        Assert.Equal("de", f.Language);
        Assert.Equal(30, f.UpdatePeriodMinutes);
        var e = f.Entries[0];
        Assert.Equal("http://planet.example.net/a", e.Id);
        Assert.Equal("Grüße aus München", e.Title);
        Assert.Equal("Jörg Müller", e.Authors[0].Name);
        Assert.Equal(["Reisen"], e.Categories);
        Assert.Contains("href=\"http://planet.example.net/bilder\"", e.Content);
    }

    [Fact]
    public void Rss091_latin1_with_skip_hours_and_editor()
    {
        var f = Load("rss091.xml");
        Assert.Equal(FeedFormat.Rss091, f.Format);
        Assert.Equal("Café Weekly", f.Title);
        Assert.Equal(new ParsedPerson("Marie Dupont", "editor@cafe.example.com", null), f.Authors[0]);
        Assert.Equal([0, 1], f.SkipHours);
        Assert.Equal([DayOfWeek.Sunday], f.SkipDays);
        Assert.Equal("Menu d'hiver", f.Entries[0].Title);
        Assert.Equal("Soupe épicée", f.Entries[0].Summary);
    }

    [Fact]
    public void Atom03_with_escaped_and_base64_content()
    {
        var f = Load("old-atom03.xml");
        Assert.Equal(FeedFormat.Atom03, f.Format);
        Assert.Equal("Legacy Blog", f.Title);
        Assert.Equal("Since 2003", f.Subtitle);
        Assert.Equal("http://legacy.example.com/me", f.Authors[0].Uri);
        var e = f.Entries[0];
        Assert.Equal("<p>Hello <b>world</b></p>", e.Content);
        Assert.Equal(new DateTimeOffset(2004, 1, 1, 17, 0, 0, TimeSpan.Zero), e.Published);
    }

    [Fact]
    public void Json_feed_11()
    {
        var f = Load("jsonfeed11.json");
        Assert.Equal(FeedFormat.Json11, f.Format);
        Assert.Equal("Micro Notes", f.Title);
        Assert.Equal("https://micro.example.com/ada", f.Authors[0].Uri);
        var e = f.Entries[0];
        Assert.Equal("2", e.Id);
        Assert.Contains("href=\"https://micro.example.com/x\"", e.Content);
        Assert.DoesNotContain("script", e.Content);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 20, 0, 0, TimeSpan.Zero), e.Published);
        Assert.Equal(new ParsedEnclosure("https://micro.example.com/a.mp3", "audio/mpeg", 12345), e.Enclosures[0]);
        Assert.Equal("1", f.Entries[1].Id);
        Assert.Equal("Plain &lt;text&gt; &amp; more", f.Entries[1].Content);
    }

    [Fact]
    public void Podcast_with_itunes_and_enclosure()
    {
        var f = Load("podcast.xml");
        Assert.Equal("Making things, weekly", f.Subtitle);
        Assert.Equal("https://podcast.example.com/cover.jpg", f.Image);
        Assert.Equal("Tinker Media", f.Authors[0].Name);
        var e = f.Entries[0];
        Assert.Equal("Pat Host", e.Authors[0].Name);
        Assert.Equal("We talk about solder.", e.Summary);
        Assert.Equal(["Technology", "Gadgets"], e.Categories);
        Assert.Equal(new ParsedEnclosure("https://cdn.example.com/ep42.mp3", "audio/mpeg", 34216300), e.Enclosures[0]);
        Assert.Equal("https://podcast.example.com/42#comments", e.Comments);
        Assert.Equal("https://podcast.example.com/episodes/42", e.OriginalLink);
        Assert.Equal("https://podcast.example.com/42", e.Link);
        Assert.Equal(new DateTimeOffset(2025, 3, 5, 11, 0, 0, TimeSpan.Zero), e.Published);
    }

    [Fact]
    public void Json_output_is_one_line_with_every_contract_key()
    {
        var json = ParsedFeedJson.Write(Load("podcast.xml"));
        Assert.DoesNotContain('\n', json);
        foreach (var key in new[] { "format", "bozo", "title", "link", "subtitle", "language", "id", "updated", "published", "authors", "image", "generator", "rights", "entries", "summary", "content", "categories", "enclosures", "comments" })
            Assert.Contains($"\"{key}\":", json);
        Assert.Contains("\"format\":\"rss20\"", json);
        Assert.Equal("{\"error\":\"bad \\\"x\\\"\"}", ParsedFeedJson.Error("bad \"x\""));
    }
}
