using System.Globalization;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/feed.atom, /feed.rss and /feed.json: the merged feed, newest first, one entry per story
/// (or per article with Publishing:CollapseStories=false), filtered by ?category= and ?feed=, paged with
/// ?before= cursors announced as RFC 5005 "next" links.</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed.atom", (HttpContext ctx, StoryStore stories, ArticleStore articles, FeedStore feeds, IOptions<PublishingOptions> o, CancellationToken ct) =>
            Serve(ctx, stories, articles, feeds, o.Value, "application/atom+xml; charset=utf-8", MergedFeedWriter.WriteAtom, ct));
        app.MapGet("/feed.rss", (HttpContext ctx, StoryStore stories, ArticleStore articles, FeedStore feeds, IOptions<PublishingOptions> o, CancellationToken ct) =>
            Serve(ctx, stories, articles, feeds, o.Value, "application/rss+xml; charset=utf-8", RssFeedWriter.Write, ct));
        app.MapGet("/feed.json", (HttpContext ctx, StoryStore stories, ArticleStore articles, FeedStore feeds, IOptions<PublishingOptions> o, CancellationToken ct) =>
            Serve(ctx, stories, articles, feeds, o.Value, "application/feed+json; charset=utf-8", JsonFeedWriter.Write, ct));
        return app;
    }

    private static async Task<IResult> Serve(HttpContext ctx, StoryStore stories, ArticleStore articles, FeedStore feeds, PublishingOptions options,
        string contentType, Func<MergedFeedPage, byte[]> write, CancellationToken ct)
    {
        var category = NullIfEmpty(ctx.Request.Query["category"]);
        var feedUrl = NullIfEmpty(ctx.Request.Query["feed"]);
        var before = ParseCursor(ctx.Request.Query["before"]);
        // A filter that matches nothing is a mistake to say, not an empty feed a reader would show as "no news".
        IReadOnlyList<string>? categories = null;
        if (category is not null && (categories = await feeds.CategorySpellingsAsync(category, ct)).Count == 0)
            return NotFound($"No category \"{category}\" here: categories are the OPML folders of the subscribed feeds (see /).");
        string? feedName = null;
        if (feedUrl is not null)
        {
            if (await feeds.FindAsync(feedUrl, ct) is not { } feed)
                return NotFound($"No subscribed feed {feedUrl} here (see / for the feeds).");
            (feedUrl, feedName) = (feed.Url, feed.DisplayName);
        }

        // Validators come from the data's version, so a 304 costs two small queries and no rendering.
        var (count, lastChange) = await stories.VersionAsync(ct);
        var etag = EntryIdentity.Hash(ctx.Request.Path + ctx.Request.QueryString, count.ToString(CultureInfo.InvariantCulture),
            lastChange.ToString(CultureInfo.InvariantCulture), options.Title, options.Items.ToString(CultureInfo.InvariantCulture),
            options.CollapseStories.ToString());
        var lastModified = UnixTime.FromMs(lastChange);
        if (ConditionalGet.IsNotModified(ctx, etag, lastModified))
            return Results.StatusCode(StatusCodes.Status304NotModified);

        var limit = Math.Clamp(options.Items, 1, 1000);
        var query = new ArticleQuery(limit, categories, feedUrl, before);
        IReadOnlyList<MergedEntry> entries = options.CollapseStories
            ? (await stories.LatestAsync(query, ct)).Select(MergedEntry.FromStory).ToList()
            : (await articles.LatestAsync(query, ct)).Select(MergedEntry.FromArticle).ToList();

        var baseUrl = PublicBase(ctx, options);
        var self = new Uri(baseUrl + ctx.Request.Path + ctx.Request.QueryString);
        Uri? next = null;
        if (entries.Count == limit)
        {
            var last = entries[^1];
            var nextQuery = QueryString.Empty;
            if (category is not null) nextQuery = nextQuery.Add("category", category);
            if (feedUrl is not null) nextQuery = nextQuery.Add("feed", feedUrl);
            nextQuery = nextQuery.Add("before", $"{last.CursorSortAt}-{last.CursorId}");
            next = new Uri(baseUrl + ctx.Request.Path + nextQuery);
        }
        var title = options.Title + (categories is [var spelling, ..] ? $" — {spelling}" : "") + (feedName is not null ? $" — {feedName}" : "");
        var updated = entries.Count > 0 ? entries.Max(e => e.Updated) : lastModified;
        var body = write(new MergedFeedPage(title, self, new Uri(baseUrl + "/"), next, updated, entries));
        return Results.Bytes(body, contentType);
    }

    public static string PublicBase(HttpContext ctx, PublishingOptions options) =>
        !string.IsNullOrWhiteSpace(options.BaseUrl)
            ? options.BaseUrl.TrimEnd('/')
            : $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}";

    private static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static ArticleCursor? ParseCursor(string? value)
    {
        // The id may be negative (an article waiting for the story stage stands for its own story).
        var parts = value?.Split('-', 2);
        return parts is [var sort, var id] && long.TryParse(sort, out var s) && long.TryParse(id, out var i)
            ? new ArticleCursor(s, i) : null;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
