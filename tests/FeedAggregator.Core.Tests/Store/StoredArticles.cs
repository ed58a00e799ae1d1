using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>Subscriptions and articles written as the service writes them: a refresh stores the articles, then the
/// story stage puts them into stories.</summary>
internal static class StoredArticles
{
    public static async Task<long> AddFeedAsync(Database db, TimeProvider clock, string url)
    {
        var feeds = new FeedStore(db, clock);
        await feeds.AddAsync(new FeedSubscription(url, url), FeedOrigin.Cli, default);
        return (await feeds.FindAsync(url, default))!.Id;
    }

    private static readonly FeedAggregator.Polling.BackgroundCpu SharedCpu = new(2, lowerPriority: false);

    /// <summary>A story stage with the lexical decider, as a new process would have it (an empty cache).</summary>
    public static StoryStage NewStage(Database db, TimeProvider clock, StoriesOptions? options = null)
    {
        options ??= new StoriesOptions();
        return new StoryStage(db, new LexicalStoryDecider(options), SharedCpu, Options.Create(options), clock, NullLogger<StoryStage>.Instance);
    }

    /// <summary>Stores entries as a refresh does (waiting for a story), without running the stage.</summary>
    public static Task StoreOnlyAsync(Database db, long feedId, string feedUrl, DateTimeOffset now, params ParsedEntry[] entries) =>
        db.WriteAsync(async (c, tx) =>
        {
            await ArticleStore.UpsertAsync(c, tx, feedId, feedUrl, ArticleDraft.From(entries, now), now, default);
            return 0;
        }, default);

    /// <summary>Stores entries, then runs <paramref name="stage"/> until nothing waits.</summary>
    public static async Task StoreAsync(Database db, StoryStage stage, long feedId, string feedUrl, DateTimeOffset now, params ParsedEntry[] entries)
    {
        await StoreOnlyAsync(db, feedId, feedUrl, now, entries);
        await stage.CatchUpAsync(default);
    }
}
