using FeedAggregator.Setup;
using FeedAggregator.Store;

namespace FeedAggregator.Cli;

/// <summary>The host for one-shot verbs: the same services and configuration as the service, without the
/// scheduler or HTTP server. Logs go to stderr so that stdout carries only the verb's output.</summary>
public static class CliHost
{
    public static async Task<IHost> StartAsync(string[] overrides, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.AddFeedAggregatorSources(overrides);
        var warnings = SettingsRules.Check(builder.Configuration);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // The console formatter and its options come from configuration (Setup/Configuration.cs: simple, one line, ISO
        // times; Logging:Console:FormatterName=json), as for the service.
        builder.Logging.AddConsole();
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // A verb prints its own summary; the service's per-feed information logs would repeat it.
        // (A rule, not SetMinimumLevel: the configured Logging:LogLevel:Default would win over that.)
        builder.Logging.AddFilter(null, LogLevel.Warning);
        // Verbs print each feed's failure themselves (poll's line per feed, feeds add's "not subscribed: …"); the
        // refresher's warning about it would say it twice. Its errors (the unexpected) still show.
        builder.Logging.AddFilter(typeof(Polling.FeedRefresher).FullName, LogLevel.Error);
        builder.Services.AddFeedAggregator(builder.Configuration);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        var host = builder.Build();
        SettingsRules.LogWarnings(host.Services, warnings);
        await host.Services.GetRequiredService<Database>().MigrateAsync(ct);
        return host;
    }
}
