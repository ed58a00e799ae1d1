using System.Text;

namespace FeedAggregator.Digest;

/// <summary>Shortens a plain-text summary to its first sentences, cut where a sentence ends, so a digest item
/// reads as one or two complete sentences rather than a fragment.</summary>
public static class SentenceCutter
{
    // Words whose trailing period does not end a sentence ("Mr. Smith", "U.S. officials", "e.g. this").
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt",
        "inc", "ltd", "co", "corp", "no", "vs", "etc", "e.g", "i.e", "approx", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u",
    };

    /// <summary>Up to <paramref name="maxSentences"/> sentences, and no more than <paramref name="maxChars"/>
    /// characters: a first sentence longer than that is cut at a word boundary and ends with "…".</summary>
    public static string Cut(string text, int maxSentences = 2, int maxChars = 300)
    {
        text = text.Trim();
        if (text.Length == 0) return "";
        var ends = SentenceEnds(text).ToList();
        var sentences = 0;
        var cut = -1;
        foreach (var end in ends)
        {
            if (end > maxChars) break;
            cut = end;
            if (++sentences == maxSentences) break;
        }
        if (cut > 0) return text[..cut].TrimEnd();
        if (text.Length <= maxChars) return text;
        var space = text.LastIndexOf(' ', maxChars - 1);
        var head = text[..(space > maxChars / 2 ? space : maxChars - 1)].TrimEnd(',', ';', ':', ' ', '-', '—');
        return head + "…";
    }

    /// <summary>Index just past each sentence end: terminal punctuation (and closing quotes or brackets) followed
    /// by whitespace and then a capital, a digit or an opening quote — or the end of the text.</summary>
    private static IEnumerable<int> SentenceEnds(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '!' or '?' or '…')) continue;
            var end = i + 1;
            while (end < text.Length && text[end] is '"' or '\'' or '”' or '’' or ')' or ']' or '.' or '!' or '?') end++;
            if (end == text.Length) { yield return end; yield break; }
            if (!char.IsWhiteSpace(text[end])) continue;
            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next])) next++;
            if (next == text.Length) { yield return end; yield break; }
            var c = text[next];
            if (!(char.IsUpper(c) || char.IsDigit(c) || c is '"' or '“' or '‘' or '\'' or '(')) continue;
            if (text[i] == '.' && IsAbbreviation(text, i)) continue;
            yield return end;
            i = end - 1;
        }
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.')) start--;
        var word = text[start..dot];
        // A single capital ("J. Smith") is an initial.
        return word.Length == 1 && char.IsUpper(word[0]) || Abbreviations.Contains(word);
    }
}
