using AngleSharp.Html;

namespace FeedAggregator.Parse;

/// <summary>
/// The full HTML5 named character reference table, taken from AngleSharp (which HtmlSanitizer
/// already brings in) rather than embedded here: feeds use HTML names that XML does not declare.
/// </summary>
internal static class HtmlEntities
{
    /// <summary>The characters a name (without "&amp;" and ";") stands for, or null if it is not an HTML entity.</summary>
    public static string? Lookup(string name)
    {
        var resolver = HtmlEntityProvider.Resolver;
        var symbol = resolver.GetSymbol(name + ";");
        return string.IsNullOrEmpty(symbol) ? NullIfEmpty(resolver.GetSymbol(name)) : symbol;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
