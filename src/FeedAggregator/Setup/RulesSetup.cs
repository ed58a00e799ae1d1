using FeedAggregator.Rules;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Setup;

public static class RulesSetup
{
    /// <summary>Keep/block rules: the Rules section (validated at start: a bad pattern names its key), their store and use cases.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RulesOptions>().Bind(config.GetSection(RulesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RulesOptions>, RulesValidator>();
        services.AddSingleton<RuleStore>();
        services.AddSingleton<RulesService>();
        return services;
    }

    private sealed class RulesValidator : IValidateOptions<RulesOptions>
    {
        public ValidateOptionsResult Validate(string? name, RulesOptions options)
        {
            try
            {
                _ = options.ToRules();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
