namespace FeedAggregator.Dedupe;

/// <summary>The text of an article that story matching reads: the headline, then the opening of the summary.</summary>
public static class StoryText
{
    /// <summary>Headline and summary as one text for the embedding model, which reads only its first tokens anyway;
    /// the summary is cut at a word near <paramref name="maxSummaryChars"/> so that tokenizing stays cheap.</summary>
    public static string ForEmbedding(string? title, string? summary, int maxSummaryChars = 300)
    {
        title = title?.Trim() ?? "";
        summary = summary?.Trim() ?? "";
        if (summary.Length > maxSummaryChars)
        {
            var cut = summary.LastIndexOf(' ', maxSummaryChars);
            summary = summary[..(cut > 0 ? cut : maxSummaryChars)];
        }
        if (summary.Length == 0) return title;
        if (title.Length == 0) return summary;
        return title.EndsWith('.') || title.EndsWith('?') || title.EndsWith('!') ? $"{title} {summary}" : $"{title}. {summary}";
    }
}
