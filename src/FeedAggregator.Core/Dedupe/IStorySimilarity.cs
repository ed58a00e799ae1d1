namespace FeedAggregator.Dedupe;

/// <summary>
/// How alike two articles' texts are, from 0 (unrelated) to 1 (same text). The one seam of the
/// dedupe core: <see cref="MinHashSimilarity"/> is lexical; a semantic (embedding) similarity is
/// planned as a second implementation and would re-score the candidates that the index's MinHash
/// bands find, so its signatures must still carry the MinHash sketch.
/// </summary>
public interface IStorySimilarity
{
    StorySignature CreateSignature(string? title, string? summary);

    double Similarity(StorySignature a, StorySignature b);
}
