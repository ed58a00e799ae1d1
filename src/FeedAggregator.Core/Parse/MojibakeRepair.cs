using System.Text;

namespace FeedAggregator.Parse;

/// <summary>
/// Two common encoding accidents in feed text: UTF-8 bytes that were read as Latin-1 and encoded
/// again ("â€¦" for "…"), and windows-1252 punctuation stored as C1 control characters (U+0092 for
/// a right quote). Only touches text that contains characters in U+0080..U+00FF.
/// </summary>
internal static class MojibakeRepair
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static string Fix(string s)
    {
        if (s.AsSpan().IndexOfAnyInRange('\u0080', '\u00FF') < 0) return s;
        return FixC1(FixDoubleEncoded(s));
    }

    private static string FixDoubleEncoded(string s)
    {
        // Every character must be a Latin-1 byte, and the bytes must be valid UTF-8 with a multi-byte sequence.
        foreach (char c in s)
            if (c > '\u00FF') return s;
        var bytes = Encoding.Latin1.GetBytes(s);
        try
        {
            var decoded = StrictUtf8.GetString(bytes);
            return decoded.Length < s.Length ? decoded : s;
        }
        catch (DecoderFallbackException)
        {
            return s;
        }
    }

    private static string FixC1(string s)
    {
        if (s.AsSpan().IndexOfAnyInRange('\u0080', '\u009F') < 0) return s;
        var cp1252 = Encoding.GetEncoding(1252);
        var sb = new StringBuilder(s.Length);
        Span<byte> one = stackalloc byte[1];
        foreach (char c in s)
        {
            if (c is >= '\u0080' and <= '\u009F')
            {
                one[0] = (byte)c;
                sb.Append(cp1252.GetString(one));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
