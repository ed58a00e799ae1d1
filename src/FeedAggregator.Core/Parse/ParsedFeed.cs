namespace FeedAggregator.Parse;

/// <summary>
/// A feed document as the parser understood it: the normalized model of
/// shared/conformance/CONTRACT.md. Text fields are plain text; Summary/Content are
/// sanitized HTML with absolute URLs; dates are UTC; links are absolute.
/// </summary>
public sealed record ParsedFeed
{
    public required FeedFormat Format { get; init; }
    /// <summary>True when the document was not well-formed and was read by recovery.</summary>
    public bool Bozo { get; init; }
    /// <summary>Why the document was bozo (XML error with line and column), for display.</summary>
    public string? BozoReason { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Subtitle { get; init; }
    public string? Language { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public DateTimeOffset? Published { get; init; }
    public IReadOnlyList<ParsedPerson> Authors { get; init; } = [];
    public string? Image { get; init; }
    public string? Generator { get; init; }
    public string? Rights { get; init; }
    /// <summary>RSS &lt;ttl&gt; in minutes, a polling hint.</summary>
    public int? TtlMinutes { get; init; }
    /// <summary>sy:updatePeriod / sy:updateFrequency as minutes between updates, a polling hint.</summary>
    public int? UpdatePeriodMinutes { get; init; }
    /// <summary>RSS &lt;skipHours&gt;: hours (0-23, GMT) in which the feed need not be polled.</summary>
    public IReadOnlyList<int> SkipHours { get; init; } = [];
    /// <summary>RSS &lt;skipDays&gt;: days on which the feed need not be polled.</summary>
    public IReadOnlyList<DayOfWeek> SkipDays { get; init; } = [];
    public IReadOnlyList<ParsedEntry> Entries { get; init; } = [];
    /// <summary>What the bounds on hostile input changed (a fragment nested too deeply, cut for size...): the feed was
    /// still read. Not part of the contract's JSON; the refresh records it on the feed.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

public sealed record ParsedEntry
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    /// <summary>feedburner:origLink or similar: the real article URL behind a redirect wrapper.</summary>
    public string? OriginalLink { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public IReadOnlyList<ParsedPerson> Authors { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<ParsedEnclosure> Enclosures { get; init; } = [];
    public string? Comments { get; init; }
    /// <summary>A representative image (media:thumbnail, media:content image, itunes:image).</summary>
    public string? Image { get; init; }
}

public sealed record ParsedPerson(string? Name, string? Email, string? Uri);

public sealed record ParsedEnclosure(string Url, string? Type, long? Length);

/// <summary>Formats, named as in the contract's <c>format</c> field.</summary>
public enum FeedFormat
{
    Unknown, Rss090, Rss091, Rss092, Rss093, Rss094, Rss10, Rss20, Rss, Atom03, Atom10, Atom, Cdf, Json10, Json11,
}
