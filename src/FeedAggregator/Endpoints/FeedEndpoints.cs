using System.Globalization;
using FeedAggregator.Publish;
using FeedAggregator.Serving;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/feed.atom, /feed.rss and /feed.json: the merged feed, newest first, one entry per story
/// (or per article with Publishing:CollapseStories=false), filtered by ?category= and ?feed=, paged with
/// ?before= cursors announced as RFC 5005 "next" links. Each page is rendered once per data version (Serving/).</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (path, (contentType, write)) in Formats)
            app.MapGet(path, (HttpContext ctx, MergedFeedOutput output) => output.WriteAsync(ctx, contentType, write));
        return app;
    }

    /// <summary>The formats by path: the endpoints serve them, and the WebSub hub renders the same bytes to push them.</summary>
    internal static readonly IReadOnlyDictionary<string, (string ContentType, Func<MergedFeedPage, byte[]> Write)> Formats =
        new Dictionary<string, (string, Func<MergedFeedPage, byte[]>)>(StringComparer.Ordinal)
        {
            ["/feed.atom"] = ("application/atom+xml; charset=utf-8", MergedFeedWriter.WriteAtom),
            ["/feed.rss"] = ("application/rss+xml; charset=utf-8", RssFeedWriter.Write),
            ["/feed.json"] = ("application/feed+json; charset=utf-8", JsonFeedWriter.Write),
        };

    public static string PublicBase(HttpContext ctx, PublishingOptions options) =>
        !string.IsNullOrWhiteSpace(options.BaseUrl)
            ? options.BaseUrl.TrimEnd('/')
            : $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}";
}

