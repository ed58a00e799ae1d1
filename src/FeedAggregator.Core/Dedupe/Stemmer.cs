namespace FeedAggregator.Dedupe;

/// <summary>
/// A deliberately light English suffix stripper: it only has to make "rates"/"rate",
/// "raises"/"raised"/"raising" and "cuts"/"cutting" meet, not produce real stems. Overstemming
/// ("news" → "new") is harmless as long as it is consistent. Numbers and short words are left alone.
/// </summary>
internal static class Stemmer
{
    /// <summary>Stems the lower-case word in place and returns its new length.</summary>
    public static int Stem(Span<char> word)
    {
        var length = word.Length;
        if (length <= 3 || !char.IsAsciiLetter(word[length - 1])) return length;

        if (length > 4 && EndsWith(word, length, "ies"))
        {
            word[length - 3] = 'y';
            return length - 2;
        }
        if (word[length - 1] == 's' && !EndsWith(word, length, "ss") && !EndsWith(word, length, "us") && !EndsWith(word, length, "is"))
        {
            length--;
        }
        var stripped = false;
        if (length >= 6 && EndsWith(word, length, "ing"))
        {
            length -= 3;
            stripped = true;
        }
        else if (length >= 5 && EndsWith(word, length, "ed"))
        {
            length -= 2;
            stripped = true;
        }
        // "stopped"/"stop", "cutting"/"cut"; but not "falling" → "fal" because "fall" keeps its "ll".
        if (stripped && length >= 3 && word[length - 1] == word[length - 2] && word[length - 1] is not ('l' or 's' or 'z') && !IsVowel(word[length - 1]))
        {
            length--;
        }
        // Drop a final e so "raise", "raised" and "raising" end alike; after a stripped suffix the e
        // belongs to the stem ("agreed" → "agre", as "agree").
        if (!stripped && length >= 4 && word[length - 1] == 'e') length--;
        return length;
    }

    private static bool EndsWith(Span<char> word, int length, string suffix) =>
        length >= suffix.Length && word[..length].EndsWith(suffix);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
