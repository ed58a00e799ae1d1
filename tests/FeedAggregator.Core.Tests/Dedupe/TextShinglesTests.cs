using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class TextShinglesTests
{
    // Stems are not words: the stemmer drops a final e ("café" → "caf", "fine" → "fin") so that
    // "raise"/"raised" meet; only consistency matters.
    [Fact]
    public void Folds_case_and_diacritics_and_drops_punctuation_and_stopwords() =>
        Assert.Equal(["zurich", "caf", "naiv", "strass"], TextShingles.Words("The Zürich CAFÉ: naïve, straß!"));

    [Fact]
    public void Keeps_numbers_with_decimals_and_splits_units()
    {
        Assert.Equal(["rat", "4.25"], TextShingles.Words("Rates at 4.25%"));
        Assert.Equal(["104", "m", "fin"], TextShingles.Words("£104m fine"));
        Assert.Equal(["1000", "job"], TextShingles.Words("1,000 jobs"));
    }

    [Fact]
    public void Stems_plurals_and_verb_forms_alike()
    {
        Assert.Equal(TextShingles.Words("raise"), TextShingles.Words("raises"));
        Assert.Equal(TextShingles.Words("raised"), TextShingles.Words("raising"));
        Assert.Equal(TextShingles.Words("cut"), TextShingles.Words("cutting"));
        Assert.Equal(TextShingles.Words("policy"), TextShingles.Words("policies"));
    }

    [Fact]
    public void Drops_possessive_s_and_merges_headline_synonyms()
    {
        Assert.Equal(["boe", "rat"], TextShingles.Words("BoE's rates"));
        Assert.Equal(TextShingles.Words("shares jump"), TextShingles.Words("stock soars"));
        Assert.NotEqual(TextShingles.Words("inflation rises"), TextShingles.Words("inflation falls"));
    }

    [Fact]
    public void Shingles_are_sorted_distinct_and_order_insensitive()
    {
        var shingles = TextShingles.Shingles("Floods hit Brazil", "Floods hit Brazil again");
        Assert.Equal(shingles.Distinct().Order(), shingles);
        Assert.Equal(TextShingles.Shingles("Brazil floods", null), TextShingles.Shingles(null, "floods Brazil"));
        Assert.Empty(TextShingles.Shingles(null, " ... "));
    }
}
