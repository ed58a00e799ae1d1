using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>Subscriptions and articles written as the refresh writes them: articles and their stories in one transaction.</summary>
internal static class StoredArticles
{
    public static async Task<long> AddFeedAsync(Database db, TimeProvider clock, string url)
    {
        var feeds = new FeedStore(db, clock);
        await feeds.AddAsync(new FeedSubscription(url, url), FeedOrigin.Cli, default);
        return (await feeds.FindAsync(url, default))!.Id;
    }

    public static Task StoreAsync(Database db, StoryClusterer clusterer, long feedId, string feedUrl, DateTimeOffset now, params ParsedEntry[] entries) =>
        db.WriteAsync(async (c, tx) =>
        {
            await clusterer.StoreAsync(c, tx, feedId, feedUrl, ArticleDraft.From(entries, now), now, default);
            return 0;
        }, default);
}
