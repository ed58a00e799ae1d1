namespace FeedAggregator.Dedupe;

/// <summary>An article as the semantic matcher holds it: identity, time, embedding and <see cref="StoryFacts"/>.</summary>
public sealed class SemanticArticle
{
    public required long ArticleId { get; init; }
    public required long FeedId { get; init; }
    public string? CanonicalUrl { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    public required float[] Embedding { get; init; }
    public required StoryFacts Facts { get; init; }
}

/// <summary>
/// Whether two articles report the same event (<see cref="StoriesOptions.Method"/> <c>semantic</c>). In order:
/// the same canonical URL joins, whatever else; articles further apart than the window never join; facts that
/// contradict keep apart (<see cref="Conflict"/>); the same headline joins (a headline-only wire copy has nothing
/// else); a near-identical headline joins; else the cosine of the embeddings must reach a threshold that rises
/// with the time between them, and a higher one when either side is headline-only. The thresholds are
/// <see cref="StoriesOptions"/> values chosen on data (README, Stories).
/// </summary>
public sealed class StoryMatchRule(StoriesOptions options)
{
    /// <summary>The score of a join (higher is closer: 2 for the same URL, 1.5 for the same headline, else the
    /// cosine), or null when <paramref name="a"/> and <paramref name="b"/> are different stories.</summary>
    public (double Score, StoryMatchReason Reason)? Match(SemanticArticle a, SemanticArticle b, float cosine)
    {
        if (!string.IsNullOrEmpty(a.CanonicalUrl) && a.CanonicalUrl == b.CanonicalUrl) return (2, StoryMatchReason.SameUrl);
        var apart = (a.PublishedAt - b.PublishedAt).Duration();
        if (apart > options.Window) return null;
        if (!options.MatchSameFeed && a.FeedId == b.FeedId) return null;
        if (a.Facts.TitleKey.Length > 0 && a.Facts.TitleKey == b.Facts.TitleKey && a.Facts.TitleKey.Contains(' ')) return (1.5, StoryMatchReason.SameTitle);
        if (Conflict(a.Facts, b.Facts) is not null) return null;
        if (Jaccard(a.Facts.TitleWords, b.Facts.TitleWords) >= options.SameTitleSimilarity) return (1 + cosine / 10, StoryMatchReason.SameTitle);
        var threshold = a.Facts.HasSummary && b.Facts.HasSummary ? options.SemanticThreshold : options.HeadlineOnlyThreshold;
        threshold += options.ThresholdRisePerDay * apart.TotalDays;
        return cosine >= threshold ? (cosine, StoryMatchReason.SimilarMeaning) : null;
    }

    /// <summary>Why two articles cannot be one story although they may read alike, or null: both state figures of
    /// a kind (percentages, sums of money, basis points) and none agree; both headlines name months, countries or
    /// counts and none agree; or the headlines are one template with another name in each ("Ashford council
    /// approves 350 homes" / "Barton council approves 350 homes") — each names something the other never mentions.</summary>
    public string? Conflict(StoryFacts a, StoryFacts b)
    {
        if (Disjoint(a.Figures, b.Figures, "pct:")) return "percentages";
        if (Disjoint(a.Figures, b.Figures, "bp:")) return "basis points";
        if (DisjointMoney(a.Figures, b.Figures)) return "sums of money";
        if (Disjoint(a.TitleFigures, b.TitleFigures, "n:")) return "counts";
        if (Disjoint(a.TitleFigures, b.TitleFigures, "score:")) return "scores";
        if (a.TitleMonths.Count > 0 && b.TitleMonths.Count > 0 && !a.TitleMonths.Overlaps(b.TitleMonths)) return "months";
        if (a.TitleCountries.Count > 0 && b.TitleCountries.Count > 0 && !a.TitleCountries.Overlaps(b.TitleCountries)) return "countries";
        if (Jaccard(a.TitleWords, b.TitleWords) >= options.TemplateSimilarity && NamesOnlyIn(a, b) && NamesOnlyIn(b, a)
            && !AcronymOf(a, b) && !AcronymOf(b, a)) return "names";
        return null;
    }

    // "BoE" in one headline, "Bank of England" in the other: the same name.
    private static bool AcronymOf(StoryFacts a, StoryFacts b) =>
        a.TitleAcronyms.Any(x => !b.Words.Contains(x) && b.TitleInitials.Contains(x, StringComparison.Ordinal));

    private static bool NamesOnlyIn(StoryFacts a, StoryFacts b)
    {
        foreach (var name in a.TitleNames)
            if (!b.Words.Contains(name)) return true;
        return false;
    }

    private static bool Disjoint(HashSet<string> a, HashSet<string> b, string kind)
    {
        var any = false;
        foreach (var x in a)
        {
            if (!x.StartsWith(kind, StringComparison.Ordinal)) continue;
            if (b.Contains(x)) return false;
            any = true;
        }
        return any && b.Any(x => x.StartsWith(kind, StringComparison.Ordinal));
    }

    private static readonly string[] Currencies = ["usd:", "eur:", "gbp:", "jpy:", "inr:"];

    // Any currency against any: "fined €12m" and "fined $5m" are two fines; "$1tn" and "$1 trillion" one sum.
    private static bool DisjointMoney(HashSet<string> a, HashSet<string> b)
    {
        static bool IsMoney(string x) => Array.Exists(Currencies, c => x.StartsWith(c, StringComparison.Ordinal));
        var any = false;
        foreach (var x in a)
        {
            if (!IsMoney(x)) continue;
            if (b.Contains(x)) return false;
            any = true;
        }
        return any && b.Any(IsMoney);
    }

    internal static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var shared = 0;
        foreach (var x in a) if (b.Contains(x)) shared++;
        return (double)shared / (a.Count + b.Count - shared);
    }
}
