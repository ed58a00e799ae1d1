using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Parse;

/// <summary>
/// The conformance kit's notion of "equal HTML" (contractlib.canonical_html), written for C#:
/// a token list with lower-cased names, sorted attributes, decoded references, collapsed
/// whitespace, normalized href/src and style, no comments/doctype, closed elements, and one
/// attribute-less wrapping div removed.
/// </summary>
internal static partial class HtmlCanonicalizer
{
    internal static readonly HashSet<string> Void =
    [
        "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image", "img", "input",
        "isindex", "keygen", "link", "meta", "param", "source", "spacer", "track", "wbr",
    ];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Ws();

    public static List<string> Canonical(string? html)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(html)) return tokens;
        var stack = new List<string>();
        var text = new StringBuilder();

        void Flush()
        {
            if (text.Length == 0) return;
            var t = Ws().Replace(text.ToString(), " ");
            tokens.Add(t.Trim().Length > 0 ? "T:" + t : "T: ");
            text.Clear();
        }

        foreach (var tok in HtmlTokenizer.Tokenize(html))
        {
            switch (tok.Kind)
            {
                case HtmlTokenizer.Kind.Text:
                    text.Append(tok.Text);
                    break;
                case HtmlTokenizer.Kind.Start:
                    Flush();
                    tokens.Add("S:" + tok.Name + Attrs(tok.Attributes));
                    if (tok.SelfClosing)
                    {
                        if (!Void.Contains(tok.Name)) tokens.Add("E:" + tok.Name);
                    }
                    else if (!Void.Contains(tok.Name)) stack.Add(tok.Name);
                    break;
                case HtmlTokenizer.Kind.End:
                    if (Void.Contains(tok.Name) || !stack.Contains(tok.Name)) break;
                    Flush();
                    while (stack.Count > 0)
                    {
                        var top = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        tokens.Add("E:" + top);
                        if (top == tok.Name) break;
                    }
                    break;
            }
        }
        Flush();
        for (int i = stack.Count - 1; i >= 0; i--) tokens.Add("E:" + stack[i]);
        var trimmed = Trim(tokens);
        if (trimmed.Count >= 2 && trimmed[0] == "S:div" && trimmed[^1] == "E:div" && MatchingEnd(trimmed) == trimmed.Count - 1)
            trimmed = Trim(trimmed.GetRange(1, trimmed.Count - 2));
        return trimmed;
    }

    private static string Attrs(List<KeyValuePair<string, string>> attrs)
    {
        var list = new List<string>();
        foreach (var (k0, v0) in attrs)
        {
            var k = k0.ToLowerInvariant();
            var v = v0;
            if (k == "xmlns" && v.Trim() == "http://www.w3.org/1999/xhtml") continue;
            if (k == "style") v = NormStyle(v);
            if (k is "href" or "src") v = ContractValues.NormUrl(v) ?? "";
            list.Add(k + "=" + v);
        }
        list.Sort(StringComparer.Ordinal);
        return list.Count == 0 ? "" : " " + string.Join("\u0001", list);
    }

    private static string NormStyle(string value)
    {
        var decls = new List<string>();
        foreach (var d0 in value.Split(';'))
        {
            var d = d0.Trim();
            if (d.Length == 0) continue;
            int colon = d.IndexOf(':');
            if (colon >= 0) d = d[..colon].Trim().ToLowerInvariant() + ": " + Ws().Replace(d[(colon + 1)..].Trim(), " ");
            decls.Add(d);
        }
        return string.Join("; ", decls) + (decls.Count > 0 ? ";" : "");
    }

    private static List<string> Trim(List<string> toks)
    {
        var t = new List<string>(toks);
        while (t.Count > 0 && t[0].StartsWith("T:", StringComparison.Ordinal) && t[0][2..].Trim().Length == 0) t.RemoveAt(0);
        while (t.Count > 0 && t[^1].StartsWith("T:", StringComparison.Ordinal) && t[^1][2..].Trim().Length == 0) t.RemoveAt(t.Count - 1);
        if (t.Count > 0 && t[0].StartsWith("T:", StringComparison.Ordinal)) t[0] = "T:" + t[0][2..].TrimStart();
        if (t.Count > 0 && t[^1].StartsWith("T:", StringComparison.Ordinal)) t[^1] = "T:" + t[^1][2..].TrimEnd();
        return t;
    }

    private static int MatchingEnd(List<string> toks)
    {
        int depth = 0;
        for (int i = 0; i < toks.Count; i++)
        {
            var t = toks[i];
            if (t.StartsWith("S:", StringComparison.Ordinal) && !Void.Contains(TagName(t))) depth++;
            else if (t.StartsWith("E:", StringComparison.Ordinal) && --depth == 0) return i;
        }
        return -1;
    }

    private static string TagName(string token)
    {
        int sp = token.IndexOf(' ');
        return sp < 0 ? token[2..] : token[2..sp];
    }

    /// <summary>HTML character references (HTML5 names included) decoded, as Python's html.unescape.</summary>
    public static string Unescape(string s)
    {
        if (s.IndexOf('&') < 0) return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            int amp = s.IndexOf('&', i);
            if (amp < 0) { sb.Append(s, i, s.Length - i); break; }
            sb.Append(s, i, amp - i);
            int semi = s.IndexOf(';', amp);
            if (semi > amp + 1 && semi - amp < 40 && s.AsSpan(amp + 1, semi - amp - 1).IndexOfAny(" <&") < 0)
            {
                var name = s[(amp + 1)..semi];
                string? decoded = name[0] == '#' ? WebUtility.HtmlDecode("&" + name + ";") : HtmlEntities.Lookup(name);
                if (decoded is not null && decoded != "&" + name + ";")
                {
                    sb.Append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            sb.Append('&');
            i = amp + 1;
        }
        return sb.ToString();
    }
}
