using FeedAggregator.Rules;
using FeedAggregator.Store;

namespace FeedAggregator.Setup;

public static class RulesSetup
{
    /// <summary>Keep/block rules: their store and use cases. The Rules section is bound and checked with the other
    /// sections (SettingsRules: a bad pattern names its key).</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        services.AddSingleton<RuleStore>();
        services.AddSingleton<RulesService>();
        return services;
    }
}
