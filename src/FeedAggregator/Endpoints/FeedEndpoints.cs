using System.Globalization;
using FeedAggregator.Feeds;
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
        app.MapGet("/feed.atom", (HttpContext ctx, MergedFeedOutput output) => output.WriteAsync(ctx, "application/atom+xml; charset=utf-8", MergedFeedWriter.WriteAtom));
        app.MapGet("/feed.rss", (HttpContext ctx, MergedFeedOutput output) => output.WriteAsync(ctx, "application/rss+xml; charset=utf-8", MergedFeedWriter.WriteRss));
        app.MapGet("/feed.json", (HttpContext ctx, MergedFeedOutput output) => output.WriteAsync(ctx, "application/feed+json; charset=utf-8", JsonFeedWriter.Write));
        return app;
    }

    public static string PublicBase(HttpContext ctx, PublishingOptions options) =>
        !string.IsNullOrWhiteSpace(options.BaseUrl)
            ? options.BaseUrl.TrimEnd('/')
            : $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}";
}

/// <summary>One page of the merged feed in one format, from the cache or rendered for the current data version.</summary>
public sealed class MergedFeedOutput(StoryStore stories, ArticleStore articles, IOptions<PublishingOptions> options,
    PublishedVersions versions, RenderedOutputs cache)
{
    public async Task WriteAsync(HttpContext ctx, string contentType, Func<MergedFeedPage, byte[]> write)
    {
        var o = options.Value;
        var category = NullIfEmpty(ctx.Request.Query["category"]);
        var feedUrl = NullIfEmpty(ctx.Request.Query["feed"]);
        var before = ParseCursor(ctx.Request.Query["before"]);
        var baseUrl = FeedEndpoints.PublicBase(ctx, o);
        var path = ctx.Request.Path.Value ?? "";
        // The query as understood (unknown parameters dropped): one cache entry and one self link per page.
        var query = QueryString.Empty;
        if (category is not null) query = query.Add("category", category);
        if (feedUrl is not null) query = query.Add("feed", feedUrl);
        if (before is not null) query = query.Add("before", $"{before.SortAt}-{before.Id}");
        var key = string.Join('\u001f', baseUrl, path, query.Value ?? "", o.Title, o.Items.ToString(CultureInfo.InvariantCulture), o.CollapseStories.ToString());

        var current = await versions.CurrentAsync();
        await CachedResponse.WriteAsync(ctx, cache, key, "a" + current.Version.Articles.ToString(CultureInfo.InvariantCulture),
            current.ArticlesSince, CachedResponse.FeedCacheControl,
            async () => (await RenderAsync(new Uri(baseUrl + path + query), baseUrl, path, category, feedUrl, before, current.ArticlesSince, write), contentType));
    }

    private async Task<byte[]> RenderAsync(Uri self, string baseUrl, string path, string? category, string? feedUrl, ArticleCursor? before,
        DateTimeOffset lastChange, Func<MergedFeedPage, byte[]> write)
    {
        var o = options.Value;
        var limit = Math.Clamp(o.Items, 1, 1000);
        var q = new ArticleQuery(limit, category, feedUrl, before);
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
        var title = o.Title + (category is not null ? $" — {category}" : "")
            + (feedUrl is not null && entries.Count > 0 ? $" — {entries.SelectMany(e => e.AlsoCoveredBy.Prepend(e.Lead)).FirstOrDefault(a => a.FeedUrl == feedUrl)?.FeedName}" : "");
        var updated = entries.Count > 0 ? entries.Max(e => e.Updated) : lastChange;
        return write(new MergedFeedPage(title, self, new Uri(baseUrl + "/"), next, updated, entries));
    }

    private static ArticleCursor? ParseCursor(string? value)
    {
        var parts = value?.Split('-');
        return parts is [var sort, var id] && long.TryParse(sort, out var s) && long.TryParse(id, out var i)
            ? new ArticleCursor(s, i) : null;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
