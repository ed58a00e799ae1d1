namespace FeedAggregator.Core.Tests.Parse;

/// <summary>A small HTML tokenizer behaving like Python's html.parser for the conformance comparison:
/// start/end tags with attributes, text with references decoded, comments/doctype/PIs dropped,
/// script/style content as raw text.</summary>
internal static class HtmlTokenizer
{
    public enum Kind { Text, Start, End }

    public sealed record Token(Kind Kind, string Name, string Text, List<KeyValuePair<string, string>> Attributes, bool SelfClosing);

    public static IEnumerable<Token> Tokenize(string html)
    {
        int i = 0;
        while (i < html.Length)
        {
            int lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                yield return TextToken(html[i..]);
                yield break;
            }
            if (lt > i) yield return TextToken(html[i..lt]);
            i = lt;
            if (Starts(html, i, "<!--"))
            {
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            if (i + 1 < html.Length && html[i + 1] is '!' or '?')
            {
                int end = html.IndexOf('>', i);
                if (end < 0)
                {
                    // Unterminated at the end of the input: Python's parser hands it back as text.
                    yield return new Token(Kind.Text, "", html[i..], [], false);
                    yield break;
                }
                i = end + 1;
                continue;
            }
            bool closing = i + 1 < html.Length && html[i + 1] == '/';
            int nameStart = i + (closing ? 2 : 1);
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                yield return TextToken("<");
                i++;
                continue;
            }
            int k = nameStart;
            while (k < html.Length && !char.IsWhiteSpace(html[k]) && html[k] is not ('/' or '>')) k++;
            var name = html[nameStart..k].ToLowerInvariant();
            var attrs = new List<KeyValuePair<string, string>>();
            bool selfClosing = false;
            while (k < html.Length && html[k] != '>')
            {
                char c = html[k];
                if (char.IsWhiteSpace(c)) { k++; continue; }
                if (c == '/')
                {
                    selfClosing = k + 1 < html.Length && html[k + 1] == '>';
                    k++;
                    continue;
                }
                int an = k;
                while (k < html.Length && !char.IsWhiteSpace(html[k]) && html[k] is not ('=' or '>') && !(html[k] == '/' && k + 1 < html.Length && html[k + 1] == '>')) k++;
                var attrName = html[an..k];
                while (k < html.Length && char.IsWhiteSpace(html[k])) k++;
                string value = "";
                if (k < html.Length && html[k] == '=')
                {
                    k++;
                    while (k < html.Length && char.IsWhiteSpace(html[k])) k++;
                    if (k < html.Length && html[k] is '"' or '\'')
                    {
                        char q = html[k];
                        int close = html.IndexOf(q, k + 1);
                        if (close < 0) close = html.Length;
                        value = html[(k + 1)..close];
                        k = Math.Min(close + 1, html.Length);
                    }
                    else
                    {
                        int vs = k;
                        while (k < html.Length && !char.IsWhiteSpace(html[k]) && html[k] != '>') k++;
                        value = html[vs..k];
                    }
                }
                if (attrName.Length > 0) attrs.Add(new(attrName.ToLowerInvariant(), HtmlCanonicalizer.Unescape(value)));
            }
            i = Math.Min(k + 1, html.Length);
            if (closing)
            {
                yield return new Token(Kind.End, name, "", attrs, false);
                continue;
            }
            yield return new Token(Kind.Start, name, "", attrs, selfClosing);
            if (!selfClosing && name is "script" or "style")
            {
                int end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                if (end < 0) end = html.Length;
                if (end > i) yield return new Token(Kind.Text, "", html[i..end], [], false);
                i = end;
            }
        }
    }

    private static Token TextToken(string raw) => new(Kind.Text, "", HtmlCanonicalizer.Unescape(raw), [], false);

    private static bool Starts(string s, int i, string prefix) => string.CompareOrdinal(s, i, prefix, 0, prefix.Length) == 0;

}
