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

    /// <summary>The entries of one page with no two sharing a published or an updated time. Entries placed when first
    /// seen (undated, or dated in the future) by feeds polled in the same millisecond, or by one poll that holds both,
    /// would otherwise share one: the validator flags that (DuplicateUpdated) and readers cannot order them. A later
    /// entry on the page moves back a millisecond at a time, its updated never before its published.</summary>
    public static IReadOnlyList<MergedEntry> WithDistinctTimes(IReadOnlyList<MergedEntry> entries)
    {
        var (published, updated) = (new HashSet<DateTimeOffset>(), new HashSet<DateTimeOffset>());
        var result = new List<MergedEntry>(entries.Count);
        foreach (var e in entries)
        {
            var (p, u) = (e.Published, e.Updated);
            while (published.Contains(p) || updated.Contains(u))
            {
                if (updated.Contains(u)) u = u.AddMilliseconds(-1);
                if (p > u) p = u;
                else if (published.Contains(p)) p = p.AddMilliseconds(-1);
            }
            published.Add(p);
            updated.Add(u);
            result.Add(p == e.Published && u == e.Updated ? e : e with { Published = p, Updated = u });
        }
        return result;
    }

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
