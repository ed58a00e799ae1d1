namespace FeedAggregator.Dedupe;

/// <summary>
/// What an article is compared by, computed once per article by <see cref="IStorySimilarity.CreateSignature"/>:
/// the sorted hashes of its weighted shingles (<see cref="TextShingles"/>) and their MinHash sketch,
/// which <see cref="StoryIndex"/> bands to find candidates. Immutable.
/// </summary>
public sealed class StorySignature
{
    internal StorySignature(ulong[] shingles, uint[] minHash)
    {
        Shingles = shingles;
        MinHash = minHash;
    }

    /// <summary>Sorted, distinct shingle hashes.</summary>
    internal ulong[] Shingles { get; }

    /// <summary>One minimum per hash function; empty when the text has no words.</summary>
    internal uint[] MinHash { get; }

    /// <summary>True when title and summary had no words to compare (such an article only matches by URL).</summary>
    public bool IsEmpty => Shingles.Length == 0;

    public int ShingleCount => Shingles.Length;
}
