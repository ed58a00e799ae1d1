namespace FeedAggregator.Dedupe;

/// <summary>
/// An article as story clustering sees it. <see cref="CanonicalUrl"/> is expected to come from
/// <see cref="Dedupe.CanonicalUrl.TryCanonicalize"/> (after <see cref="Dedupe.CanonicalUrl.Unwrap"/>);
/// the index compares it as given.
/// </summary>
public sealed class StoryCandidate
{
    public required long ArticleId { get; init; }
    public required long FeedId { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>False for an article published before now − <see cref="StoriesOptions.Window"/> (set by the story stage):
    /// no article arriving from now on can meet it, only the others of the same backlog (a first poll's archives). A
    /// decider may decide such articles with its cheap signals only (same URL, words) and skip the costly ones
    /// (embeddings).</summary>
    public bool InWindow { get; init; } = true;

    // FindMatch and the Add that usually follows it need the same signature and band keys; each is computed once.
    private (IStorySimilarity Owner, StorySignature Signature)? _signature;
    private (object Owner, uint[] Keys)? _bandKeys;

    internal uint[] BandKeysFor(object index, Func<StorySignature, uint[]> compute, StorySignature signature)
    {
        if (_bandKeys is { } cached && ReferenceEquals(cached.Owner, index)) return cached.Keys;
        var keys = compute(signature);
        _bandKeys = (index, keys);
        return keys;
    }

    internal StorySignature SignatureFor(IStorySimilarity similarity)
    {
        if (_signature is { } cached && ReferenceEquals(cached.Owner, similarity)) return cached.Signature;
        var signature = similarity.CreateSignature(Title, Summary);
        _signature = (similarity, signature);
        return signature;
    }
}
