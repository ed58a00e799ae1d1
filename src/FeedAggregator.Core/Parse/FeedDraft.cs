namespace FeedAggregator.Parse;

/// <summary>A text value as found in the document, before it is rendered: whether it is HTML, and
/// the base its relative references resolve against.</summary>
internal readonly record struct RawText(string Value, bool IsHtml, Uri? Base);

/// <summary>What the format readers collect for a feed or an entry; <see cref="FeedFinisher"/> turns
/// it into the normalized model. First value wins unless a reader decides otherwise.</summary>
internal class DraftNode
{
    public RawText? Title;
    public string? Link;
    /// <summary>A link with a rel other than alternate: used only when there is no alternate link.</summary>
    public string? OtherLink;
    public string? Id;
    public DateTimeOffset? Updated;
    public DateTimeOffset? Published;
    public readonly List<ParsedPerson> Authors = [];
    /// <summary>Feed: the subtitle; entry: the summary.</summary>
    public RawText? Description;
    public RawText? ItunesSubtitle;
    public RawText? ItunesSummary;
    public RawText? Rights;
    public string? Image;
    public string? Language;
    public Uri? Base;
}

internal sealed class EntryDraft : DraftNode
{
    public RawText? MediaTitle;
    public RawText? MediaDescription;
    public RawText? Content;
    public string? Guid;
    public bool GuidIsPermaLink;
    public string? About;
    public string? OriginalLink;
    public string? Comments;
    public string? Thumbnail;
    public readonly List<string> Categories = [];
    public readonly List<ParsedEnclosure> Enclosures = [];
}

internal sealed class FeedDraft : DraftNode
{
    public FeedFormat Format;
    /// <summary>The root element was read: the document is a feed of some kind, even if it breaks later.</summary>
    public bool RootSeen;
    public string? Generator;
    public int? TtlMinutes;
    public string? UpdatePeriod;
    public int? UpdateFrequency;
    public readonly List<int> SkipHours = [];
    public readonly List<DayOfWeek> SkipDays = [];
    public readonly List<EntryDraft> Entries = [];
    /// <summary>What the size and depth limits changed, for the feed's record (see <see cref="ParsedFeed.Notes"/>).</summary>
    public readonly List<string> Notes = [];
}
