namespace FeedAggregator.Dedupe;

/// <summary>
/// Settings of story clustering, bound from configuration section <c>Stories</c>
/// (e.g. <c>Stories:Window=1.00:00:00</c>). Defaults were chosen on the labeled pairs in
/// tests/FeedAggregator.Core.Tests/Dedupe/StoryPairs.json (see StorySimilarityEvaluationTests).
/// </summary>
public sealed class StoriesOptions
{
    public const string SectionName = "Stories";

    /// <summary>Which <see cref="IStoryDecider"/> decides story membership: <c>semantic</c> (sentence embeddings and
    /// the facts of <see cref="StoryMatchRule"/>) or <c>lexical</c> (words: MinHash/LSH).</summary>
    public string Method { get; set; } = SemanticStoryDecider.Name;

    /// <summary>The methods this build knows (a decider registers its name here).</summary>
    public static IReadOnlyList<string> Methods { get; } = [SemanticStoryDecider.Name, LexicalStoryDecider.Name];

    /// <summary>How many waiting articles the story stage decides and writes per transaction: bigger batches embed
    /// faster, smaller ones hold the database write lock for less time.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How often the service's story stage looks for articles waiting for a story (it also runs right
    /// after each polling pass that stored something).</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Articles further apart in publication time than this never join by similarity,
    /// and the index forgets articles older than this.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Minimum similarity for two articles from different feeds to be one story. For the
    /// lexical similarity: the Jaccard similarity of their word sets, halved when their headlines
    /// state conflicting numbers or names. 0.42 is the middle of the range (0.35–0.49) where the
    /// labeled pairs give precision ≥ 0.975 with recall ≥ 0.85 on syndicated + lightly paraphrased pairs.</summary>
    public double SimilarityThreshold { get; set; } = 0.42;

    /// <summary>Lexical method: how much of the Jaccard score two articles keep when each headline states a number or
    /// name the other article never mentions (most likely two events in the same words); scaled, not zeroed, so that an
    /// agency update correcting a figure still matches.</summary>
    public double ConflictFactor { get; set; } = 0.5;

    /// <summary>LSH bands over the MinHash sketch; Bands × Rows hash functions are computed.
    /// A pair of Jaccard s becomes candidates with probability 1 − (1 − s^Rows)^Bands: with 48 × 4,
    /// 78% at s = 0.42, 95% at 0.50, 99.9% at 0.60, but 7% at 0.20 and 0.5% at 0.10, which keeps
    /// lookups to a few candidates (the clustering benchmark: 3 per article, against 57 with 48 × 3,
    /// which finds 96% at 0.42 but is half as fast). Each band costs a hash-table operation per
    /// lookup, add and eviction, so more bands cost time and memory even when they find nothing.</summary>
    public int Bands { get; set; } = 48;

    /// <summary>MinHash values per band: two articles become candidates when all values of one band agree.</summary>
    public int Rows { get; set; } = 4;

    /// <summary>Whether an article may join a story by similarity with an article of its own feed.
    /// Off: within one feed a similar article is an update, a follow-up or a recurring format
    /// ("Live: … latest"), not a second outlet covering the story. Same URL joins regardless.</summary>
    public bool MatchSameFeed { get; set; }

    /// <summary>The most articles the in-memory index keeps (the oldest go first), whatever the window: about
    /// 2.5 KB each, so 40,000 is about 100 MB and covers the 48 h window up to about 20,000 articles a day.
    /// With more feeds than that the effective window is shorter; raise it where memory allows.</summary>
    public int MaxIndexedArticles { get; set; } = 40_000;

    /// <summary>Semantic method: the least cosine similarity of two articles' embeddings (title + summary opening)
    /// for them to be one story, when both have a summary.</summary>
    public double SemanticThreshold { get; set; } = 0.85;

    /// <summary>Semantic method: the same when either article is headline-only (a headline alone sits further from
    /// its story's full text than two full texts do).</summary>
    public double HeadlineOnlyThreshold { get; set; } = 0.7;

    /// <summary>Semantic method: how far below the lower of the two thresholds the index still weighs a candidate
    /// against the rule. Below the thresholds only a near-identical headline joins (the same URL or headline is looked
    /// up apart), and such headlines embed far closer than this; a wider margin costs rule checks, not matches.</summary>
    public double CandidateMargin { get; set; } = 0.15;

    /// <summary>Semantic method: how much either threshold rises per day between the two articles (follow-ups and
    /// the next day's similar event read alike).</summary>
    public double ThresholdRisePerDay { get; set; } = 0.3;

    /// <summary>Semantic method: headlines whose content words overlap this much (Jaccard) are one story without
    /// asking the embeddings, unless a fact contradicts.</summary>
    public double SameTitleSimilarity { get; set; } = 0.7;

    /// <summary>Semantic method: two articles under the same (or a near-identical) headline join only if, where both
    /// say at least <see cref="BodyWordsToCompare"/> words beyond it, this share of the shorter one's words is in the
    /// other (copies of one text share nearly all; two events under one template headline little).</summary>
    public double BodyAgreement { get; set; } = 0.5;

