namespace FeedAggregator.Dedupe;

/// <summary>
/// Turns a title and summary into the set of features two articles are compared by.
/// Words: folded (lower case, no diacritics, <see cref="TextFolding"/>), split on anything that is not
/// a letter or digit (a decimal point inside a number stays: "4.25" vs "4.5" matters, and so does "4" vs "5"),
/// possessive 's dropped, <see cref="StopWords"/> dropped, <see cref="Stemmer">lightly stemmed</see>.
/// Shingles: every word (1-gram) and every pair of adjacent kept words (2-gram), so that word order
/// and phrases count without making short paraphrases look unrelated. Title shingles are counted
/// <see cref="TitleWeight"/> times (as distinct set elements), because the headline states the story
/// while summaries wander.
/// </summary>
public static class TextShingles
{
    /// <summary>How many times a title shingle counts against a summary shingle.</summary>
    public const int TitleWeight = 2;

    // Longer "words" (URLs, base64 junk) are cut: they are as good as unique anyway.
    private const int MaxWordLength = 48;
    private const ulong BigramSalt = 0x9E3779B97F4A7C15;

    /// <summary>The normalized words of <paramref name="text"/>, in order (for diagnostics and tests).</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        ForEachWord(text, ref words, static (word, ref list) => list.Add(word.ToString()));
        return words;
    }

    /// <summary>The sorted, distinct 64-bit hashes of the weighted shingles of a title and summary.</summary>
    public static ulong[] Shingles(string? title, string? summary)
    {
        var elements = new List<ulong>(64);
        AddShingles(title, TitleWeight, elements);
        AddShingles(summary, 1, elements);
        elements.Sort();
        var distinct = 0;
        for (var i = 0; i < elements.Count; i++)
        {
            if (i == 0 || elements[i] != elements[i - 1]) elements[distinct++] = elements[i];
        }
        return elements.GetRange(0, distinct).ToArray();
    }

    private static void AddShingles(string? text, int weight, List<ulong> elements)
    {
        var state = (Elements: elements, Weight: weight, Previous: 0UL, HasPrevious: false);
        ForEachWord(text, ref state, static (word, ref s) =>
        {
            var hash = Hashing.Hash(word);
            AddWeighted(s.Elements, hash, s.Weight);
            if (s.HasPrevious) AddWeighted(s.Elements, Hashing.Mix(s.Previous * BigramSalt + hash), s.Weight);
            s.Previous = hash;
            s.HasPrevious = true;
        });
    }

    private static void AddWeighted(List<ulong> elements, ulong element, int weight)
    {
        elements.Add(element);
        // Copy k of an element is another element, so a set-based Jaccard counts it k times.
        for (var copy = 1; copy < weight; copy++) elements.Add(Hashing.Mix(element + (ulong)copy));
    }

    private delegate void WordAction<TState>(ReadOnlySpan<char> word, ref TState state);

    private static void ForEachWord<TState>(string? text, ref TState state, WordAction<TState> action)
    {
        if (string.IsNullOrEmpty(text)) return;
        Span<char> word = stackalloc char[MaxWordLength + 2];
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (length > 0 && length < MaxWordLength && IsInnerCharacter(text, i, word[length - 1]))
            {
                if (c == '.') word[length++] = '.';
                else if (c is '\'' or '\u2019' && IsPossessiveS(text, i)) i++;
                continue;
            }
            var written = length < MaxWordLength ? TextFolding.Fold(c, word[length..]) : (TextFolding.IsCombiningMark(c) || char.IsLetterOrDigit(c) ? -1 : 0);
            if (written > 0)
            {
                length += written;
                continue;
            }
            if (written < 0 || TextFolding.IsCombiningMark(c)) continue;
            if (length > 0)
            {
                EmitWord(word[..length], ref state, action);
                length = 0;
            }
        }
    }

    private static void EmitWord<TState>(Span<char> word, ref TState state, WordAction<TState> action)
    {
        if (StopWords.Contains(word)) return;
        var stemmed = Stemmer.Stem(word);
        action(word[..stemmed], ref state);
    }

    /// <summary>
    /// Characters inside a word that neither end it nor are kept: apostrophes ("don't", "BoE's")
    /// and separators between digits. A decimal point is kept ("4.25"); a thousands comma is dropped ("1,000").
    /// </summary>
    private static bool IsInnerCharacter(string text, int i, char previousFolded)
    {
        if (i + 1 >= text.Length) return false;
        var c = text[i];
        var next = text[i + 1];
        if (c is '\'' or '\u2019') return char.IsLetter(next);
        return c is '.' or ',' && char.IsAsciiDigit(previousFolded) && char.IsAsciiDigit(next);
    }

    private static bool IsPossessiveS(string text, int i) =>
        i + 1 < text.Length && text[i + 1] is 's' or 'S' && (i + 2 >= text.Length || !char.IsLetterOrDigit(text[i + 2]));
}
