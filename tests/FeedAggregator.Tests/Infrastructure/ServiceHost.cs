using FeedAggregator.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>The real `feedagg run` host (scheduler + Kestrel on 127.0.0.1) on a temp SQLite file.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public WebApplication App { get; }
    public HttpClient Http { get; }
    public Uri BaseUrl { get; }

    private ServiceHost(WebApplication app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl };
    }

    public static async Task<ServiceHost> StartAsync(TempDir dir, string opmlPath, params string[] extraOverrides)
    {
        string[] overrides =
        [
            $"--Storage:Path={dir.File("feedagg.db")}",
            $"--Feeds:Opml={opmlPath}",
            "--Polling:Tick=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
            // The feeds of the tests are served on 127.0.0.1, which the SSRF guard refuses by default.
            "--Polling:AllowPrivateNetworks=true",
            // The model-free story method unless a test chooses semantic (SemanticStoriesTests): most tests are about
            // something else, and lexical decisions on their few hand-written articles are easy to foresee.
            "--Stories:Method=lexical",
            .. extraOverrides,
        ];
        var app = RunCommand.Build(overrides, "http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, new Uri(address));
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Waits for a condition the scheduler brings about; fails with <paramref name="what"/> after a generous bound.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for: {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the service's story stage has put every stored article into a story.</summary>
    public Task WaitForStoriesAsync() =>
        WaitUntilAsync(async () => await Get<FeedAggregator.Store.ArticleStore>().WaitingCountAsync(default) == 0, "the story stage to catch up");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
