using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class CanonicalUrlTests
{
    private const string Article = "https://example.com/news/story-1";

    [Theory]
    [InlineData("utm_source=rss")]
    [InlineData("utm_medium=social")]
    [InlineData("utm_campaign=spring")]
    [InlineData("UTM_Content=x")]
    [InlineData("fbclid=IwAR123")]
    [InlineData("gclid=abc")]
    [InlineData("dclid=abc")]
    [InlineData("msclkid=abc")]
    [InlineData("mc_cid=abc")]
    [InlineData("mc_eid=abc")]
    [InlineData("igshid=abc")]
    [InlineData("ref=rss")]
    [InlineData("ref_src=twsrc")]
    [InlineData("cmpid=org")]
    [InlineData("CMP=twt_gu")]
    [InlineData("ito=1728")]
    [InlineData("ns_mchannel=social")]
    [InlineData("ns_source=twitter")]
    [InlineData("ns_campaign=bbc")]
    [InlineData("ns_linkname=news")]
    [InlineData("ns_fee=0")]
    [InlineData("at_medium=RSS")]
    [InlineData("at_campaign=KARANGA")]
    [InlineData("_ga=2.1")]
    [InlineData("yclid=1")]
    [InlineData("spm=a2c4g")]
    [InlineData("share=1")]
    public void Drops_each_tracking_parameter(string parameter)
    {
        Assert.Equal(Article, CanonicalUrl.Canonicalize($"{Article}?{parameter}"));
        Assert.Equal($"{Article}?id=7", CanonicalUrl.Canonicalize($"{Article}?{parameter}&id=7"));
    }

    [Theory]
    [InlineData("HTTPS://Example.COM/news/story-1")]
    [InlineData("https://www.example.com/news/story-1")]
    [InlineData("https://example.com:443/news/story-1")]
    [InlineData("https://example.com/news/story-1#comments")]
    [InlineData("https://example.com/news/story-1?")]
    [InlineData("  https://example.com/news/story-1  ")]
    [InlineData("https://example.com/news/%73tory-1")]
    public void Normalizes_scheme_host_port_www_fragment_and_escapes(string url) =>
        Assert.Equal(Article, CanonicalUrl.Canonicalize(url));

    [Fact]
    public void Keeps_non_default_port_and_http_scheme()
    {
        Assert.Equal("http://example.com:8080/a", CanonicalUrl.Canonicalize("http://Example.com:8080/a"));
        Assert.Equal("http://example.com/a", CanonicalUrl.Canonicalize("http://example.com:80/a"));
    }

    [Fact]
    public void Sorts_remaining_query_parameters() =>
        Assert.Equal("https://example.com/p?a=1&b=2&c=3", CanonicalUrl.Canonicalize("https://example.com/p?c=3&utm_source=x&a=1&b=2"));

    [Fact]
    public void Keeps_path_case_trailing_slash_and_index_page()
    {
        Assert.Equal("https://example.com/News/Story/", CanonicalUrl.Canonicalize("https://example.com/News/Story/"));
        Assert.Equal("https://example.com/news/index.html", CanonicalUrl.Canonicalize("https://example.com/news/index.html"));
        Assert.NotEqual(CanonicalUrl.Canonicalize("https://example.com/a/"), CanonicalUrl.Canonicalize("https://example.com/a"));
    }

    [Fact]
    public void Upper_cases_escapes_of_reserved_characters() =>
        Assert.Equal("https://example.com/a%2Fb?q=x%26y", CanonicalUrl.Canonicalize("https://example.com/a%2fb?q=x%26y"));

    [Theory]
    [InlineData("not a url", "not a url")]
    [InlineData("  /relative/path ", "/relative/path")]
    [InlineData("mailto:news@example.com", "mailto:news@example.com")]
    [InlineData("https://", "https://")]
    public void Returns_invalid_input_trimmed(string input, string expected) =>
        Assert.Equal(expected, CanonicalUrl.Canonicalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryCanonicalize_gives_null_for_blank(string? input) => Assert.Null(CanonicalUrl.TryCanonicalize(input));

    [Fact]
    public void Unwrap_prefers_original_link()
    {
        var link = "http://feedproxy.google.com/~r/example/~3/abc/story-1";
        Assert.Equal(Article, CanonicalUrl.Unwrap(link, Article));
        Assert.Equal(link, CanonicalUrl.Unwrap(link, null));
        Assert.Equal(link, CanonicalUrl.Unwrap(link, "not a url"));
    }

    [Theory]
    [InlineData("https://news.google.com/articles/x?url=https%3A%2F%2Fexample.com%2Fnews%2Fstory-1&hl=en")]
    [InlineData("https://www.google.com/url?sa=t&url=https%3A%2F%2Fexample.com%2Fnews%2Fstory-1")]
    [InlineData("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fnews%2Fstory-1&h=AT0")]
    public void Unwrap_reads_the_target_of_known_redirect_wrappers(string wrapped) =>
        Assert.Equal(Article, CanonicalUrl.Unwrap(wrapped, null));

    [Fact]
    public void Unwrap_leaves_url_parameters_of_other_sites_alone()
    {
        const string link = "https://example.org/share?url=https%3A%2F%2Fexample.com%2F";
        Assert.Equal(link, CanonicalUrl.Unwrap(link, null));
    }

    [Fact]
    public void Unwrap_gives_null_only_when_both_are_blank()
    {
        Assert.Null(CanonicalUrl.Unwrap(null, " "));
        Assert.Equal(Article, CanonicalUrl.Unwrap(null, Article));
    }

    [Theory]
    [InlineData("https://www.Example.com/a/B?utm_source=rss&id=7&utm_medium=x#part", null, "https://www.Example.com/a/B?id=7#part")]
    [InlineData("https://example.com/a?z=1&a=2&fbclid=1", null, "https://example.com/a?z=1&a=2")]
    [InlineData("https://example.com/a?utm_source=rss", null, "https://example.com/a")]
    [InlineData("https://www.google.com/url?q=https%3A%2F%2Fsite.example%2Fp%3Fid%3D1%26utm_campaign%3Dx", null, "https://site.example/p?id=1")]
    [InlineData("http://feedproxy.google.com/~r/site/~3/abc/", "https://site.example/story?ref=rss", "https://site.example/story")]
    [InlineData("/relative?utm_source=x", null, "/relative?utm_source=x")]
    public void The_published_link_is_the_real_url_without_tracking_but_otherwise_as_written(string link, string? origLink, string expected) =>
        Assert.Equal(expected, CanonicalUrl.Clean(link, origLink));
}
