namespace FeedAggregator.Feeds;

/// <summary>Error texts stored on a feed are bounded: a hostile document can make a message as long as it likes (a
/// page with thousands of feed links), and the text is shown on the status page, in `feeds list` and the digest.</summary>
public static class ErrorText
{
    public const int MaxChars = 1000;

    /// <summary>The text, cut at a word boundary to at most <see cref="MaxChars"/> with "… and N more characters".</summary>
    public static string Bound(string text)
    {
        if (text.Length <= MaxChars) return text;
        int cut = text.LastIndexOf(' ', MaxChars - 40);
        if (cut < MaxChars / 2) cut = MaxChars - 40;
        return $"{text[..cut]}… and {text.Length - cut:N0} more characters";
    }

    /// <summary>The first few items joined, then "and N more".</summary>
    public static string List<T>(IReadOnlyCollection<T> items, int shown = 3) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown))} and {items.Count - shown:N0} more";
}
