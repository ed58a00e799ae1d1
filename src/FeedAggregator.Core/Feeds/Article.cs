using FeedAggregator.Parse;

namespace FeedAggregator.Feeds;

/// <summary>A stored entry with the feed it came from, as the publisher and the digest read it.</summary>
public sealed class Article
{
    public long Id { get; init; }
    public long FeedId { get; init; }
    public required string EntryKey { get; init; }
    public string? Guid { get; init; }
    /// <summary>The link exactly as the feed gave it.</summary>
    public string? Url { get; init; }
    /// <summary>The link every output publishes: <see cref="Url"/> unwrapped, without tracking parameters (the store
    /// always sets it; an article built by hand without it publishes its URL).</summary>
    public string? Link { get => field ?? Url; init; }
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

    /// <summary>The article's own publication date as outputs show it: published (else updated), never later than
    /// when it was first seen; an undated article sits where it was placed on arrival.</summary>
    public DateTimeOffset OwnPublished => SortAt;

    /// <summary>The article's own last-modified date: its updated (else published) date, never later than when that
    /// version was seen, nor before <see cref="OwnPublished"/>.</summary>
    public DateTimeOffset OwnUpdated
    {
        get
        {
            var stated = UpdatedAt ?? PublishedAt;
            if (stated is not { } d) return SortAt;
            if (d > ChangedAt) d = ChangedAt;
            return d < SortAt ? SortAt : d;
        }
    }

    public string FeedName => !string.IsNullOrWhiteSpace(FeedTitle) ? FeedTitle
        : Uri.TryCreate(FeedUrl, UriKind.Absolute, out var uri) ? uri.Host : FeedUrl;
}
