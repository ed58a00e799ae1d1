using FeedAggregator.Parse;

namespace FeedAggregator.Rules;

/// <summary>What rules look at in one article: each field as text, rendered once and only when a rule asks for it
/// (the content's HTML-to-text is the costly one).</summary>
public sealed class ArticleFacts(
    string? title, string? summaryHtml, string? contentHtml, IEnumerable<ParsedPerson> authors, IEnumerable<string> categories,
    string? link, string feedUrl, string? feedTitle, string? feedCategory)
{
    private string? _content;

    public string FeedUrl => feedUrl;
    public string? FeedCategory => feedCategory;
    /// <summary>For notes: which article a rule had trouble with.</summary>
    public string Label => title ?? link ?? "(untitled)";

    public IEnumerable<string> Texts(RuleFields fields)
    {
        if (fields.HasFlag(RuleFields.Title) && title is not null) yield return title;
        if (fields.HasFlag(RuleFields.Content))
        {
            _content ??= string.Join("\n", new[] { summaryHtml, contentHtml == summaryHtml ? null : contentHtml }
                .Where(h => !string.IsNullOrEmpty(h)).Select(h => TextRenderer.HtmlToText(h!)));
            if (_content.Length > 0) yield return _content;
        }
        if (fields.HasFlag(RuleFields.Author))
            foreach (var a in authors)
            {
                if (!string.IsNullOrWhiteSpace(a.Name)) yield return a.Name;
                if (!string.IsNullOrWhiteSpace(a.Email)) yield return a.Email;
            }
        if (fields.HasFlag(RuleFields.Category))
            foreach (var c in categories.Where(c => !string.IsNullOrWhiteSpace(c)))
                yield return c;
        if (fields.HasFlag(RuleFields.Link) && link is not null) yield return link;
        if (fields.HasFlag(RuleFields.Outlet))
        {
            if (!string.IsNullOrWhiteSpace(feedTitle)) yield return feedTitle;
            yield return feedUrl;
        }
    }
}
