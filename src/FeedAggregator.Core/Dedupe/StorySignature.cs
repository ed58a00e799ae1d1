namespace FeedAggregator.Dedupe;

/// <summary>
/// What an article is compared by, computed once per article by <see cref="IStorySimilarity.CreateSignature"/>:
/// the sorted hashes of its shingles (<see cref="TextShingles"/>) and their MinHash sketch,
/// which <see cref="StoryIndex"/> bands to find candidates. Immutable.
/// </summary>
public sealed class StorySignature
{
    private readonly TextFeatures _features;

    internal StorySignature(TextFeatures features, uint[] minHash)
    {
        _features = features;
        MinHash = minHash;
    }

    /// <summary>Sorted, distinct shingle hashes.</summary>
    internal uint[] Shingles => _features.Shingles;

    /// <summary>Sorted hashes of the title's numbers and names (<see cref="TextShingles.Extract"/>).</summary>
    internal uint[] TitleSpecifics => _features.TitleSpecifics;

    /// <summary>Sorted mentions of every word, to look the other article's specifics up in.</summary>
    internal uint[] Mentions => _features.Mentions;

    /// <summary>One minimum per hash function; empty when the text has no words.</summary>
    internal uint[] MinHash { get; }

    /// <summary>The same signature without its MinHash sketch, for storing after indexing.</summary>
    internal StorySignature WithoutSketch() => MinHash.Length == 0 ? this : new StorySignature(_features, []);

    /// <summary>True when title and summary had no words to compare (such an article only matches by URL).</summary>
    public bool IsEmpty => Shingles.Length == 0;

    public int ShingleCount => Shingles.Length;
}
