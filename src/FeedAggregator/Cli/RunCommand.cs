using System.CommandLine;
using FeedAggregator.Endpoints;
using FeedAggregator.Setup;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

public static class RunCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(string[] overrides)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where the HTTP server listens (default {DefaultUrls})" };
        var command = new Command("run", "The service: scheduler and HTTP server (the default verb)") { urls };
        command.SetAction(async (result, ct) =>
        {
            var app = Build(overrides, result.GetValue(urls));
            try
            {
                await app.RunAsync(ct);
            }
            catch (OptionsValidationException e)
            {
                // A bad setting: one line that names the key, and the exit code of a usage error.
                Console.Error.WriteLine($"feedagg: cannot start: {string.Join("; ", e.Failures)}");
                return 2;
            }
            return 0;
        });
        return command;
    }

    /// <summary>The whole service; tests start it exactly like this.</summary>
    public static WebApplication Build(string[] overrides, string? urls = null)
    {
        // A polling pass keeps the pool's few threads busy with parsing and SQLite calls (synchronous underneath); HTTP
        // requests queued behind them waited for the pool to inject threads (about one per half second): p99 over a
        // second while a pass ran. More threads from the start let the OS share the cores between both.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 8 * Environment.ProcessorCount), io);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddFeedAggregatorSources(overrides);
        // Before anything reads a value: a bad one stops the start with one line naming it (CommandLine prints it).
        var warnings = SettingsRules.Check(builder.Configuration);
        builder.WebHost.UseUrls(urls ?? builder.Configuration["urls"] ?? DefaultUrls);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);

        builder.Services.AddFeedAggregator(builder.Configuration);
        builder.Services.AddHttpOutputs();
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddWebSub(builder.Configuration);
        builder.Services.AddFeedAggregatorScheduler(builder.Configuration);
        builder.Services.AddFeedAggregatorHealth();
        // Under systemd: readiness and stopping reported to it, logs without colours; elsewhere nothing changes.
        builder.Host.UseSystemd();
        // A missing registration fails at start, not at the first poll.
        builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

        var app = builder.Build();
        SettingsRules.LogWarnings(app.Services, warnings);
        app.UseHttpManners();
        app.MapFeedEndpoints();
        app.MapSiteEndpoints();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        app.MapDigestEndpoints();
        app.MapWebSubEndpoints();
        return app;
    }
}
