using FeedAggregator.Endpoints;
using FeedAggregator.Serving;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedAggregator.Setup;

/// <summary>HTTP manners for every output: rendered outputs cached per data version (Serving/), compression,
/// HEAD on every GET path.</summary>
public static class HttpSetup
{
    public static IServiceCollection AddHttpOutputs(this IServiceCollection services)
    {
        // Where there are requests to answer, polling's CPU work gives way to them.
        services.Replace(ServiceDescriptor.Singleton(_ => new Polling.BackgroundCpu(Environment.ProcessorCount, lowerPriority: true)));
        services.AddSingleton<PublishedVersions>();
        services.AddSingleton<RenderedOutputs>();
        services.AddSingleton<MergedFeedOutput>();
        services.AddSingleton<OutputPacer>();
        // The cached outputs compress once per rendering themselves (and set Content-Encoding, which this middleware
        // leaves alone); it compresses the rest: digest pages, metrics, health.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/atom+xml", "application/rss+xml", "application/feed+json", "text/x-opml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Before routing: HEAD must be routed as GET.</summary>
    public static WebApplication UseHttpManners(this WebApplication app)
    {
        app.UseHeadAsGet();
        var pacer = app.Services.GetRequiredService<OutputPacer>();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/readyz") && !path.StartsWithSegments("/metrics")
                && !await pacer.WaitTurnAsync(context.RequestAborted))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
            await next(context);
        });
        app.UseResponseCompression();
        app.UseRouting();
        return app;
    }
}
