namespace FeedAggregator.Dedupe;

/// <summary>
/// Words too common in headlines and summaries to say which story an article tells: articles,
/// prepositions, pronouns, auxiliaries and attribution ("says", "said"). Kept small on purpose:
/// a content word dropped here is evidence lost ("rates", "cut" and "not" all stay).
/// </summary>
internal static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from",
        "as", "into", "onto", "over", "after", "before", "about", "amid", "against", "than", "then",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
        "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "his", "her",
        "their", "our", "i", "will", "would", "could", "should", "may", "might", "can",
        "says", "said", "say", "told", "according", "also", "just", "who", "what", "which", "how",
        "why", "when", "where", "while", "there", "here", "so", "if", "up", "out", "more", "most",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Contains(ReadOnlySpan<char> word) => Lookup.Contains(word);
}
