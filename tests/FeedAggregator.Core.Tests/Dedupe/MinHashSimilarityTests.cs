using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class MinHashSimilarityTests
{
    private readonly MinHashSimilarity _similarity = new();

    private double Score(string titleA, string summaryA, string titleB, string summaryB) =>
        _similarity.Similarity(_similarity.CreateSignature(titleA, summaryA), _similarity.CreateSignature(titleB, summaryB));

    [Fact]
    public void Identical_text_scores_one_and_unrelated_text_near_zero()
    {
        Assert.Equal(1.0, Score("Floods kill 40 in Brazil", "Rivers burst their banks.", "Floods kill 40 in Brazil", "Rivers burst their banks."));
        Assert.True(Score("Floods kill 40 in Brazil", "Rivers burst their banks.", "Apple unveils new iPhone", "The phone has a camera button.") < 0.05);
    }

    [Fact]
    public void Empty_text_scores_zero() => Assert.Equal(0.0, Score("", "", "", ""));

    [Fact]
    public void Headlines_with_conflicting_numbers_or_names_are_penalized()
    {
        var plain = MinHashSimilarity.Jaccard(
            _similarity.CreateSignature("Hurricane Milton makes landfall in Florida", null).Shingles,
            _similarity.CreateSignature("Hurricane Helene makes landfall in Florida", null).Shingles);
        var scored = Score("Hurricane Milton makes landfall in Florida", "", "Hurricane Helene makes landfall in Florida", "");
        Assert.Equal(plain * new StoriesOptions().ConflictFactor, scored, 6);
    }

    [Fact]
    public void The_conflict_penalty_is_the_configured_factor()
    {
        var unpenalized = new MinHashSimilarity(conflictFactor: 1.0);
        var strict = new MinHashSimilarity(conflictFactor: 0.0);
        var a = "Hurricane Milton makes landfall in Florida";
        var b = "Hurricane Helene makes landfall in Florida";
        var plain = MinHashSimilarity.Jaccard(unpenalized.CreateSignature(a, null).Shingles, unpenalized.CreateSignature(b, null).Shingles);
        Assert.True(plain > 0.3);
        Assert.Equal(plain, unpenalized.Similarity(unpenalized.CreateSignature(a, null), unpenalized.CreateSignature(b, null)), 6);
        Assert.Equal(0.0, strict.Similarity(strict.CreateSignature(a, null), strict.CreateSignature(b, null)), 6);
    }

    [Fact]
    public void A_number_missing_on_one_side_only_is_no_conflict()
    {
        var a = _similarity.CreateSignature("Netflix adds subscribers", "Netflix added 9.3 million subscribers.");
        var b = _similarity.CreateSignature("Netflix adds 9.3 million subscribers", "Netflix signed up many.");
        Assert.False(MinHashSimilarity.ConflictingSpecifics(a, b));
    }

    [Fact]
    public void Sketch_has_one_value_per_hash_function()
    {
        var signature = new MinHashSimilarity(64).CreateSignature("Floods kill 40 in Brazil", null);
        Assert.Equal(64, signature.MinHash.Length);
        Assert.False(signature.IsEmpty);
    }
}
