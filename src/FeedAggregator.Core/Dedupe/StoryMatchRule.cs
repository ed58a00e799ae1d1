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
        var sameTitle = SameTitle(a.Facts, b.Facts);
        var nearTitle = sameTitle || Jaccard(a.Facts.TitleWords, b.Facts.TitleWords) >= options.SameTitleSimilarity;
        // One headline over two texts that share little: two events under a template headline, whatever the cosine
        // (the embedding reads mostly the shared headline).
        if (nearTitle)
        {
            var bodies = CompareBodies(a.Facts, b.Facts, sameTitle);
            if (bodies == false) return null;
            // Texts too short to compare: one headline hours apart is one story (a wire copy, a headline-only
            // copy); the same words a day later are as likely a template filled again (another council vote).
            if (bodies is null && apart > options.SameTitleWindow) return null;
            if (sameTitle) return (1.5, StoryMatchReason.SameTitle);
            if (Conflict(a.Facts, b.Facts) is not null) return null;
            return (1 + cosine / 10, StoryMatchReason.SameTitle);
        }
        var threshold = a.Facts.HasSummary && b.Facts.HasSummary ? options.SemanticThreshold : options.HeadlineOnlyThreshold;
        threshold += options.ThresholdRisePerDay * apart.TotalDays;
        // The cosine first: most candidates fall short of it, and the facts cost more to compare.
        if (cosine < threshold) return null;
        return Conflict(a.Facts, b.Facts) is null ? (cosine, StoryMatchReason.SimilarMeaning) : null;
    }

    /// <summary>Whether two articles say the other is a different story: their facts conflict, or they carry one
    /// headline over texts that disagree. What a story's every member is checked against before a new article joins.</summary>
    public bool Contradicts(SemanticArticle a, SemanticArticle b)
    {
        if (!string.IsNullOrEmpty(a.CanonicalUrl) && a.CanonicalUrl == b.CanonicalUrl) return false;
        if (Conflict(a.Facts, b.Facts) is not null) return true;
        var nearTitle = a.Facts.TitleKey == b.Facts.TitleKey || Jaccard(a.Facts.TitleWords, b.Facts.TitleWords) >= options.SameTitleSimilarity;
        return nearTitle && CompareBodies(a.Facts, b.Facts, SameTitle(a.Facts, b.Facts)) == false;
    }

    /// <summary>Why two articles cannot be one story although they may read alike, or null: both state figures of
    /// a kind (percentages, sums of money, basis points) and none agree; both headlines name months, countries or
    /// counts and none agree; or the headlines are one template with another name in each ("Ashford council
    /// approves 350 homes" / "Barton council approves 350 homes") — each names something the other never mentions.</summary>
    public string? Conflict(StoryFacts a, StoryFacts b)
    {
        // Headlines first: a summary's other figures ("shares rose 12%") must not hide that the headlines disagree.
        if (Disjoint(a.TitleFigures, b.TitleFigures, "pct:")) return "percentages";
        if (DisjointMoney(a.TitleFigures, b.TitleFigures)) return "sums of money";
        if (Disjoint(a.TitleFigures, b.TitleFigures, "bp:")) return "basis points";
        // Counts agree within a twentieth: "nearly 200 nations" and "195 countries" are one count; 9 and 10 days are two.
        if (CountsDisagree(a.TitleCounts, b.TitleCounts)) return "counts";
        if (Disjoint(a.TitleFigures, b.TitleFigures, "score:")) return "scores";
        if (a.TitleMonths.Count > 0 && b.TitleMonths.Count > 0 && !a.TitleMonths.Overlaps(b.TitleMonths)) return "months";
        if (a.TitleCountries.Count > 0 && b.TitleCountries.Count > 0 && !a.TitleCountries.Overlaps(b.TitleCountries)) return "countries";
        if (a.TitleDirections.Count > 0 && b.TitleDirections.Count > 0 && !a.TitleDirections.Overlaps(b.TitleDirections)) return "directions";
        if (a.TitleOutcomes.Count > 0 && b.TitleOutcomes.Count > 0 && !a.TitleOutcomes.Overlaps(b.TitleOutcomes)) return "outcomes";
        if (Jaccard(a.TitleWords, b.TitleWords) >= options.TemplateSimilarity && NamesOnlyIn(a, b) && NamesOnlyIn(b, a)
            && !AcronymOf(a, b) && !AcronymOf(b, a)) return "names";
        // The words both headlines share in order, once for the three checks that read them.
        var shape = OneShape(a.TitleSequence, b.TitleSequence);
        if (SlotDiffers(a, b, shape)) return "slot";
        // Each headline names someone or something inside it that the other article never mentions, headline or
        // summary ("Rania Fischer resigns …" / "Rania Walsh resigns …"): two subjects. Only where both have a
        // summary, since a headline alone leaves out most of what its story names.
        // A country counts as such a name: "… longevity gene in Ireland" / "Researchers in Valparaíso …".
        if (a.HasSummary && b.HasSummary && SubjectOnlyIn(a, b) && SubjectOnlyIn(b, a) && !AcronymOf(a, b) && !AcronymOf(b, a)) return "subjects";
        if (RolesReversed(a.TitleSequence, b.TitleSequence)) return "roles";
        // One template, another slot filled in each ("strike at the water company" / "strike at the airport
        // operator"): each headline has a word the other article never uses, headline or summary. A rewording
        // shares fewer headline words than a template does, and its other words usually turn up in the summary.
        if (Jaccard(a.TitleWords, b.TitleWords) >= options.SlotTemplateSimilarity && WordsOnlyIn(a, b) && WordsOnlyIn(b, a)
            && shape is not null && !AcronymOf(a, b) && !AcronymOf(b, a)) return "template";
        if (SlotWordsDiffer(a, b, shape)) return "slot words";
        return null;
    }

    // One word is not a headline ("Briefing", "Opinion").
    private static bool SameTitle(StoryFacts a, StoryFacts b) =>
        a.TitleKey.Length > 0 && a.TitleKey == b.TitleKey && a.TitleKey.Contains(' ');

    // At least two words, not one: a filled slot is a phrase ("the water company"), a rewording often a single verb
    // ("wins" / "awarded"). Units of figures ("$1 trillion" / "$1tn") are the figure's, compared above.
    private static bool WordsOnlyIn(StoryFacts a, StoryFacts b)
    {
        var only = 0;
        foreach (var w in a.TitleWords)
            if (char.IsLetter(w[0]) && !FigureUnits.Contains(w) && !b.Words.Contains(w) && ++only >= 2) return true;
        return false;
    }

    private static readonly HashSet<string> FigureUnits = new(StringComparer.Ordinal)
    {
        "tn", "trillion", "bn", "billion", "m", "mn", "million", "k", "thousand", "dollar", "euro", "pound", "yen",
        "percent", "per", "cent", "point", "bps", "basi",
    };

    /// <summary>Whether two articles' texts beyond their headlines agree: null when either says too little to tell
    /// (fewer than <see cref="StoriesOptions.BodyWordsToCompare"/> words, <see cref="StoriesOptions.SameTitleBodyWordsToCompare"/>
    /// under the very same headline; a headline-only copy says nothing), else
    /// whether the shorter one's words are mostly in the other. Copies of one text share nearly all of them however
    /// each outlet cut it; two events under one template headline (the same town's council, two "X resigns") little.</summary>
    public bool? CompareBodies(StoryFacts a, StoryFacts b, bool sameTitle)
    {
        var enough = sameTitle ? options.SameTitleBodyWordsToCompare : options.BodyWordsToCompare;
        if (a.BodyWords.Count < enough || b.BodyWords.Count < enough) return null;
        // The figures the texts add to the headline: a copy repeats them; another event under one template headline
        // has its own ("121 pages" / "222 pages", "8% support" / "20% support").
        if (a.BodyFigures.Count > 0 && b.BodyFigures.Count > 0 && !a.BodyFigures.Overlaps(b.BodyFigures)) return false;
        // So does its day ("confirmed on Tuesday" / "confirmed on Thursday").
        if (a.BodyWeekdays.Count > 0 && b.BodyWeekdays.Count > 0 && !a.BodyWeekdays.Overlaps(b.BodyWeekdays)) return false;
        var (small, large) = a.BodyWords.Count <= b.BodyWords.Count ? (a, b) : (b, a);
        // Against the longer text's opening, not all of it: a copy cut shorter is the other's start, while a long
        // text holds a short line's common words ("news", "more") somewhere whoever wrote it.
        var opening = new HashSet<string>(large.BodySequence.Take(small.BodySequence.Length * 2 + 4), StringComparer.Ordinal);
        var shared = 0;
        foreach (var w in small.BodyWords) if (opening.Contains(w)) shared++;
        if ((double)shared / small.BodyWords.Count < options.BodyAgreement) return false;
        // Agreement on a line or two is weak evidence: one standfirst ("Here is what we know so far") serves many
        // stories. Only enough shared words say "one text"; fewer leave it to the time between them.
        return shared >= options.BodyWordsToConfirm ? true : null;
    }

    // "BoE" in one headline, "Bank of England" in the other: the same name.
    private static bool AcronymOf(StoryFacts a, StoryFacts b) =>
        a.TitleAcronyms.Any(x => !b.Words.Contains(x) && b.TitleInitials.Contains(x, StringComparison.Ordinal));

    // A name of one headline that the other headline lacks. Headlines only: a summary's later sentences name other
    // places and people ("officials in Leeds are watching") without being about them.
    // "Fed" in one, "Federal Reserve" in the other: a short form is the start of the other's word.
    private static bool NamesOnlyIn(StoryFacts a, StoryFacts b)
    {
        foreach (var name in a.TitleNames)
            if (!b.TitleWords.Contains(name) && !b.TitleWords.Any(w => IsShortFormOf(name, w) || IsShortFormOf(w, name))) return true;
        return false;
    }

    /// <summary>Whether two headlines are one shape: the words they share in order make at least
    /// <see cref="StoriesOptions.SlotTemplateShare"/> of each. A template keeps its words in order ("… strike at the
    /// airport operator" / "… strike at the water company"); a rewording rebuilds the sentence ("Redwood to be bought
    /// by Foxglove in $75m deal" / "Foxglove agrees $75m takeover of Redwood"). Returns the longest-common-subsequence
    /// table ([i, j]: the length for x[i..] and y[j..]) for walking the slots, or null.</summary>
    private int[,]? OneShape(string[] x, string[] y)
    {
        if (x.Length == 0 || y.Length == 0 || x.Length > 64 || y.Length > 64) return null;
        var lcs = new int[x.Length + 1, y.Length + 1];
        for (var i = x.Length - 1; i >= 0; i--)
            for (var j = y.Length - 1; j >= 0; j--)
                lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var shared = lcs[0, 0];
        return shared >= options.SlotTemplateShare * x.Length && shared >= options.SlotTemplateShare * y.Length ? lcs : null;
    }

    /// <summary>One headline shape with another name in the same place: the words the two headlines share in order
    /// make at least <see cref="StoriesOptions.SlotTemplateShare"/> of each, and between the same two shared words each
    /// has a name the other lacks ("… on an asteroid in Monterrey" / "… in Morocco"; "Rosa Harrington resigns …" / "Ana
    /// Harrington resigns …"; "Bytewise launches earbuds to rival Parallax" / "Parallax launches earbuds to rival
    /// Bytewise"). A rewording changes verbs and nouns, not who or where.</summary>
    private static bool SlotDiffers(StoryFacts a, StoryFacts b, int[,]? shape) =>
        AnySlot(a, b, shape, (si, ei, sj, ej) => SlotNamesDiffer(a, si, ei, b, sj, ej));

    /// <summary>One headline shape with another phrase in the same place: between the same two words shared in order
    /// (or after the last), each headline has two words or more that the other article never uses ("X resigns after an
    /// expenses row" / "X resigns after a contracts controversy"; "A launches a chip for data centres to rival B" / "A
    /// launches a payments app to rival B"). A rewording scatters its changes ("Huge explosion at Beirut port kills
    /// dozens and injures thousands" / "Beirut port blast leaves dozens dead and thousands hurt").</summary>
    private static bool SlotWordsDiffer(StoryFacts a, StoryFacts b, int[,]? shape) =>
        // Not before the first shared word: a headline's opening is where rewordings differ most.
        AnySlot(a, b, shape, (si, ei, sj, ej) => (si > 0 || sj > 0)
            && UnsharedWords(a, si, ei, b) >= 2 && UnsharedWords(b, sj, ej, a) >= 2, minShared: 2);

    /// <summary>Whether the headlines are one shape (<paramref name="shape"/>, from <see cref="OneShape"/>, with at least
    /// <paramref name="minShared"/> words shared in order) and one of the stretches between words shared in order (a slot: [from, to) in each) passes
    /// <paramref name="differs"/>.</summary>
    private static bool AnySlot(StoryFacts a, StoryFacts b, int[,]? shape, Func<int, int, int, int, bool> differs, int minShared = 0)
    {
        var (x, y) = (a.TitleSequence, b.TitleSequence);
        if (shape is not { } lcs || lcs[0, 0] < minShared) return false;
        int pi = 0, pj = 0, si = 0, sj = 0;
        while (true)
        {
            var matched = pi < x.Length && pj < y.Length && x[pi] == y[pj] && lcs[pi, pj] == lcs[pi + 1, pj + 1] + 1;
            var end = pi >= x.Length || pj >= y.Length;
            if (matched || end)
            {
                var (ei, ej) = end ? (x.Length, y.Length) : (pi, pj);
                if (differs(si, ei, sj, ej)) return true;
                if (end) return false;
                (pi, pj) = (pi + 1, pj + 1);
                (si, sj) = (pi, pj);
            }
            else if (lcs[pi + 1, pj] >= lcs[pi, pj + 1]) pi++;
            else pj++;
        }
    }

    // The distinct content words of a headline's stretch that the other article never uses (figures and their units
    // are compared as figures).
    private static int UnsharedWords(StoryFacts facts, int from, int to, StoryFacts other)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (facts.TitleStems[i] is not { } w || !char.IsLetter(w[0]) || FigureUnits.Contains(w) || other.Words.Contains(w)) continue;
            if (Array.IndexOf(facts.TitleStems, w, from, i - from) < 0) n++;
        }
        return n;
    }

    private static bool SlotNamesDiffer(StoryFacts a, int fromA, int toA, StoryFacts b, int fromB, int toB)
    {
        if (toA - fromA is < 1 or > 3 || toB - fromB is < 1 or > 3) return false;
        bool Names(StoryFacts f, int from, int to)
        {
            for (var i = from; i < to; i++) if (f.TitleNameAt[i]) return true;
            return false;
        }
        if (!Names(a, fromA, toA) || !Names(b, fromB, toB)) return false;
        // "BoE" / "Bank of England", "Fed" / "Federal Reserve": one name written two ways.
        var (sx, sy) = (string.Join(' ', a.TitleSequence[fromA..toA]), string.Join(' ', b.TitleSequence[fromB..toB]));
        static string Initials(string s) => string.Concat(s.Split(' ').Select(w => w[0]));
        if (Initials(sx) == sy.Replace(" ", "", StringComparison.Ordinal) || Initials(sy) == sx.Replace(" ", "", StringComparison.Ordinal)) return false;
        return !IsShortFormOf(sx, sy) && !IsShortFormOf(sy, sx);
    }

    private static bool SubjectOnlyIn(StoryFacts a, StoryFacts b) =>
        InnerNameOnlyIn(a, b) || a.TitleCountries.Any(c => !b.Countries.Contains(c));

    /// <summary>One verb, the roles swapped: "A beat B" / "B beat A", "A launches X to rival B" / "B launches Y to
    /// rival A". The headlines' first shared word comes after a subject each (a few words, none shared), and each
    /// subject is named after the verb in the other headline. A rewording that swaps roles changes the verb too
    /// ("B fall to A", "B to be bought by A"); a synonym subject ("Scientists" / "Researchers") is not named later.</summary>
    private static bool RolesReversed(string[] a, string[] b)
    {
        var startA = a.Length > 0 && a[0] == "the" ? 1 : 0;
        var startB = b.Length > 0 && b[0] == "the" ? 1 : 0;
        for (var i = startA + 1; i < a.Length && i - startA <= 4; i++)
        {
            if (StopWords.Contains(a[i])) continue;
            var j = Array.IndexOf(b, a[i], startB + 1, Math.Min(4, b.Length - startB - 1));
            if (j < 0) continue;
            var (subjectA, subjectB) = (a[startA..i], b[startB..j]);
            if (subjectA.Any(w => subjectB.Contains(w))) continue;
            return subjectA.All(w => Array.IndexOf(b, w, j + 1) >= 0) && subjectB.All(w => Array.IndexOf(a, w, i + 1) >= 0);
        }
        return false;
    }

    private static bool InnerNameOnlyIn(StoryFacts a, StoryFacts b)
    {
        foreach (var name in a.TitleInnerNames)
            if (!b.Words.Contains(name) && !b.Words.Any(w => IsShortFormOf(name, w) || IsShortFormOf(w, name))) return true;
        return false;
    }

    private static bool IsShortFormOf(string shortForm, string word) =>
        shortForm.Length >= 3 && word.Length > shortForm.Length && word.StartsWith(shortForm, StringComparison.Ordinal);

    private static bool CountsDisagree(decimal[] a, decimal[] b)
    {
        if (a.Length == 0 || b.Length == 0) return false;
        foreach (var x in a)
            foreach (var y in b)
                if (Math.Abs(x - y) <= Math.Max(x, y) / 20) return false;
        return true;
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
