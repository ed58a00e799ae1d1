using System.Text;

namespace FeedAggregator.Dedupe;

/// <summary>
/// RFC 3986 section 6.2.2 normalization of percent-encoding: an escaped unreserved character
/// (<c>%41</c>, <c>%7E</c>) is the same as the character, and hex digits compare case-insensitively,
/// so escapes of unreserved characters are decoded and the others upper-cased. Reserved characters
/// stay escaped because decoding them (<c>%2F</c>, <c>%26</c>) would change the URL's meaning.
/// </summary>
internal static class PercentEncoding
{
    public static string Normalize(string component)
    {
        if (component.IndexOf('%') < 0) return component;
        var result = new StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c == '%' && i + 2 < component.Length && IsHex(component[i + 1]) && IsHex(component[i + 2]))
            {
                var decoded = (char)(HexValue(component[i + 1]) * 16 + HexValue(component[i + 2]));
                if (IsUnreserved(decoded)) result.Append(decoded);
                else result.Append('%').Append(char.ToUpperInvariant(component[i + 1])).Append(char.ToUpperInvariant(component[i + 2]));
                i += 2;
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
