namespace FeedAggregator.Publish;

/// <summary>One page of the merged feed, ready to be written in any format. <see cref="HubUrl"/>: the WebSub hub that
/// pushes this feed (advertised with rel="hub" next to rel="self").</summary>
public sealed record MergedFeedPage(
    string Title,
    Uri SelfUrl,
    Uri HomeUrl,
    Uri? NextUrl,
    DateTimeOffset Updated,
    IReadOnlyList<MergedEntry> Entries,
    Uri? HubUrl = null);
