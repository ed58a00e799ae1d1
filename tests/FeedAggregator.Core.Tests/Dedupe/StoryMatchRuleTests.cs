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
    [InlineData("The Bank of Japan cuts interest rates to 3.4%", "Norges Bank cuts interest rates to 3.4%", "countries")]
    public void Contradicting_facts_keep_two_headlines_apart(string a, string b, string expected) =>
        Assert.Equal(expected, Conflict(a, b));

    [Theory]
    [InlineData("ECB launches €1 trillion easing programme", "ECB unveils €1tn bond-buying plan")]
    [InlineData("Bank of England cuts rates to 4.5%", "BoE lowers interest rates to 4.5 per cent")]
    [InlineData("U.S. jobless claims fall", "US jobless claims drop")]
    [InlineData("Aisha Delgado resigns after a party during lockdown", "Aisha Delgado steps down as Mayor amid a party during lockdown")]
    [InlineData("Britain's economy shrinks", "UK economy contracts in second quarter")]
    [InlineData("FAA grounds Boeing 737 Max fleet", "Federal Aviation Administration grounds Boeing 737 Max")]
    [InlineData("Fairhaven Orient beat Harlow Athletic 3-2", "Harlow Athletic fall 2-3 to Fairhaven Orient")]
    [InlineData("Power station blast leaves 3 injured", "Three injured in power station blast")]
    [InlineData("Redwood Bank to be bought by Foxglove Motors in $75m deal", "Foxglove Motors agrees $75m takeover of Redwood Bank")]
    [InlineData("Fed raises interest rates", "Federal Reserve raises interest rates")]
    [InlineData("Huge explosion at Beirut port kills dozens and injures thousands", "Beirut port blast leaves dozens dead and thousands hurt")]
    [InlineData("Mugabe resigns as president of Zimbabwe", "Mugabe resigns, ending 37 years in power")]
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

    [Theory]
    [InlineData("The Bank of England raises interest rates to 4%", "The Bank of England cuts interest rates to 4%", "directions")]
    [InlineData("Norges Bank holds interest rates at 2.5%", "Norges Bank holds interest rates at 25%", "percentages")]
    [InlineData("Bytewise launches translation earbuds to rival Parallax", "Parallax launches translation earbuds to rival Bytewise", "slot")]
    [InlineData("Scientists discover traces of water on an asteroid in Monterrey", "Scientists Discover Traces of Water on an Asteroid in Morocco", "slot")]
    [InlineData("Austria and Denmark agree a fishing deal after 12 months of talks", "Poland and Australia agree a fishing deal after 12 months of talks", "countries")]
    [InlineData("Floods hit Curitiba, 4,000 injured", "Floods Hit Curitiba, 4,000 Dead", "outcomes")]
    [InlineData("Landslide hits Antwerp, 1,200 displaced", "Landslide hits Antwerp, 1,200 without power", "outcomes")]
    [InlineData("Hexagon AI launches e-bike to rival Vortexa", "Vortexa launches AI assistant to rival Hexagon AI", "roles")]
    [InlineData("Eastfield Rovers beat Valemouth Argyle 3-2 to end a five-game losing run", "Valemouth Argyle beat Eastfield Rovers 3-2 to book a quarter-final place", "roles")]
    [InlineData("The GMB announces 9-day strike at the ambulance service", "The GMB announces 10-day strike at the ambulance service", "counts")]
    [InlineData("Łukasz Schmidt resigns after an expenses row", "Łukasz Schmidt resigns after a contracts controversy", "slot words")]
    [InlineData("Optic launches a chip for data centres to rival Stackline", "Optic launches a payments app to rival Stackline", "slot words")]
    [InlineData("Westmoor Wanderers beat Northbridge United 2-1 to reach the cup final", "Westmoor Wanderers beat Northbridge United 2-1 to end a five-game losing run", "slot words")]
    public void Headlines_of_one_template_with_other_facts_in_it_are_two_stories(string a, string b, string expected) =>
        Assert.Equal(expected, Conflict(a, b));

    [Fact]
    public void A_different_person_in_the_same_place_of_the_headline_is_another_story()
    {
        Assert.Equal("slot", Conflict("Rosa Harrington resigns after bullying claims", "Ana Harrington resigns after a contracts controversy"));
        Assert.Equal("subjects", Conflict("Rania Fischer resigns after an expenses row", "Rania Walsh resigns over a lobbying scandal",
            "The minister Rania Fischer quit on Monday.", "The councillor Rania Walsh quit on Monday."));
        Assert.Equal("subjects", Conflict("Scientists discover a gene linked to longevity in Ireland", "Researchers in Valparaíso identify longevity gene",
            "The team published its findings on Monday.", "The team published its findings on Monday."));
        // The same person in both, one headline with a title more: one story.
        Assert.Null(Conflict("Boris Johnson resigns as Conservative leader", "UK's Boris Johnson steps down as party leader"));
    }

    [Fact]
    public void A_strike_at_another_employer_is_another_strike_but_a_rewording_is_not()
    {
        Assert.Equal("template", Conflict("Aslef announces 5-day strike at the airport operator", "Aslef announces 5-day strike at the water company",
            "Drivers will walk out next week.", "Drivers will walk out next week."));
        Assert.Null(Conflict("Bob Dylan wins Nobel Prize in Literature", "Singer-songwriter Bob Dylan awarded Nobel literature prize"));
        Assert.Null(Conflict("Nearly 200 nations adopt Paris climate agreement", "Landmark climate deal agreed in Paris by 195 countries"));
        Assert.Null(Conflict("Fed raises interest rates by three-quarters of a point", "Federal Reserve raises interest rates by three-quarters of a point"));
    }

    [Fact]
    public void One_headline_over_two_different_texts_is_two_events_and_without_texts_it_joins_only_within_hours()
    {
        const string title = "Pune council approves 4,000 new homes despite objections";
        var first = Article(1, title, "The report runs to more than 121 pages and makes 49 recommendations. A consultation is due to close within weeks.");
        var other = Article(2, title, "Opposition politicians called for an independent inquiry. Shares across the sector slipped on the news.", hoursLater: 2);
        var copy = Article(3, title, "The report runs to more than 121 pages and makes 49 recommendations.", hoursLater: 2);
        Assert.Null(Rule.Match(other, first, cosine: 0.95f));
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(copy, first, cosine: 0.95f)?.Reason);

        // Texts of one shape but their own figures: two events.
        var poll1 = Article(6, title, "Polling suggests 8% of people support the idea, with 18% opposed. The council declined to comment.");
        var poll2 = Article(7, title, "Polling suggests 20% of people support the idea, with 37% opposed. The council declined to comment.", hoursLater: 1);
        Assert.Null(Rule.Match(poll2, poll1, cosine: 0.95f));

        var bareSoon = Article(4, title, null, hoursLater: 3);
        var bareLate = Article(5, title, null, hoursLater: 13);
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(bareSoon, first, cosine: 0.1f)?.Reason);
        Assert.Null(Rule.Match(bareLate, first, cosine: 0.1f));
    }

    [Fact]
    public void One_headline_over_two_different_one_line_standfirsts_is_two_stories_and_a_shared_stock_line_proves_nothing_after_hours()
    {
        const string title = "Scientists discover a lost Roman road in Rotterdam";
        var first = Article(1, title, "Scientists discover a lost Roman road in Rotterdam. Here is what we know so far.");
        var other = Article(2, title, "Scientists discover a lost Roman road in Rotterdam. It is the clearest sign yet of a change of course.", hoursLater: 1);
        Assert.Null(Rule.Match(other, first, cosine: 0.97f));

        // The same stock line: a copy within hours, but as likely a template filled again later.
        var soon = Article(3, title, "Scientists discover a lost Roman road in Rotterdam. Here is what we know so far.", hoursLater: 2);
        var late = Article(4, title, "Scientists discover a lost Roman road in Rotterdam. Here is what we know so far.", hoursLater: 9);
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(soon, first, cosine: 0.97f)?.Reason);
        Assert.Null(Rule.Match(late, first, cosine: 0.97f));

        // A whole paragraph in common is one text, however late the copy.
        const string text = "The remains of a paved Roman road were found beneath a car park by archaeologists from the city museum, " +
            "who said the stones dated from the second century and had survived under later building work.";
        var story = Article(5, title, text);
        var lateCopy = Article(6, title, text, hoursLater: 20);
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(lateCopy, story, cosine: 0.97f)?.Reason);
    }

    [Fact]
    public void One_headline_over_standfirsts_naming_different_days_is_two_stories_and_the_same_day_is_a_copy()
    {
        const string title = "Earthquake strikes Leeds, 2,500 injured";
        var first = Article(1, title, "Earthquake strikes Leeds, 2,500 injured. The news was confirmed on Tuesday.");
        var other = Article(2, title, "Earthquake strikes Leeds, 2,500 injured. The news was confirmed on Thursday.", hoursLater: 1);
        Assert.Null(Rule.Match(other, first, cosine: 0.98f));
        Assert.True(Rule.Contradicts(other, first));

        var copy = Article(3, title, "Earthquake strikes Leeds, 2,500 injured. The news was confirmed on Tuesday.", hoursLater: 1);
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(copy, first, cosine: 0.98f)?.Reason);
        // A day the headline itself names is the headline's, not the text's.
        var dated = Article(4, "Leeds earthquake on Tuesday: 2,500 injured", "Rescuers searched through the night. Officials spoke on Tuesday.");
        var datedCopy = Article(5, "Leeds earthquake on Tuesday: 2,500 injured", "Rescuers searched through the night.", hoursLater: 1);
        Assert.Empty(dated.Facts.BodyWeekdays);
        Assert.NotNull(Rule.Match(datedCopy, dated, cosine: 0.98f));
    }

    [Fact]
    public void A_short_standfirst_agrees_with_a_long_text_only_if_the_long_one_opens_with_it()
    {
        const string title = "Lyon records hottest July on record";
        const string more = " Residents said they had been encouraged by the news. Analysts warned that the figures would be read "
            + "more widely than the city, and officials are understood to be watching closely. Read more";
        var long1 = Article(1, title, "Lyon records hottest July on record. It is the clearest sign yet of a change of course." + more);
        // "news", "read" and "more" are somewhere in the long text, but it does not open with this line.
        var other = Article(2, title, "Lyon records hottest July on record. The news was confirmed. Read more", hoursLater: 1);
        Assert.Null(Rule.Match(other, long1, cosine: 0.98f));
        Assert.Equal(false, Rule.CompareBodies(other.Facts, long1.Facts, sameTitle: true));

        // A copy cut after its first line is the long text's opening.
        var cut = Article(3, title, "Lyon records hottest July on record. It is the clearest sign yet of a change of course.", hoursLater: 1);
        Assert.NotEqual(false, Rule.CompareBodies(cut.Facts, long1.Facts, sameTitle: true));
        Assert.Equal(StoryMatchReason.SameTitle, Rule.Match(cut, long1, cosine: 0.98f)?.Reason);
    }

    [Fact]
    public void An_article_that_contradicts_a_member_of_the_best_story_does_not_join_it()
    {
        var index = new SemanticStoryIndex(new StoriesOptions());
        index.Add(Article(1, "Norges Bank holds interest rates at 2.5%", "The bank kept its key rate unchanged.", url: "https://wire.example/norges"), 1);
        // The same article under another headline, joined by its URL.
        var update = Article(2, "Norges Bank cuts interest rates", null, hoursLater: 1, url: "https://wire.example/norges");
        Assert.Equal(1, index.FindMatch(update)?.StoryId);
        index.Add(update, 1);

        // A headline-only copy of the update's headline: the same headline, but the story's first member says "holds".
        var copy = Article(3, "Norges Bank cuts interest rates", null, hoursLater: 2);
        Assert.Null(index.FindMatch(copy));
    }

    private static SemanticArticle Article(long id, string title, string? summary, double hoursLater = 0, string? url = null) => new()
    {
        CanonicalUrl = url,
        ArticleId = id, FeedId = id, PublishedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddHours(hoursLater),
        Embedding = new float[SentenceEmbedder.Dimensions], Facts = StoryFacts.Extract(title, summary),
    };
}
