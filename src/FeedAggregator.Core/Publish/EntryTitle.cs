using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;

namespace FeedAggregator.Publish;

/// <summary>The title every output shows for an article. A title-less entry (a status update, a link post) is named
/// by the start of its own text, as readers like NetNewsWire do, rather than a placeholder that tells nothing.</summary>
public static class EntryTitle
{
    private const int MaxChars = 80;

    public static string For(Article a)
    {
        if (!string.IsNullOrWhiteSpace(a.Title)) return a.Title.Trim();
        var text = TextRenderer.HtmlToText(a.Summary ?? a.Content ?? "");
        if (string.IsNullOrWhiteSpace(text)) text = TextRenderer.HtmlToText(a.Content ?? "");
        if (!string.IsNullOrWhiteSpace(text)) return SentenceCutter.Cut(text, maxSentences: 1, maxChars: MaxChars);
        // No text either: what the link or the attachment points at says more than nothing.
        if (Uri.TryCreate(a.Link, UriKind.Absolute, out var link)) return (link.Host + link.AbsolutePath).TrimEnd('/');
        if (a.Enclosures.FirstOrDefault() is { } x && Uri.TryCreate(x.Url, UriKind.Absolute, out var file))
            return Path.GetFileName(file.AbsolutePath) is { Length: > 0 } name ? name : file.Host;
        return $"Entry from {a.FeedName}";
    }
}
