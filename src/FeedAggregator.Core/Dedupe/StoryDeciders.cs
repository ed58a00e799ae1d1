namespace FeedAggregator.Dedupe;

/// <summary>The <see cref="IStoryDecider"/> that <see cref="StoriesOptions.Method"/> names, for the service, the CLI and
/// the benchmarks alike. Constructing one must stay cheap: a decider that needs a model loads it on first use.</summary>
public static class StoryDeciders
{
    public static IStoryDecider Create(StoriesOptions options) => options.Method.ToLowerInvariant() switch
    {
        LexicalStoryDecider.Name => new LexicalStoryDecider(options),
        SemanticStoryDecider.Name => new SemanticStoryDecider(options),
        _ => throw new ArgumentException($"{StoriesOptions.SectionName}:Method must be one of {string.Join(", ", StoriesOptions.Methods)}, was '{options.Method}'."),
    };
}