/// <summary>One page of the merged feed in one format, from the cache or rendered for the current data version.</summary>
public sealed class MergedFeedOutput(StoryStore stories, ArticleStore articles, FeedStore feeds, IOptions<PublishingOptions> options,
    PublishedVersions versions, RenderedOutputs cache)
{
    public async Task WriteAsync(HttpContext ctx, string contentType, Func<MergedFeedPage, byte[]> write)
    {
        var o = options.Value;
        var category = NullIfEmpty(ctx.Request.Query["category"]);
        var feedUrl = NullIfEmpty(ctx.Request.Query["feed"]);
        var before = ParseCursor(ctx.Request.Query["before"]);
        // A filter that matches nothing is a mistake to say, not an empty feed a reader would show as "no news".
        // (Small reads of feeds, only for filtered pages; the page itself still comes from the cache.)
        IReadOnlyList<string>? categories = null;
        if (category is not null && (categories = await feeds.CategorySpellingsAsync(category, ctx.RequestAborted)).Count == 0)
        {
            await NotFound(ctx, $"No category \"{category}\" here: categories are the OPML folders of the subscribed feeds (see /).");
            return;
        }
        string? feedName = null;
        if (feedUrl is not null)
        {
            if (await feeds.FindAsync(feedUrl, ctx.RequestAborted) is not { } feed)
            {
                await NotFound(ctx, $"No subscribed feed {feedUrl} here (see / for the feeds).");
                return;
            }
            (feedUrl, feedName) = (feed.Url, feed.DisplayName);
        }
        var baseUrl = FeedEndpoints.PublicBase(ctx, o);
        var path = ctx.Request.Path.Value ?? "";
        // The query as understood (unknown parameters dropped): one cache entry and one self link per page.
        var query = QueryString.Empty;
        if (category is not null) query = query.Add("category", category);
        if (feedUrl is not null) query = query.Add("feed", feedUrl);
        if (before is not null) query = query.Add("before", $"{before.SortAt}-{before.Id}");
        var key = string.Join('\u001f', baseUrl, path, query.Value ?? "", o.Title, o.Items.ToString(CultureInfo.InvariantCulture), o.CollapseStories.ToString());

        // WebSub discovery (§4) also in HTTP headers: the hub, and the topic a subscriber names (this feed without paging).
        var topic = QueryString.Empty;
        if (category is not null) topic = topic.Add("category", category);
        if (feedUrl is not null) topic = topic.Add("feed", feedUrl);
        ctx.Response.Headers.Append("Link", $"<{baseUrl}{WebSubEndpoints.HubPath}>; rel=\"hub\", <{baseUrl + path + topic}>; rel=\"self\"");

        var current = await versions.CurrentAsync();
        await CachedResponse.WriteAsync(ctx, cache, key, "a" + current.Version.Articles.ToString(CultureInfo.InvariantCulture),
            current.ArticlesSince, CachedResponse.FeedCacheControl,
            async () => (await RenderAsync(new Uri(baseUrl + path + query), baseUrl, path, category, categories, feedUrl, feedName, before, current.ArticlesSince, write), contentType));
    }

    /// <summary>A WebSub topic (a merged feed's first page, as its rel="self" names it) rendered as a reader gets it, with
    /// the data version it shows; null when the address is none of ours or names an unknown category or feed.</summary>
    internal async Task<(byte[] Body, string ContentType, long Version)?> RenderTopicAsync(Uri topic, CancellationToken ct)
    {
        var path = FeedEndpoints.Formats.Keys.FirstOrDefault(p => topic.AbsolutePath.EndsWith(p, StringComparison.Ordinal));
        if (path is null) return null;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(topic.Query);
        if (query.Keys.Any(k => k is not ("category" or "feed"))) return null;
        var category = NullIfEmpty(query.GetValueOrDefault("category"));
        var feedUrl = NullIfEmpty(query.GetValueOrDefault("feed"));
        IReadOnlyList<string>? categories = null;
        if (category is not null && (categories = await feeds.CategorySpellingsAsync(category, ct)).Count == 0) return null;
        string? feedName = null;
        if (feedUrl is not null)
        {
            if (await feeds.FindAsync(feedUrl, ct) is not { } feed) return null;
            (feedUrl, feedName) = (feed.Url, feed.DisplayName);
        }
        var baseUrl = topic.GetLeftPart(UriPartial.Authority) + topic.AbsolutePath[..^path.Length];
        var current = await versions.CurrentAsync();
        var (contentType, write) = FeedEndpoints.Formats[path];
        var body = await RenderAsync(topic, baseUrl, path, category, categories, feedUrl, feedName, null, current.ArticlesSince, write);
        return (body, contentType, current.Version.Articles);
    }

    private async Task<byte[]> RenderAsync(Uri self, string baseUrl, string path, string? category, IReadOnlyList<string>? categories,
        string? feedUrl, string? feedName, ArticleCursor? before,
        DateTimeOffset lastChange, Func<MergedFeedPage, byte[]> write)
    {
        var o = options.Value;
        var limit = Math.Clamp(o.Items, 1, 1000);
        var q = new ArticleQuery(limit, categories, feedUrl, before);
        IReadOnlyList<MergedEntry> entries = o.CollapseStories
            ? (await stories.LatestAsync(q, CancellationToken.None)).Select(MergedEntry.FromStory).ToList()
            : (await articles.LatestAsync(q, CancellationToken.None)).Select(MergedEntry.FromArticle).ToList();

        Uri? next = null;
        if (entries.Count == limit)
        {
            var last = entries[^1];
            var nextQuery = QueryString.Empty;
            if (category is not null) nextQuery = nextQuery.Add("category", category);
            if (feedUrl is not null) nextQuery = nextQuery.Add("feed", feedUrl);
            nextQuery = nextQuery.Add("before", $"{last.CursorSortAt}-{last.CursorId}");
            next = new Uri(baseUrl + path + nextQuery);
        }
        var title = o.Title + (categories is [var spelling, ..] ? $" — {spelling}" : "") + (feedName is not null ? $" — {feedName}" : "");
        var updated = entries.Count > 0 ? entries.Max(e => e.Updated) : lastChange;
        return write(new MergedFeedPage(title, self, new Uri(baseUrl + "/"), next, updated, entries, new Uri(baseUrl + WebSubEndpoints.HubPath)));
    }

    private static Task NotFound(HttpContext ctx, string message) =>
        Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(ctx);

    private static ArticleCursor? ParseCursor(string? value)
    {
        // The id may be negative (an article waiting for the story stage stands for its own story).
        var parts = value?.Split('-', 2);
        return parts is [var sort, var id] && long.TryParse(sort, out var s) && long.TryParse(id, out var i)
            ? new ArticleCursor(s, i) : null;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
