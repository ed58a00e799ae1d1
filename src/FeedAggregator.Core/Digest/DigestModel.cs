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
    IReadOnlyList<DigestCategory> Categories,
    int Shown,
    DigestHealth Health);

/// <summary>One story: its lead article's title, link and summary, and every source that carried it.</summary>
public sealed record DigestItem(string Title, string? Url, string Time, string Summary, string SourceName, IReadOnlyList<DigestSource> Sources);

public sealed record DigestSource(string Name, string? Url);

public sealed record DigestCategory(string Name, IReadOnlyList<DigestFeedGroup> Feeds);

/// <summary>The stories of one feed in one category; <see cref="More"/> of them did not fit under Digest:MaxItems.</summary>
public sealed record DigestFeedGroup(string Name, string? Url, IReadOnlyList<DigestItem> Items, int More);

public sealed record DigestHealth(IReadOnlyList<string> Failing, IReadOnlyList<string> Silent)
{
    public bool Any => Failing.Count > 0 || Silent.Count > 0;
}
