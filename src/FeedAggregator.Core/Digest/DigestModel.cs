namespace FeedAggregator.Digest;

// What the templates see. Plain records so that the HTML and the text template read the same facts.

public sealed record DigestModel(
    string SiteTitle,
    string Title,
    string Subject,
    string DateLabel,
    DateOnly LocalDate,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Period,
    int StoryCount,
    string? WebUrl,
    IReadOnlyList<DigestItem> TopStories,
    IReadOnlyList<DigestSection> Sections,
    int Shown,
    DigestHealth Health)
{
    /// <summary>Every story is listed in full (the web page, or an email under Digest:MaxItems).</summary>
    public bool Complete => Shown == StoryCount;
}

/// <summary>One story: its lead article's title, link and summary, and every source that carried it.</summary>
public sealed record DigestItem(string Title, string? Url, string Time, string Summary, string SourceName, IReadOnlyList<DigestSource> Sources);

public sealed record DigestSource(string Name, string? Url);

/// <summary>One category's stories, newest first. <see cref="Items"/> are shown in full; when Digest:MaxItems cut the
/// section, <see cref="Rest"/> holds the others: linked as "and N more" to <see cref="MoreUrl"/> (this section of the
/// digest's web page) when the service knows its public address, else listed by title, so nothing is ever lost.</summary>
public sealed record DigestSection(string Name, string Anchor, IReadOnlyList<DigestItem> Items, IReadOnlyList<DigestItem> Rest, string? MoreUrl)
{
    public int More => Rest.Count;
    public int Count => Items.Count + Rest.Count;
}

public sealed record DigestHealth(IReadOnlyList<string> Failing, IReadOnlyList<string> Silent)
{
    public bool Any => Failing.Count > 0 || Silent.Count > 0;
}
