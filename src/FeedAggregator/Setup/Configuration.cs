using Microsoft.Extensions.Configuration;

namespace FeedAggregator.Setup;

/// <summary>Where options come from, lowest priority first: embedded defaults (the options classes, and the logging
/// defaults below), config/appsettings.json, FEEDAGG_Section__Key environment variables, then --Section:Key=value
/// arguments. Every relative path — this file's, Storage:Path, Feeds:Opml — resolves against the working directory:
/// the repository root under `dotnet run --project src/FeedAggregator` (the project sets no run directory of its
/// own), the install folder for a published `feedagg` (the systemd unit's WorkingDirectory, the image's WORKDIR).</summary>
public static class Configuration
{
    public const string File = "config/appsettings.json";

    /// <summary>What the service logs when no file says otherwise: one line per poll pass and per change, warnings
    /// from the framework (no line per HTTP request), times in UTC ISO 8601. `Logging:Console:FormatterName=json`
    /// switches to one JSON object per line with the same timestamp.</summary>
    private static readonly Dictionary<string, string?> LoggingDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Quartz"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    /// <summary>Both console formatters read Logging:Console:FormatterOptions; the simple one's timestamp ends with the
    /// space that separates it from the level, which the JSON one must not keep inside its "Timestamp" value.</summary>
    public static IServiceCollection AddLogTimestamps(this IServiceCollection services) =>
        services.PostConfigure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o => o.TimestampFormat = o.TimestampFormat?.TrimEnd());

    public static void AddFeedAggregatorSources(this IConfigurationBuilder builder, IEnumerable<string> overrides)
    {
        builder.Sources.Clear();
        builder.SetBasePath(Directory.GetCurrentDirectory());
        builder.AddInMemoryCollection(LoggingDefaults);
        builder.AddJsonFile(File, optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("FEEDAGG_");
        builder.AddCommandLine(overrides.ToArray());
    }

    /// <summary>The configuration exactly as the service and the verbs see it, for the settings check that runs
    /// before any host is built.</summary>
    public static IConfigurationRoot Build(IEnumerable<string> overrides)
    {
        var builder = new ConfigurationBuilder();
        builder.AddFeedAggregatorSources(overrides);
        return builder.Build();
    }
}