    /// <summary>Semantic method: articles under the same (or a near-identical) headline whose texts are too short to
    /// compare join only this close in time: a wire story's copies come within hours, a template headline ("… council
    /// approves 350 new homes") filled again comes days apart.</summary>
    public TimeSpan SameTitleWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Semantic method: how many content words beyond the headline both summaries need before
    /// <see cref="BodyAgreement"/> is asked (a short standfirst says too little to disagree).</summary>
    public int BodyWordsToCompare { get; set; } = 4;

    /// <summary>Semantic method: the same, for two articles under the very same headline. Fewer words are enough:
    /// copies of one text repeat even its one-line standfirst, while a reworded headline often comes with a
    /// standfirst of its own.</summary>
    public int SameTitleBodyWordsToCompare { get; set; } = 2;

    /// <summary>Semantic method: how many words beyond the headline two texts must share for their agreement to
    /// count as one text; fewer shared words (a stock standfirst) leave the join to <see cref="SameTitleWindow"/>.</summary>
    public int BodyWordsToConfirm { get; set; } = 8;

    /// <summary>Semantic method: headlines overlapping this much (Jaccard of content words) whose each has a word the
    /// other article never uses are one template with another slot filled ("strike at the water company" / "strike
    /// at the airport operator"): two stories. Higher than <see cref="TemplateSimilarity"/>, which asks for names.</summary>
    public double SlotTemplateSimilarity { get; set; } = 0.5;

    /// <summary>Semantic method: headlines whose words in order are this much shared (of each) are read as one shape; a
    /// different name in the same place then makes two stories (<see cref="StoryMatchRule"/>, "slot").</summary>
    public double SlotTemplateShare { get; set; } = 0.4;

    /// <summary>Semantic method: headlines overlapping this much (Jaccard of content words) are read as one template;
    /// then a name in each that the other never mentions keeps them apart.</summary>
    public double TemplateSimilarity { get; set; } = 0.35;

    /// <summary>Semantic method: the most WordPiece tokens of an article (headline first, then summary) the model reads.</summary>
    public int EmbeddingTokens { get; set; } = 48;

    /// <summary>Semantic method: threads ONNX Runtime uses for one embedding batch; 0 is one per core.</summary>
    public int EmbeddingThreads { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (!Methods.Contains(Method, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"{SectionName}:Method must be one of {string.Join(", ", Methods)}, was '{Method}'.");
        if (BatchSize < 1) throw new ArgumentException($"{SectionName}:BatchSize must be at least 1, was {BatchSize}.");
        if (Tick <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:Tick must be positive, was {Tick}.");
        if (Window <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:Window must be positive, was {Window}.");
        if (SimilarityThreshold is <= 0 or > 1 || double.IsNaN(SimilarityThreshold))
        {
            throw new ArgumentException($"{SectionName}:SimilarityThreshold must be in (0, 1], was {SimilarityThreshold}.");
        }
        foreach (var (name, value) in new[] { (nameof(SemanticThreshold), SemanticThreshold), (nameof(HeadlineOnlyThreshold), HeadlineOnlyThreshold),
                     (nameof(SameTitleSimilarity), SameTitleSimilarity), (nameof(TemplateSimilarity), TemplateSimilarity), (nameof(BodyAgreement), BodyAgreement), (nameof(SlotTemplateSimilarity), SlotTemplateSimilarity), (nameof(SlotTemplateShare), SlotTemplateShare),
                     (nameof(ConflictFactor), ConflictFactor), (nameof(CandidateMargin), CandidateMargin) })
        {
            if (value is < 0 or > 1 || double.IsNaN(value)) throw new ArgumentException($"{SectionName}:{name} must be in [0, 1], was {value}.");
        }
        if (ThresholdRisePerDay < 0 || double.IsNaN(ThresholdRisePerDay)) throw new ArgumentException($"{SectionName}:ThresholdRisePerDay must be at least 0, was {ThresholdRisePerDay}.");
        if (SameTitleWindow <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:SameTitleWindow must be positive, was {SameTitleWindow}.");
        if (BodyWordsToCompare < 1) throw new ArgumentException($"{SectionName}:BodyWordsToCompare must be at least 1, was {BodyWordsToCompare}.");
        if (BodyWordsToConfirm < 0) throw new ArgumentException($"{SectionName}:BodyWordsToConfirm must be at least 0, was {BodyWordsToConfirm}.");
        if (SameTitleBodyWordsToCompare < 1) throw new ArgumentException($"{SectionName}:SameTitleBodyWordsToCompare must be at least 1, was {SameTitleBodyWordsToCompare}.");
        if (EmbeddingThreads < 0) throw new ArgumentException($"{SectionName}:EmbeddingThreads must be at least 0, was {EmbeddingThreads}.");
        if (EmbeddingTokens is < 8 or > 256) throw new ArgumentException($"{SectionName}:EmbeddingTokens must be in [8, 256], was {EmbeddingTokens}.");
        if (MaxIndexedArticles < 1) throw new ArgumentException($"{SectionName}:MaxIndexedArticles must be at least 1, was {MaxIndexedArticles}.");
        if (Bands < 1 || Rows < 1 || Bands * Rows > 1024)
        {
            throw new ArgumentException($"{SectionName}:Bands and Rows must be at least 1 with Bands × Rows ≤ 1024, were {Bands} and {Rows}.");
        }
    }
}
