using Microsoft.Extensions.Configuration;

namespace FeedAggregator.Setup;

/// <summary>Where options come from, lowest priority first: embedded defaults (the options classes),
/// config/appsettings.json, FEEDAGG_Section__Key environment variables, then --Section:Key=value arguments.</summary>
public static class Configuration
{
    public const string File = "config/appsettings.json";

    public static void AddFeedAggregatorSources(this IConfigurationBuilder builder, IEnumerable<string> overrides)
    {
        builder.Sources.Clear();
        builder.SetBasePath(Directory.GetCurrentDirectory());
        builder.AddJsonFile(File, optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("FEEDAGG_");
        builder.AddCommandLine(overrides.ToArray());
    }
}
