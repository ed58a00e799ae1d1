using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedAggregator.Core.Tests.Parse;

/// <summary>The conformance kit's value normalisations (contractlib.py: norm_text, norm_url,
/// parse_iso_utc), written for C# from its spec.</summary>
internal static partial class ContractValues
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Ws();

    [GeneratedRegex(@"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$")]
    private static partial Regex Iso();

    [GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial Regex Pct();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex Scheme();

    private const string Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    public static string? NormText(string? s)
    {
        if (s is null) return null;
        var t = Ws().Replace(s, " ").Trim();
        return t.Length == 0 ? null : t;
    }

    /// <summary>RFC 3986 6.2.2 syntax-based normalisation, for equality tests.</summary>
    public static string? NormUrl(string? s)
    {
        if (s is null) return null;
        s = s.Trim();
        if (s.Length == 0) return null;
        string scheme = "", rest = s;
        var m = Scheme().Match(s);
        if (m.Success)
        {
            scheme = m.Groups[1].Value.ToLowerInvariant();
            rest = s[m.Length..];
        }
        string netloc = "";
        bool hasNetloc = rest.StartsWith("//", StringComparison.Ordinal);
        if (hasNetloc)
        {
            int end = rest.IndexOfAny(['/', '?', '#'], 2);
            if (end < 0) end = rest.Length;
            netloc = rest[2..end];
            rest = rest[end..];
        }
        string fragment = "", query = "";
        int hash = rest.IndexOf('#');
        if (hash >= 0) { fragment = rest[(hash + 1)..]; rest = rest[..hash]; }
        int q = rest.IndexOf('?');
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        string path = rest;
        if (netloc.Length > 0)
        {
            int at = netloc.LastIndexOf('@');
            string userinfo = at >= 0 ? netloc[..(at + 1)] : "";
            string hostport = at >= 0 ? netloc[(at + 1)..] : netloc;
            if (!hostport.Contains('['))
            {
                int colon = hostport.IndexOf(':');
                string host = colon >= 0 ? hostport[..colon] : hostport;
                string port = colon >= 0 ? hostport[(colon + 1)..] : "";
                if ((scheme, port) is ("http", "80") or ("https", "443")) port = "";
                hostport = host.ToLowerInvariant() + (port.Length > 0 ? ":" + port : "");
            }
            netloc = userinfo + hostport;
        }
        if (path.Length == 0 && netloc.Length > 0 && scheme is "http" or "https") path = "/";
        var sb = new StringBuilder();
        if (scheme.Length > 0) sb.Append(scheme).Append(':');
        if (netloc.Length > 0 || (hasNetloc && scheme.Length > 0)) sb.Append("//").Append(netloc);
        sb.Append(Fix(path));
        if (query.Length > 0) sb.Append('?').Append(Fix(query));
        if (fragment.Length > 0) sb.Append('#').Append(Fix(fragment));
        return sb.ToString();
    }

    private static string Fix(string part)
    {
        var sb = new StringBuilder();
        Span<byte> buf = stackalloc byte[4];
        foreach (var rune in part.EnumerateRunes())
        {
            if (rune.Value is >= 33 and < 127) sb.Append((char)rune.Value);
            else
            {
                int n = rune.EncodeToUtf8(buf);
                for (int i = 0; i < n; i++) sb.Append('%').Append(buf[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return Pct().Replace(sb.ToString(), m =>
        {
            char c = (char)Convert.ToInt32(m.Value[1..], 16);
            return Unreserved.Contains(c) ? c.ToString() : m.Value.ToUpperInvariant();
        });
    }

    /// <summary>An ISO 8601 date-time as a UTC instant to the second; no offset means UTC; else null.</summary>
    public static DateTime? ParseIsoUtc(string? s)
    {
        if (s is null) return null;
        var m = Iso().Match(s);
        if (!m.Success) return null;
        int G(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        DateTime dt;
        try
        {
            dt = new DateTime(G(1), G(2), G(3), G(4), G(5), m.Groups[6].Success ? G(6) : 0, DateTimeKind.Utc);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        var tz = m.Groups[7].Value;
        if (tz.Length > 0 && tz[0] is '+' or '-')
        {
            var digits = tz[1..].Replace(":", "");
            var off = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), int.Parse(digits[2..], CultureInfo.InvariantCulture), 0);
            dt = tz[0] == '+' ? dt - off : dt + off;
        }
        return dt;
    }
}
