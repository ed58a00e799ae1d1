using System.Text;
using System.Text.RegularExpressions;

namespace FeedAggregator.Parse;

/// <summary>
/// Keeps the safe part of a style="" attribute, verbatim: declarations of a short list of
/// presentational properties, and of background/border/margin/padding only with plain keyword,
/// colour and small length values. Anything with url(), expressions or odd characters is dropped.
/// Written as text filtering (not a CSS object model) so kept declarations stay as the author wrote them.
/// </summary>
internal static partial class CssFilter
{
    private static readonly HashSet<string> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color", "border-left-color",
        "border-right-color", "border-top-color", "clear", "color", "cursor", "direction", "display", "elevation", "float",
        "font", "font-family", "font-size", "font-style", "font-variant", "font-weight", "height", "letter-spacing",
        "line-height", "overflow", "pause", "pause-after", "pause-before", "pitch", "pitch-range", "richness", "speak",
        "speak-header", "speak-numeral", "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration",
        "text-indent", "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space", "width",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "auto", "aqua", "black", "block", "blue", "bold", "both", "bottom", "brown", "center", "collapse", "dashed", "dotted",
        "fuchsia", "gray", "green", "!important", "italic", "left", "lime", "maroon", "medium", "none", "navy", "normal",
        "nowrap", "olive", "pointer", "purple", "red", "right", "solid", "silver", "teal", "top", "transparent", "underline",
        "white", "yellow",
    };

    private static readonly string[] ShorthandPrefixes = ["background", "border", "margin", "padding"];

    [GeneratedRegex(@"url\s*\(\s*[^\s)]+?\s*\)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // Only plain characters, hyphenated words, simple quoted names and numeric parentheses.
    [GeneratedRegex(@"^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|""[\s\w]+""|\([\d,\s]+\))*$")]
    private static partial Regex Gauntlet();

    // A colour or a small length: #hex, rgb(...), 12px, 0.5em, 0.
    [GeneratedRegex(@"^(#[0-9a-fA-F]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$")]
    private static partial Regex ShorthandValue();

    public static string Filter(string style)
    {
        style = Url().Replace(style, " ");
        if (!Gauntlet().IsMatch(style)) return "";
        var sb = new StringBuilder();
        foreach (var decl in style.Split(';'))
        {
            int colon = decl.IndexOf(':');
            if (colon <= 0) continue;
            var prop = decl[..colon].Trim().ToLowerInvariant();
            var value = decl[(colon + 1)..].Trim();
            if (value.Length == 0) continue;
            if (Properties.Contains(prop) || (IsShorthand(prop) && value.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(SafeShorthandValue)))
                sb.Append(prop).Append(": ").Append(value).Append("; ");
        }
        return sb.ToString().TrimEnd();
    }

    private static bool IsShorthand(string prop)
    {
        int dash = prop.IndexOf('-');
        var head = dash < 0 ? prop : prop[..dash];
        return ShorthandPrefixes.Contains(head);
    }

    private static bool SafeShorthandValue(string v) => Keywords.Contains(v) || ShorthandValue().IsMatch(v);
}
