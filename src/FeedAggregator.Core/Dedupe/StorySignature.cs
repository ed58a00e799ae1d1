namespace FeedAggregator.Dedupe;

/// <summary>
/// What an article is compared by, computed once per article by <see cref="IStorySimilarity.CreateSignature"/>:
/// the sorted hashes of its weighted shingles (<see cref="TextShingles"/>) and their MinHash sketch,
/// which <see cref="StoryIndex"/> bands to find candidates. Immutable.
/// </summary>
public sealed class StorySignature
{
    internal StorySignature(TextFeatures features, uint[] minHash)
    {
        Shingles = features.Shingles;
        TitleSpecifics = features.TitleSpecifics;
        Mentions = features.Mentions;
        MinHash = minHash;
    }

    /// <summary>Sorted, distinct shingle hashes.</summary>
    internal ulong[] Shingles { get; }

    /// <summary>Sorted hashes of the title's numbers and names (<see cref="TextShingles.Extract"/>).</summary>
    internal ulong[] TitleSpecifics { get; }

    /// <summary>Sorted mentions of every word, to look the other article's specifics up in.</summary>
    internal ulong[] Mentions { get; }

    /// <summary>One minimum per hash function; empty when the text has no words.</summary>
    internal uint[] MinHash { get; }

    /// <summary>True when title and summary had no words to compare (such an article only matches by URL).</summary>
    public bool IsEmpty => Shingles.Length == 0;

    public int ShingleCount => Shingles.Length;
}
