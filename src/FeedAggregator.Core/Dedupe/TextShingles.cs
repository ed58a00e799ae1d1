namespace FeedAggregator.Dedupe;

/// <summary>
/// Turns a title and summary into the features two articles are compared by.
/// Words: folded (lower case, no diacritics, <see cref="TextFolding"/>), split on anything that is not
/// a letter or digit (a decimal point inside a number stays: "4.25" vs "4.5" matters, and so does
/// "4" vs "5"; a number and its unit split: "£104m" is "104" "m"), possessive 's dropped,
/// <see cref="StopWords"/> dropped, <see cref="Stemmer">lightly stemmed</see>,
/// <see cref="HeadlineSynonyms">headline synonyms</see> merged.
/// <para>Shingles are the distinct words (1-grams) of title and summary together, unweighted. On the
/// labeled pairs this beat 1+2-grams and title weights 2 and 3 (StorySimilarityEvaluationTests): 2-grams
/// and a heavy title reward template headlines ("Heavy snow causes travel disruption in Scotland" /
/// "Heavy rain causes travel disruption in Wales") more than paraphrases, which reorder words. The title
/// still counts separately through its specifics (numbers and names), see
/// <see cref="MinHashSimilarity.ConflictingSpecifics"/>.</para>
/// </summary>
public static class TextShingles
{
    // Longer "words" (URLs, base64 junk) are cut: they are as good as unique anyway.
    private const int MaxWordLength = 48;

