using System.Text;

namespace FeedAggregator.Parse;

/// <summary>
/// Turns the raw bytes of a document into text: BOM, then the XML declaration, then the HTTP
/// charset, then UTF-8 (with windows-1252 for bytes that are not UTF-8). The parser always reads
/// the decoded string, so the XML reader never has to guess (and never rejects an encoding name).
/// </summary>
internal static class EncodingDetector
{
    static EncodingDetector()
    {
        // Legacy code pages (windows-125x, iso-8859-x, koi8-r, shift_jis, gb2312, big5, euc-kr...) ship with
        // the framework but are off until registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    internal readonly record struct Decoded(string Text, string? Problem);

    public static Decoded Decode(byte[] bytes, string? httpCharset)
    {
        // 1. A byte order mark is authoritative.
        if (bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8)) return DecodeWith(StrictUtf8, bytes, 3, explicitChoice: true);
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0) return DecodeWith(Encoding.UTF32, bytes, 4, true);
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF) return DecodeWith(new UTF32Encoding(true, false), bytes, 4, true);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return DecodeWith(Encoding.Unicode, bytes, 2, true);
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return DecodeWith(Encoding.BigEndianUnicode, bytes, 2, true);
        // UTF-16 without a BOM still starts with "<" and a zero byte.
        if (bytes.Length >= 4 && bytes[0] == '<' && bytes[1] == 0 && bytes[2] != 0) return DecodeWith(Encoding.Unicode, bytes, 0, true);
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == '<' && bytes[2] == 0) return DecodeWith(Encoding.BigEndianUnicode, bytes, 0, true);

        // 2. The XML declaration, 3. the HTTP charset.
        string? declared = DeclaredEncoding(bytes);
        string? problem = null;
        foreach (var name in new[] { declared, httpCharset })
        {
            if (string.IsNullOrWhiteSpace(name)) continue;
            var enc = Lookup(name);
            if (enc is null)
            {
                problem = $"unknown encoding '{name}'";
                continue;
            }
            // A document declared as UTF-16 but read here without a BOM is really in an ASCII-compatible
            // encoding (we found the declaration by reading bytes as ASCII).
            if (enc is UnicodeEncoding or UTF32Encoding) continue;
            var decoded = DecodeWith(enc.CodePage == 65001 ? StrictUtf8 : enc, bytes, 0, explicitChoice: true);
            return problem is null ? decoded : decoded with { Problem = decoded.Problem ?? problem };
        }
        // 4. UTF-8, else windows-1252 (the usual truth behind undeclared 8-bit feeds).
        var fallback = DecodeWith(StrictUtf8, bytes, 0, explicitChoice: false);
        return problem is null ? fallback : fallback with { Problem = fallback.Problem ?? problem };
    }

    private static Decoded DecodeWith(Encoding enc, byte[] bytes, int skip, bool explicitChoice)
    {
        try
        {
            return new Decoded(enc.GetString(bytes, skip, bytes.Length - skip), null);
        }
        catch (DecoderFallbackException)
        {
            // Bytes that are not UTF-8: windows-1252 maps every byte, and is what such feeds nearly always are.
            var text = Encoding.GetEncoding(1252).GetString(bytes, skip, bytes.Length - skip);
            return new Decoded(text, explicitChoice ? "document declared as UTF-8 is not valid UTF-8; read as windows-1252" : "document is not valid UTF-8; read as windows-1252");
        }
    }

    /// <summary>
    /// True when the decision above would be UTF-8 anyway (no other BOM, no other declared or HTTP
    /// charset): the XML reader can then decode the bytes itself, in chunks, without a whole-document string.
    /// </summary>
    public static bool IsPlainUtf8(byte[] bytes, string? httpCharset)
    {
        if (bytes.Length >= 2 && (bytes[0] is 0xFF or 0xFE || bytes[0] == 0 || bytes[1] == 0)) return false;
        var declared = DeclaredEncoding(bytes);
        if (declared is not null) return IsUtf8Name(declared);
        return httpCharset is null || IsUtf8Name(httpCharset);
    }

    private static bool IsUtf8Name(string name) =>
        name.Trim().Trim('"', '\'').ToLowerInvariant() is "utf-8" or "utf8";

    public static Encoding? Lookup(string name)
    {
        name = name.Trim().Trim('"', '\'');
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The encoding="" of an XML declaration read as ASCII, or null.</summary>
    private static string? DeclaredEncoding(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 512));
        int start = head.IndexOf("<?xml"u8);
        if (start < 0 || start > 64) return null;
        int end = head[start..].IndexOf("?>"u8);
        if (end < 0) return null;
        var decl = Encoding.ASCII.GetString(head.Slice(start, end));
        int at = decl.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0) return null;
        int eq = decl.IndexOf('=', at);
        if (eq < 0) return null;
        var rest = decl[(eq + 1)..].TrimStart();
        if (rest.Length == 0) return null;
        char quote = rest[0];
        if (quote is not ('"' or '\'')) return null;
        int close = rest.IndexOf(quote, 1);
        return close < 0 ? null : rest[1..close];
    }
}
