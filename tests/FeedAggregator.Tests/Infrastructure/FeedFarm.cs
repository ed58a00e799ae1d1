using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 serving scripted feed documents, with ETag/Last-Modified
/// validation like a real publisher, and a log of every request it saw.</summary>
public sealed class FeedFarm : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new();
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public Uri BaseUrl { get; private set; } = null!;

    private FeedFarm(WebApplication app) => _app = app;

    public static async Task<FeedFarm> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var farm = new FeedFarm(builder.Build());
        farm._app.Run(async ctx =>
        {
            farm.Requests.Enqueue(new SeenRequest(ctx.Request.Path, ctx.Request.Headers.IfNoneMatch.ToString(),
                ctx.Request.Headers.IfModifiedSince.ToString(), ctx.Request.Headers.UserAgent.ToString()));
            if (farm._routes.TryGetValue(ctx.Request.Path.Value ?? "", out var handler)) await handler(ctx);
            else ctx.Response.StatusCode = 404;
        });
        await farm._app.StartAsync();
        var address = farm._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        farm.BaseUrl = new Uri(address);
        return farm;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Serves <paramref name="body"/> with a strong ETag of its content; answers 304 to a matching If-None-Match.</summary>
    public void Serve(string path, string body, string contentType = "application/xml; charset=utf-8")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"";
        _routes[path] = async ctx =>
        {
            ctx.Response.Headers.ETag = etag;
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                ctx.Response.StatusCode = 304;
                return;
            }
            ctx.Response.ContentType = contentType;
            await ctx.Response.Body.WriteAsync(bytes);
        };
    }

    public void Status(string path, int status) => _routes[path] = ctx => { ctx.Response.StatusCode = status; return Task.CompletedTask; };

    public void Handle(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    public int CountRequests(string path) => Requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record SeenRequest(string Path, string IfNoneMatch, string IfModifiedSince, string UserAgent);
