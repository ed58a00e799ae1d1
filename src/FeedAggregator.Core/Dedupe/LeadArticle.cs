namespace FeedAggregator.Dedupe;

/// <summary>
/// Which article represents a story in the merged feed and the digest. The earliest, because it
/// broke the news, unless the earliest is short (a one-line wire flash, a title-only entry) and a
/// later one is much more complete, because readers see the lead's text.
/// </summary>
public static class LeadArticle
{
    /// <summary>Below this many characters of summary/content the earliest article counts as short.</summary>
    public const int ShortTextLength = 200;

    /// <summary>A later article replaces a short earliest one when its text is at least this many times longer.</summary>
    public const int MuchMoreCompleteFactor = 3;

    /// <summary>
    /// The lead of a story's articles. Ties in publication time go to the article that comes first
    /// in <paramref name="articles"/> (pass them in arrival order). When several later articles are
    /// much more complete, the earliest of them leads.
    /// </summary>
    public static T Choose<T>(IEnumerable<T> articles, Func<T, DateTimeOffset> publishedAt, Func<T, int> textLength)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var ordered = articles.OrderBy(publishedAt).ToList(); // OrderBy is stable: ties keep input order
        if (ordered.Count == 0) throw new ArgumentException("A story has at least one article.", nameof(articles));

        var earliest = ordered[0];
        var earliestLength = textLength(earliest);
        if (earliestLength >= ShortTextLength) return earliest;

        var enough = Math.Max(earliestLength, 1) * MuchMoreCompleteFactor;
        foreach (var later in ordered.Skip(1))
        {
            if (textLength(later) >= enough) return later;
        }
        return earliest;
    }
}
