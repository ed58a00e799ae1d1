using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests;

/// <summary>Every format the parser reads flows through polling, storage and the merged feed of the real host.</summary>
public sealed class AllFormatsTests
{
    [Fact]
    public async Task Feeds_of_every_format_are_polled_stored_and_published()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestFeeds")).Order().ToList();
        Assert.True(samples.Count >= 7, "the sample feeds were not copied");
        var opml = new List<(string, string, string?)>();
        foreach (var file in samples)
        {
            var path = "/" + Path.GetFileName(file);
            farm.Serve(path, File.ReadAllText(file), file.EndsWith(".json") ? "application/feed+json" : "application/xml");
            opml.Add((farm.Url(path).AbsoluteUri, Path.GetFileNameWithoutExtension(file), null));
        }
        // The samples carry dates from years ago: keep everything, whatever its age.
        await using var host = await ServiceHost.StartAsync(dir, dir.WriteOpml([.. opml]), "--Retention:Days=0");
        await ServiceHost.WaitUntilAsync(async () =>
            (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastPolledAt is not null), "every sample polled");

        var feeds = await host.Get<FeedStore>().ListAsync(default);
        Assert.All(feeds, f => Assert.True(f.LastError is null, $"{f.Url}: {f.LastError}"));
        var articles = await host.Get<ArticleStore>().LatestAsync(new ArticleQuery(1000), default);
        Assert.All(feeds, f => Assert.Contains(articles, a => a.FeedId == f.Id));
        Assert.All(articles, a => Assert.False(string.IsNullOrWhiteSpace(a.Title) && string.IsNullOrWhiteSpace(a.Summary), $"empty article from {a.FeedUrl}"));
        var stories = await host.Get<StoryStore>().LatestAsync(new ArticleQuery(1000), default);
        var atom = System.Xml.Linq.XDocument.Parse(await host.Http.GetStringAsync("/feed.atom"));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
        Assert.Equal(stories.Count, atom.Root!.Elements(ns + "entry").Count());
        var sourceTitles = atom.Descendants(ns + "source").Select(s => (string)s.Element(ns + "title")!).ToHashSet();
        var leadFeeds = stories.Select(s => s.Lead.FeedName).ToHashSet();
        Assert.True(leadFeeds.SetEquals(sourceTitles), string.Join(", ", leadFeeds) + " vs " + string.Join(", ", sourceTitles));
    }
}
