namespace FeedAggregator.Publish;

/// <summary>One page of the merged feed, ready to be written in any format.</summary>
public sealed record MergedFeedPage(
    string Title,
    Uri SelfUrl,
    Uri HomeUrl,
    Uri? NextUrl,
    DateTimeOffset Updated,
    IReadOnlyList<MergedEntry> Entries);