    /// <summary>The normalized words of <paramref name="text"/>, in order (for diagnostics and tests).</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        ForEachWord(text, ref words, static (word, _, ref list) => list.Add(word.ToString()));
        return words;
    }

    /// <summary>The sorted, distinct (32-bit) hashes of the shingles of a title and summary.</summary>
    public static uint[] Shingles(string? title, string? summary) => Extract(title, summary).Shingles;

    /// <summary>
    /// Shingles plus the title's specifics: the numbers in the title and the title words that the
    /// article writes as a name (capitalized inside a sentence, in the summary or a sentence-case title).
    /// Each is the hash of the word, the same value as its 1-gram shingle.
    /// </summary>
    internal static TextFeatures Extract(string? title, string? summary)
    {
        var collector = new Collector { TitleIsSentenceCase = !IsTitleCase(title) };
        ForEachWord(title, ref collector, static (word, shape, ref c) => c.Add(word, shape, inTitle: true));
        ForEachWord(summary, ref collector, static (word, shape, ref c) => c.Add(word, shape, inTitle: false));

        var specifics = new List<uint>();
        foreach (var (hash, mention) in collector.TitleWords)
        {
            if (IsNumberMention(mention) || collector.Names.Contains(hash)) specifics.Add(Hashing.Fold(mention));
        }
        return new TextFeatures(SortedDistinct(collector.Elements), SortedDistinct(specifics), SortedDistinct(collector.Mentions));
    }

    // How a word counts as mentioned by another article: a number exactly ("2.2" is not "2.6"), a name by
    // its first letters, so that "Poland"/"Polish", "Slovakia"/"Slovak" and "Switzerland"/"Swiss" agree.
    private const int MentionPrefixLength = 3;
    private const ulong NumberMentionTag = 1;

    private static ulong Mention(ReadOnlySpan<char> word, ulong hash, bool isNumber) =>
        isNumber ? hash | NumberMentionTag : Hashing.Hash(word[..Math.Min(word.Length, MentionPrefixLength)]) & ~NumberMentionTag;

    private static bool IsNumberMention(ulong mention) => (mention & NumberMentionTag) != 0;

    /// <summary>"Bank of England Holds Rates at 4%": capitals say nothing about names there.</summary>
    private static bool IsTitleCase(string? title)
    {
        if (string.IsNullOrEmpty(title)) return false;
        var longWords = 0;
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length < 4 || !char.IsLetter(word[0])) continue;
            if (!char.IsUpper(word[0])) return false;
            longWords++;
        }
        return longWords >= 2;
    }

    private static uint[] SortedDistinct(List<uint> values)
    {
        values.Sort();
        var distinct = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (i == 0 || values[i] != values[distinct - 1]) values[distinct++] = values[i];
        }
        return values.GetRange(0, distinct).ToArray();
    }

    private struct Collector()
    {
        public readonly List<uint> Elements = new(64);
        public readonly List<(ulong Hash, ulong Mention)> TitleWords = new(12);
        public readonly List<uint> Mentions = new(32);
        public readonly HashSet<ulong> Names = new();
        public bool TitleIsSentenceCase;

        public void Add(ReadOnlySpan<char> word, WordShape shape, bool inTitle)
        {
            var hash = Hashing.Hash(word);
            Elements.Add(Hashing.Fold(hash));
            var mention = Mention(word, hash, shape.HasFlag(WordShape.Number));
            Mentions.Add(Hashing.Fold(mention));
            if (inTitle) TitleWords.Add((hash, mention));
            // In a sentence-case title even the first word is written as a name only if it is one
            // ("Netflix raises prices"); in running text a capital at a sentence start says nothing.
            var isName = shape.HasFlag(WordShape.Capitalized) && (inTitle ? TitleIsSentenceCase : !shape.HasFlag(WordShape.SentenceStart));
            if (isName) Names.Add(hash);
        }
    }

    [Flags]
    private enum WordShape
    {
        Plain = 0,
        Number = 1,
        /// <summary>Starts with a capital letter: a name unless it starts a sentence.</summary>
        Capitalized = 2,
        SentenceStart = 4,
    }

    private delegate void WordAction<TState>(ReadOnlySpan<char> word, WordShape shape, ref TState state);

    private static void ForEachWord<TState>(string? text, ref TState state, WordAction<TState> action)
    {
        if (string.IsNullOrEmpty(text)) return;
        Span<char> word = stackalloc char[MaxWordLength + 2];
        var length = 0;
        var shape = WordShape.Plain;
        var sentenceStart = true;
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
            if (written > 0 && length > 0 && IsNumberLetterBoundary(word[length - 1], word[length]))
            {
                // A number and its unit are two words ("£104m" / "£104 million", "45C" / "45 degrees").
                var first = word[length];
                var second = word[length + 1];
                EmitWord(word[..length], shape, ref state, action);
                word[0] = first;
                word[1] = second;
                length = 0;
                sentenceStart = false;
            }
            if (written > 0)
            {
                if (length == 0) shape = (char.IsUpper(c) ? WordShape.Capitalized : WordShape.Plain) | (sentenceStart ? WordShape.SentenceStart : WordShape.Plain);
                if (char.IsDigit(c)) shape |= WordShape.Number;
                length += written;
                continue;
            }
            if (written < 0 || TextFolding.IsCombiningMark(c)) continue;
            if (length > 0)
            {
                EmitWord(word[..length], shape, ref state, action);
                length = 0;
                sentenceStart = false;
            }
            if (c is '.' or '!' or '?' or ':' or '"' or '\u201C') sentenceStart = true;
        }
    }

    private static void EmitWord<TState>(Span<char> word, WordShape shape, ref TState state, WordAction<TState> action)
    {
        if (StopWords.Contains(word)) return;
        var stemmed = word[..Stemmer.Stem(word)];
        var synonym = HeadlineSynonyms.Canonical(stemmed);
        action(synonym is null ? stemmed : synonym, shape, ref state);
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

    private static bool IsNumberLetterBoundary(char previous, char next) =>
        (char.IsAsciiDigit(previous) && char.IsLetter(next)) || (char.IsLetter(previous) && char.IsAsciiDigit(next));

    private static bool IsPossessiveS(string text, int i) =>
        i + 1 < text.Length && text[i + 1] is 's' or 'S' && (i + 2 >= text.Length || !char.IsLetterOrDigit(text[i + 2]));
}

/// <summary>What <see cref="TextShingles.Extract"/> finds, each sorted and distinct: the weighted shingles,
/// the mentions (word prefixes, exact numbers) of the title's numbers and names, and of all words.</summary>
internal readonly record struct TextFeatures(uint[] Shingles, uint[] TitleSpecifics, uint[] Mentions);
