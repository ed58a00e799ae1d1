using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

/// <summary>The fact checks of the semantic rule, which need no model: figures, months, countries and templated
/// headlines that keep similar-sounding stories apart, and headline keys that let wire copies meet.</summary>
public sealed class StoryMatchRuleTests
{
    private static readonly StoryMatchRule Rule = new(new StoriesOptions());

    private static string? Conflict(string titleA, string titleB, string summaryA = "", string summaryB = "") =>
        Rule.Conflict(StoryFacts.Extract(titleA, summaryA), StoryFacts.Extract(titleB, summaryB));

    [Theory]
    [InlineData("UK inflation 2.2% in July", "US inflation 2.9% in July", "percentages")]
    [InlineData("UK inflation rises in July", "US inflation rises in July", "countries")]
    [InlineData("Inflation eases to 2.2% in July", "Inflation eases to 2.2% in June", "months")]
    [InlineData("Regulator fines Northwater Bank €12m", "Regulator fines Northwater Bank $5m", "sums of money")]
    [InlineData("Ashford council approves 350 new homes despite objections", "Barton council approves 350 new homes despite objections", "names")]
    [InlineData("Council approves 350 new homes", "Council approves 120 new homes", "counts")]
    [InlineData("Redcliffe Town beat Southport FC 4-1", "Redcliffe Town beat Southport FC 2-0", "scores")]
    [InlineData("Halifax records hottest April on record", "Yarrow Records Hottest April on Record", "names")]
    public void Contradicting_facts_keep_two_headlines_apart(string a, string b, string expected) =>
        Assert.Equal(expected, Conflict(a, b));

    [Theory]
    [InlineData("ECB launches €1 trillion easing programme", "ECB unveils €1tn bond-buying plan")]
    [InlineData("Bank of England cuts rates to 4.5%", "BoE lowers interest rates to 4.5 per cent")]
    [InlineData("U.S. jobless claims fall", "US jobless claims drop")]
    [InlineData("Aisha Delgado resigns after a party during lockdown", "Aisha Delgado steps down as Mayor amid a party during lockdown")]
    [InlineData("Britain's economy shrinks", "UK economy contracts in second quarter")]
    [InlineData("FAA grounds Boeing 737 Max fleet", "Federal Aviation Administration grounds Boeing 737 Max")]
    public void The_same_facts_written_another_way_do_not_conflict(string a, string b) =>
        Assert.Null(Conflict(a, b));

    [Theory]
    [InlineData("Dutch court orders Shell to cut emissions - Meadowbank Wire", "Dutch court orders Shell to cut emissions")]
    [InlineData("UPDATE 2-World Health Organisation declares emergency", "World Health Organization declares emergency")]
    public void Wire_copies_share_a_headline_key(string a, string b) =>
        Assert.Equal(StoryFacts.Extract(b, null).TitleKey, StoryFacts.Extract(a, null).TitleKey);

    [Fact]
    public void A_headline_only_copy_joins_by_its_headline_whatever_the_embeddings_say()
    {
        var full = Article(1, "Eurozone inflation falls to 2.4% in November", "Consumer prices rose 2.4% from a year earlier.");
        var bare = Article(2, "Eurozone inflation falls to 2.4% in November - Harbour Courier", null);
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(bare, full, cosine: 0.1f)?.Reason);
    }

    [Fact]
    public void Articles_further_apart_than_the_window_never_join_by_meaning()
    {
        var a = Article(1, "Storm closes schools", "Schools shut.");
        var b = Article(2, "Schools shut by storm", "A storm shut schools.", hoursLater: 49);
        Assert.Null(Rule.Match(b, a, cosine: 0.99f));
        Assert.NotNull(Rule.Match(Article(3, "Schools shut by storm", "A storm shut schools.", hoursLater: 1), a, cosine: 0.99f));
    }

    private static SemanticArticle Article(long id, string title, string? summary, double hoursLater = 0) => new()
    {
        ArticleId = id, FeedId = id, PublishedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddHours(hoursLater),
        Embedding = new float[SentenceEmbedder.Dimensions], Facts = StoryFacts.Extract(title, summary),
    };
}
