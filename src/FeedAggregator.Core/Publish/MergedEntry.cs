using System.Text.Encodings.Web;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;

namespace FeedAggregator.Publish;

/// <summary>One entry of the merged feed: a story (its lead article, and the other sources that carried it)
/// or, with Publishing:CollapseStories=false, a single article.</summary>
public sealed record MergedEntry(string Id, Article Lead, IReadOnlyList<Article> AlsoCoveredBy, DateTimeOffset Updated, long CursorSortAt, long CursorId)
{
    /// <summary>Stable for the story: derived from its first article's feed and identity, never from a row id.</summary>
    public static MergedEntry FromStory(Story s) =>
        new("urn:feedagg:story:" + s.StoryKey, s.Lead, s.AlsoCoveredBy.Where(a => IsWebUrl(a.Url)).ToList(),
            Max(s.UpdatedAt, s.Lead.ChangedAt), s.SortAt.ToMs(), s.Id);

    public static MergedEntry FromArticle(Article a) =>
        new("urn:feedagg:article:" + EntryIdentity.Hash(a.FeedUrl, a.EntryKey), a, [], a.ChangedAt, a.SortAt.ToMs(), a.Id);

    public string Title => string.IsNullOrWhiteSpace(Lead.Title) ? "(untitled)" : Lead.Title;

    /// <summary>The lead's summary (or content), then the other sources, as sanitized HTML.</summary>
    public string? SummaryHtml => WithSources(Lead.Summary ?? Lead.Content);

    /// <summary>The lead's full content when it has more than its summary, then the other sources.</summary>
    public string? ContentHtml => Lead.Content is { } c && c != Lead.Summary ? WithSources(c) : null;

    /// <summary>"Also covered by: A, B" with a link to each other source's article.</summary>
    public string? AlsoCoveredByHtml => AlsoCoveredBy.Count == 0 ? null
        : "<p>Also covered by: " + string.Join(", ", AlsoCoveredBy.Select(a =>
            $"<a href=\"{HtmlEncoder.Default.Encode(a.Url!)}\">{HtmlEncoder.Default.Encode(a.FeedName)}</a>")) + "</p>";

    private string? WithSources(string? html) => AlsoCoveredByHtml is { } also ? (html ?? "") + also : html;

    internal static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
