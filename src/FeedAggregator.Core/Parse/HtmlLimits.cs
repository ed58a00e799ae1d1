using System.Text;

namespace FeedAggregator.Parse;

/// <summary>
/// Bounds an HTML fragment before it reaches a DOM: HtmlSanitizer (AngleSharp) walks the tree recursively, so a
/// fragment nested deeply enough overflows the stack, which no catch block survives. This cheap scan of the tag
/// nesting comes first: tags beyond <see cref="MaxDepth"/> are dropped (their text stays, flattened into the deepest
/// kept element), and a fragment longer than <see cref="MaxChars"/> is cut at a tag boundary. The scan cannot foresee
/// every tree the HTML5 algorithm builds (misnested formatting elements nest deeper than their tags), so
/// <see cref="HtmlCleaner"/> checks the parsed tree's depth again before sanitizing. Either way the caller gets a
/// note saying what was done, and the entry is still stored.
/// </summary>
internal static class HtmlLimits
{
    /// <summary>Real articles nest a few dozen levels; AngleSharp's recursion is safe far beyond this.</summary>
    public const int MaxDepth = 128;
    /// <summary>Per fragment: bounds the sanitizer's time; the longest real articles are a fraction of it.</summary>
    public const int MaxChars = 1024 * 1024;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
        "basefont", "bgsound", "frame", "image", "isindex", "spacer", "command",
    };

    // HTML's implied end tags, so that old HTML that never closes its paragraphs, list items or cells does not count
    // as deep: a start tag of the key closes an open element of the same group, looking down the stack no further
    // than the group's scope boundary.
    private static readonly Dictionary<string, (string[] Group, string[] Boundary)> ImpliedEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        ["li"] = (["li"], ["ul", "ol", "menu"]),
        ["dt"] = (["dt", "dd"], ["dl"]),
        ["dd"] = (["dt", "dd"], ["dl"]),
        ["tr"] = (["tr"], ["table"]),
        ["td"] = (["td", "th"], ["tr", "table"]),
        ["th"] = (["td", "th"], ["tr", "table"]),
        ["thead"] = (["thead", "tbody", "tfoot"], ["table"]),
        ["tbody"] = (["thead", "tbody", "tfoot"], ["table"]),
        ["tfoot"] = (["thead", "tbody", "tfoot"], ["table"]),
        ["option"] = (["option"], ["select", "datalist"]),
        ["optgroup"] = (["optgroup", "option"], ["select"]),
        ["rb"] = (["rb", "rt", "rp"], ["ruby"]),
        ["rt"] = (["rb", "rt", "rp"], ["ruby"]),
        ["rp"] = (["rb", "rt", "rp"], ["ruby"]),
    };

    // Start tags that close an open <p> (HTML's "close a p element"), which is found up to these boundaries.
    private static readonly HashSet<string> ClosesP = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main",
        "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "li", "dd", "dt",
    };
    private static readonly string[] PBoundary = ["table", "td", "th", "caption", "object", "template", "button", "applet", "marquee"];

    // Raw text: their content is not markup, a '<' inside does not open a tag.
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    /// <summary>The fragment, flattened and cut where it exceeds the limits; <paramref name="note"/> says what was
    /// done (null when nothing was).</summary>
    public static string Bound(string html, out string? note)
    {
        note = null;
        string? cut = null;
        if (html.Length > MaxChars)
        {
            int at = html.LastIndexOf('<', MaxChars - 1);
            html = html[..(at > MaxChars / 2 ? at : MaxChars)];
            cut = $"cut at {html.Length:N0} of its characters (limit {MaxChars:N0})";
        }
        var flattened = Flatten(html, out int dropped);
        if (dropped > 0)
            note = $"nested more than {MaxDepth} elements deep: {dropped:N0} tags beyond that depth were dropped, their text kept";
        if (cut is not null) note = note is null ? cut : $"{cut}; {note}";
        return flattened;
    }

    private static string Flatten(string html, out int dropped)
    {
        dropped = 0;
        var open = new List<string>();
        StringBuilder? sb = null;
        int copiedTo = 0;
        int i = html.IndexOf('<');
        while (i >= 0 && i < html.Length)
        {
            int end = TagEnd(html, i, out bool isTag);
            if (!isTag)
            {
                // Text such as "a < b", or a comment / declaration skipped whole.
                i = end + 1 < html.Length ? html.IndexOf('<', end + 1) : -1;
                continue;
            }
            bool closing = html[i + 1] == '/';
            var name = TagName(html, closing ? i + 2 : i + 1);
            bool keep = true;
            if (name.Length == 0) { }
            else if (closing)
            {
                int match = open.FindLastIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (match >= 0) open.RemoveRange(match, open.Count - match);
                else keep = !(dropped > 0); // an end tag for a dropped start tag goes too
            }
            else if (!Void.Contains(name) && html[end - 1] != '/')
            {
                if (ImpliedEnd.TryGetValue(name, out var rule)) CloseImplied(open, rule.Group, rule.Boundary);
                if (ClosesP.Contains(name)) CloseImplied(open, ["p"], PBoundary);
                if (open.Count >= MaxDepth) keep = false;
                else open.Add(name);
                if (keep && RawText.Contains(name))
                {
                    // Skip to its end tag; its content is not markup.
                    int close = html.IndexOf("</" + name, end + 1, StringComparison.OrdinalIgnoreCase);
                    open.RemoveAt(open.Count - 1);
                    end = close < 0 ? html.Length - 1 : TagEnd(html, close, out _);
                }
            }
            if (!keep)
            {
                dropped++;
                sb ??= new StringBuilder(html.Length);
                sb.Append(html, copiedTo, i - copiedTo);
                copiedTo = end + 1;
            }
            i = end + 1 < html.Length ? html.IndexOf('<', end + 1) : -1;
        }
        if (sb is null) return html;
        sb.Append(html, copiedTo, html.Length - copiedTo);
        return sb.ToString();
    }

    private static void CloseImplied(List<string> open, string[] group, string[] boundary)
    {
        for (int k = open.Count - 1; k >= 0; k--)
        {
            if (group.Contains(open[k], StringComparer.OrdinalIgnoreCase))
            {
                open.RemoveRange(k, open.Count - k);
                return;
            }
            if (boundary.Contains(open[k], StringComparer.OrdinalIgnoreCase)) return;
        }
    }

    /// <summary>The index of the tag's closing '&gt;' (or the last character); <paramref name="isTag"/> false when the
    /// '&lt;' opens no tag (text such as "a &lt; b").</summary>
    private static int TagEnd(string html, int start, out bool isTag)
    {
        isTag = false;
        if (start + 1 >= html.Length) return start;
        char next = html[start + 1];
        if (next == '!' || next == '?')
        {
            int c = string.CompareOrdinal(html, start, "<!--", 0, 4) == 0
                ? html.IndexOf("-->", start + 4, StringComparison.Ordinal) + 2
                : html.IndexOf('>', start + 1);
            return c < start ? html.Length - 1 : c;
        }
        if (!(char.IsAsciiLetter(next) || (next == '/' && start + 2 < html.Length && char.IsAsciiLetter(html[start + 2])))) return start;
        isTag = true;
        return Math.Min(TextRenderer.QuotedTagEnd(html, start), html.Length - 1);
    }

    private static string TagName(string html, int from)
    {
        int n = from;
        while (n < html.Length && (char.IsAsciiLetterOrDigit(html[n]) || html[n] is ':' or '-' or '_')) n++;
        return html[from..n];
    }
}
