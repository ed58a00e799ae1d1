using FeedAggregator.Parse;

namespace FeedAggregator.Feeds;

/// <summary>A stored entry with the feed it came from, as the publisher and the digest read it.</summary>
public sealed class Article
{
    public long Id { get; init; }
    public long FeedId { get; init; }
    public required string EntryKey { get; init; }
    public string? Guid { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public IReadOnlyList<ParsedPerson> Authors { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<ParsedEnclosure> Enclosures { get; init; } = [];
    public string? Image { get; init; }
    public string? CommentsUrl { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public DateTimeOffset SortAt { get; init; }
    public long? StoryId { get; init; }

    public required string FeedUrl { get; init; }
    public string? FeedTitle { get; init; }
    public string? FeedSiteUrl { get; init; }
    public string? FeedCategory { get; init; }

    public string FeedName => !string.IsNullOrWhiteSpace(FeedTitle) ? FeedTitle
        : Uri.TryCreate(FeedUrl, UriKind.Absolute, out var uri) ? uri.Host : FeedUrl;
}
