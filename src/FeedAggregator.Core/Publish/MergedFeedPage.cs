using FeedAggregator.Feeds;

namespace FeedAggregator.Publish;

/// <summary>One page of the merged feed, ready to be written in any format.</summary>
public sealed record MergedFeedPage(
    string Title,
    Uri SelfUrl,
    Uri HomeUrl,
    Uri? NextUrl,
    DateTimeOffset Updated,
    IReadOnlyList<Article> Articles)
{
    /// <summary>A stable id for an article in our output: the same across polls and database rebuilds,
    /// because it derives from the source feed and the entry's identity inside it.</summary>
    public static string EntryId(Article a) => "urn:feedagg:article:" + Dedupe.EntryIdentity.Hash(a.FeedUrl, a.EntryKey);
}
