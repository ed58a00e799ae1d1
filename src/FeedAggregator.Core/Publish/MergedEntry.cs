using System.Text.Encodings.Web;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;

namespace FeedAggregator.Publish;

/// <summary>One entry of the merged feed: a story (its lead article, and the other sources that carried it)
/// or, with Publishing:CollapseStories=false, a single article. Its dates are its articles' own (never the poll
/// time): published is the earliest member's publication date, updated the latest of the members' own dates.</summary>
public sealed record MergedEntry(string Id, Article Lead, IReadOnlyList<Article> AlsoCoveredBy, DateTimeOffset Published,
    DateTimeOffset Updated, long CursorSortAt, long CursorId)
{
    /// <summary>Stable for the story: derived from its first article's feed and identity, never from a row id.</summary>
    public static MergedEntry FromStory(Story s)
    {
        var published = s.Articles.Min(a => a.OwnPublished);
        var updated = s.Articles.Max(a => a.OwnUpdated);
        return new("urn:feedagg:story:" + s.StoryKey, s.Lead, s.AlsoCoveredBy.Where(a => IsWebUrl(a.Link)).ToList(),
            published, updated < published ? published : updated, s.SortAt.ToMs(), s.Id);
    }

    public static MergedEntry FromArticle(Article a) =>
        new("urn:feedagg:article:" + EntryIdentity.Hash(a.FeedUrl, a.EntryKey), a, [], a.OwnPublished, a.OwnUpdated, a.SortAt.ToMs(), a.Id);

    public string Title => EntryTitle.For(Lead);

    /// <summary>The lead's summary (or content), then the other sources, as sanitized HTML.</summary>
    public string? SummaryHtml => WithSources(Lead.Summary ?? Lead.Content);

    /// <summary>The lead's full content when it has more than its summary, then the other sources.</summary>
    public string? ContentHtml => Lead.Content is { } c && c != Lead.Summary ? WithSources(c) : null;

    /// <summary>"Also covered by: A, B" with a link to each other source's article.</summary>
    public string? AlsoCoveredByHtml => AlsoCoveredBy.Count == 0 ? null
        : "<p>Also covered by: " + string.Join(", ", AlsoCoveredBy.Select(a =>
            $"<a href=\"{HtmlEncoder.Default.Encode(a.Link!)}\">{HtmlEncoder.Default.Encode(a.FeedName)}</a>")) + "</p>";

    private string? WithSources(string? html) => AlsoCoveredByHtml is { } also ? (html ?? "") + also : html;

    /// <summary>See <see cref="WebUrl"/>: the one rule for published URLs.</summary>
    internal static bool IsWebUrl(string? url) => WebUrl.OrNull(url) is not null;
}
