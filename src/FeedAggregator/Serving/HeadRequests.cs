namespace FeedAggregator.Serving;

/// <summary>HEAD on every GET path (RFC 9110 §9.3.2: the same headers as GET, no body). Minimal API routes match GET
/// only, so a HEAD request is routed as a GET and its body is thrown away here, whatever the endpoint writes.</summary>
public static class HeadRequests
{
    /// <summary>Set in HttpContext.Items on a request that came in as HEAD.</summary>
    public const string Marker = "feedagg.head";

    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await next(ctx);
            return;
        }
        ctx.Items[Marker] = true;
        ctx.Request.Method = HttpMethods.Get;
        var body = ctx.Response.Body;
        ctx.Response.Body = Stream.Null;
        try { await next(ctx); }
        finally { ctx.Response.Body = body; }
    });
}
