using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.FullText;

/// <summary>The main content of an article page: SmartReader (a port of Mozilla's Readability) drops navigation,
/// comments, ads and other boilerplate; the result is then sanitized like all feed HTML (<see cref="HtmlCleaner"/>),
/// since SmartReader keeps the page's own markup, and relative links are made absolute against the page.</summary>
public sealed class ArticleExtractor
{
    private readonly HtmlCleaner _cleaner = new();

    /// <summary>The sanitized article HTML; throws <see cref="ExtractionException"/> when the page holds no readable article.</summary>
    public string Extract(byte[] body, string? charset, Uri pageUrl)
    {
        var html = Decode(body, charset);
        var article = new SmartReader.Reader(pageUrl.AbsoluteUri, html).GetArticle();
        if (!article.IsReadable || string.IsNullOrWhiteSpace(article.Content))
            throw new ExtractionException($"no readable article found on {pageUrl}");
        var clean = _cleaner.Clean(article.Content, pageUrl);
        if (TextRenderer.HtmlToText(clean).Length == 0) throw new ExtractionException($"the article on {pageUrl} has no text");
        return clean;
    }

    private static string Decode(byte[] body, string? charset)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(charset)) return Encoding.GetEncoding(charset.Trim('"', ' ')).GetString(body);
        }
        catch (ArgumentException)
        {
            // An unknown charset name: UTF-8 below, as browsers mostly do.
        }
        return Encoding.UTF8.GetString(body);
    }
}

public sealed class ExtractionException(string message) : Exception(message);
