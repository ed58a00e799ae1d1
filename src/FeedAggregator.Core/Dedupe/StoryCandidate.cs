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

    /// <summary>This candidate's text, signature and band keys for an article's stored identity: lets the costly
    /// signature be computed before the article has an id (outside the database write lock).</summary>
    internal StoryCandidate For(long articleId, long feedId, string? canonicalUrl, DateTimeOffset publishedAt) => new()
    {
        ArticleId = articleId, FeedId = feedId, CanonicalUrl = canonicalUrl, Title = Title, Summary = Summary,
        PublishedAt = publishedAt, _signature = _signature, _bandKeys = _bandKeys,
    };

    /// <summary>The same candidate for the id its article got when stored.</summary>
    internal StoryCandidate WithArticleId(long articleId) => For(articleId, FeedId, CanonicalUrl, PublishedAt);

    internal StorySignature SignatureFor(IStorySimilarity similarity)
    {
        if (_signature is { } cached && ReferenceEquals(cached.Owner, similarity)) return cached.Signature;
        var signature = similarity.CreateSignature(Title, Summary);
        _signature = (similarity, signature);
        return signature;
    }
}
