using System.Globalization;

namespace FeedAggregator.Dedupe;

/// <summary>
/// Lower-casing and diacritic stripping per character ("Zürich" and "Zurich" are one word in two
/// outlets' spelling). The repository runs with InvariantGlobalization, where string.Normalize
/// (NFKD) returns its input unchanged, so the Latin letters of news text are folded by a table
/// (U+00C0–U+017F, built from their NFKD decompositions), separately decomposed combining marks
/// are dropped, and other scripts are lower-cased as they are.
/// </summary>
internal static class TextFolding
{
    // Base letter of U+00C0..U+017F in order; '-' marks characters that are not letters (×, ÷)
    // or fold to two letters (handled in Fold).
    private const string LatinTable =
        "aaaaaa-ceeeeiiiidnooooo-ouuuuy--aaaaaa-ceeeeiiiidnooooo-ouuuuy-y" +
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii--jjkkklllllll" +
        "lllnnnnnnnnnoooooo--rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    /// <summary>
    /// Writes the folded form of <paramref name="c"/> to <paramref name="output"/> and returns how
    /// many characters it wrote: 0 for a character that is not part of a word, 1 or 2 otherwise.
    /// </summary>
    public static int Fold(char c, Span<char> output)
    {
        if (c < 0x80)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                output[0] = (char)(c | (char.IsAsciiLetterUpper(c) ? 0x20 : 0));
                return 1;
            }
            return 0;
        }
        switch (c)
        {
            case 'Æ' or 'æ': return Two('a', 'e', output);
            case 'Œ' or 'œ': return Two('o', 'e', output);
            case 'ß': return Two('s', 's', output);
            case 'Þ' or 'þ': return Two('t', 'h', output);
            case 'Ĳ' or 'ĳ': return Two('i', 'j', output);
            case '\uFB01': return Two('f', 'i', output);
            case '\uFB02': return Two('f', 'l', output);
        }
        if (c is >= '\u00C0' and <= '\u017F')
        {
            var folded = LatinTable[c - 0xC0];
            if (folded == '-') return 0;
            output[0] = folded;
            return 1;
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) return 0;
        if (char.IsLetterOrDigit(c))
        {
            output[0] = char.ToLowerInvariant(c);
            return 1;
        }
        return 0;
    }

    /// <summary>Combining marks continue a word rather than end it ("e" + U+0301 is "é").</summary>
    public static bool IsCombiningMark(char c) =>
        c >= '\u0300' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static int Two(char first, char second, Span<char> output)
    {
        output[0] = first;
        output[1] = second;
        return 2;
    }
}
