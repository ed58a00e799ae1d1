using System.Globalization;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/feed.atom and /feed.rss: the merged feed, newest first, filtered by ?category= and ?feed=,
/// paged with ?before= cursors announced as RFC 5005 "next" links.</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed.atom", (HttpContext ctx, ArticleStore articles, IOptions<PublishingOptions> o, CancellationToken ct) =>
            Serve(ctx, articles, o.Value, "application/atom+xml; charset=utf-8", MergedFeedWriter.WriteAtom, ct));
        app.MapGet("/feed.rss", (HttpContext ctx, ArticleStore articles, IOptions<PublishingOptions> o, CancellationToken ct) =>
            Serve(ctx, articles, o.Value, "application/rss+xml; charset=utf-8", MergedFeedWriter.WriteRss, ct));
        return app;
    }

    private static async Task<IResult> Serve(HttpContext ctx, ArticleStore articles, PublishingOptions options,
        string contentType, Func<MergedFeedPage, byte[]> write, CancellationToken ct)
    {
        var category = NullIfEmpty(ctx.Request.Query["category"]);
        var feedUrl = NullIfEmpty(ctx.Request.Query["feed"]);
        var before = ParseCursor(ctx.Request.Query["before"]);

        var (count, lastChange) = await articles.VersionAsync(ct);
        var etag = EntryIdentity.Hash(ctx.Request.Path + ctx.Request.QueryString, count.ToString(CultureInfo.InvariantCulture),
            lastChange.ToString(CultureInfo.InvariantCulture), options.Title, options.Items.ToString(CultureInfo.InvariantCulture));
        var lastModified = UnixTime.FromMs(lastChange);
        if (ConditionalGet.IsNotModified(ctx, etag, lastModified))
            return Results.StatusCode(StatusCodes.Status304NotModified);

        var limit = Math.Clamp(options.Items, 1, 1000);
        var page = await articles.LatestAsync(new ArticleQuery(limit, category, feedUrl, before), ct);
        var baseUrl = PublicBase(ctx, options);
        var self = new Uri(baseUrl + ctx.Request.Path + ctx.Request.QueryString);
        Uri? next = null;
        if (page.Count == limit)
        {
            var last = page[^1];
            var query = QueryString.Empty;
            if (category is not null) query = query.Add("category", category);
            if (feedUrl is not null) query = query.Add("feed", feedUrl);
            query = query.Add("before", $"{last.SortAt.ToMs()}-{last.Id}");
            next = new Uri(baseUrl + ctx.Request.Path + query);
        }
        var title = options.Title + (category is not null ? $" — {category}" : "") + (feedUrl is not null && page.Count > 0 ? $" — {page[0].FeedName}" : "");
        var updated = page.Count > 0 ? page.Max(a => a.ChangedAt) : lastModified;
        var body = write(new MergedFeedPage(title, self, new Uri(baseUrl + "/"), next, updated, page));
        return Results.Bytes(body, contentType);
    }

    public static string PublicBase(HttpContext ctx, PublishingOptions options) =>
        !string.IsNullOrWhiteSpace(options.BaseUrl)
            ? options.BaseUrl.TrimEnd('/')
            : $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}";

    private static ArticleCursor? ParseCursor(string? value)
    {
        var parts = value?.Split('-');
        return parts is [var sort, var id] && long.TryParse(sort, out var s) && long.TryParse(id, out var i)
            ? new ArticleCursor(s, i) : null;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
