using System.Text;
using FeedAggregator.WebSub;

namespace FeedAggregator.Core.Tests.WebSub;

public sealed class HubLinksTests
{
    private static readonly Uri Feed = new("https://news.example/feeds/all.atom");

    private static readonly byte[] Document = Encoding.UTF8.GetBytes("""
        <feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://doc-hub.example/"/>
        <link rel="self" href="https://news.example/doc-self.atom"/><title>t</title></feed>
        """);

    [Theory]
    [InlineData("<https://hub.example/>; rel=\"hub\", <https://news.example/self.atom>; rel=\"self\"", "https://hub.example/", "https://news.example/self.atom")]
    [InlineData("</websub>; rel=hub; title=\"a; b, c\"", "https://news.example/websub", "https://news.example/doc-self.atom")]
    [InlineData("<https://hub.example/>; type=\"x\"; REL=\"self hub\"", "https://hub.example/", "https://hub.example/")]
    [InlineData("<javascript:alert(1)>; rel=\"hub\"", "https://doc-hub.example/", "https://news.example/doc-self.atom")]
    [InlineData("<https://news.example/>; rel=\"alternate\"", "https://doc-hub.example/", "https://news.example/doc-self.atom")]
    public void Link_headers_come_first_and_the_document_fills_in_what_they_leave_out(string header, string hub, string self)
    {
        var (foundHub, foundSelf) = HubLinks.Find([header], Feed, Document);
        Assert.Equal(hub, foundHub?.AbsoluteUri);
        Assert.Equal(self, foundSelf?.AbsoluteUri);
    }

    [Fact]
    public void Links_spread_over_several_headers_are_all_read()
    {
        var (hub, self) = HubLinks.Find(["<https://news.example/self.atom>; rel=\"self\"", "<https://hub.example/>; rel=\"hub\""], Feed, []);
        Assert.Equal(("https://hub.example/", "https://news.example/self.atom"), (hub?.AbsoluteUri, self?.AbsoluteUri));
    }
}
