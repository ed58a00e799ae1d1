namespace FeedAggregator.Feeds;

/// <summary>A subscription and its polling health, as stored in the feeds table.</summary>
public sealed class Feed
{
    public long Id { get; init; }
    public required string Url { get; init; }
    public string? Title { get; init; }
    public string? SiteUrl { get; init; }
    public string? Category { get; init; }
    public string Origin { get; init; } = FeedOrigin.Cli;
    public bool Enabled { get; init; } = true;
    public string? DisabledReason { get; init; }
    public string? Etag { get; init; }
    public string? LastModified { get; init; }
    public string? BodyHash { get; init; }
    public long CreatedAt { get; init; }
    public long? LastPolledAt { get; init; }
    public long? LastSuccessAt { get; init; }
    public long? LastErrorAt { get; init; }
    public string? LastError { get; init; }
    public int ErrorCount { get; init; }
    public long NextPollAt { get; init; }
    public long? IntervalSeconds { get; init; }
    public string? IntervalReason { get; init; }
    public int? TtlMinutes { get; init; }
    public int? UpdatePeriodMinutes { get; init; }
    /// <summary>RSS skipHours as a bit mask: bit h set means hour h (UTC) is skipped.</summary>
    public int SkipHours { get; init; }
    /// <summary>RSS skipDays as a bit mask over <see cref="DayOfWeek"/>.</summary>
    public int SkipDays { get; init; }
    public long? HistoryIntervalSeconds { get; init; }
    public int? LastStatus { get; init; }
    public long? NotFoundSince { get; init; }
    /// <summary>The URL as subscribed, when polling has since replaced <see cref="Url"/> (confirmed redirect, autodiscovery).</summary>
    public string? SubscribedUrl { get; init; }
    /// <summary>A permanent redirect target seen but not yet confirmed.</summary>
    public string? MovedTo { get; init; }
    public int MovedSeen { get; init; }
    public long? MovedSince { get; init; }
    public string? LastEvent { get; init; }
    /// <summary>Set while a fetched document is being parsed and stored (see migration 030): still set after the work
    /// should have ended means the process died on this feed.</summary>
    public long? RefreshStartedAt { get; init; }
    public long? LastEventAt { get; init; }
    /// <summary>Why the last parsed body needed repair (bozo), or null when it was well-formed.</summary>
    public string? Repaired { get; init; }
    /// <summary>Each new entry's article page is fetched and its main content published (issue 16).</summary>
    public bool FullText { get; init; }
    public int FullTextFetched { get; init; }
    public int FullTextFailed { get; init; }
    public string? FullTextError { get; init; }
    /// <summary>Entries of the last parsed document left out as empty (no title, no link, no content).</summary>
    public int SkippedEntries { get; init; }

    /// <summary>The name shown to readers: the feed's own title, else its host.</summary>
    public string DisplayName => !string.IsNullOrWhiteSpace(Title) ? Title
        : Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.Host : Url;
}

public static class FeedOrigin
{
    /// <summary>Synced from the OPML file named by Feeds:Opml; removed when it leaves that file.</summary>
    public const string Opml = "opml";
    /// <summary>Added by `feeds add` or `feeds import`; only `feeds remove` removes it.</summary>
    public const string Cli = "cli";
}
