using System.Text.Json;
using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

/// <summary>The labeled pairs of StoryPairs.json, read as the pipeline would see the articles.</summary>
public sealed record StoryPair(string Id, string Kind, bool Same, PairArticle A, PairArticle B)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<StoryPair> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Dedupe", "StoryPairs.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<PairFile>(stream, Json)!.Pairs;
    }

    private sealed record PairFile(IReadOnlyList<StoryPair> Pairs);
}

public sealed record PairArticle(string Feed, string Url, string Title, string Summary, DateTimeOffset Published)
{
    public StoryCandidate ToCandidate(long articleId, Func<string, long> feedId) => new()
    {
        ArticleId = articleId,
        FeedId = feedId(Feed),
        CanonicalUrl = CanonicalUrl.TryCanonicalize(CanonicalUrl.Unwrap(Url, null)),
        Title = Title,
        Summary = Summary,
        PublishedAt = Published,
    };
}
