using System.Text;
using FeedAggregator.Dedupe;
using Xunit.Abstractions;

namespace FeedAggregator.Core.Tests.Dedupe;

/// <summary>
/// Precision and recall of pairwise same-story decisions on the labeled pairs, through the real
/// path: canonical URLs, signatures and a <see cref="StoryIndex"/> with default options (LSH included).
/// Gate: precision ≥ 0.97 and recall ≥ 0.80 on syndicated + light pairs, where every negative pair
/// counts for precision. Heavy paraphrases are reported, not gated: a lexical similarity cannot
/// see that "Bank of England holds rates" and "Interest rates left unchanged" are one story.
/// </summary>
public sealed class StorySimilarityEvaluationTests(ITestOutputHelper output)
{
    private const double MinimumPrecision = 0.97;
    private const double MinimumRecall = 0.80;

    [Fact]
    public void Same_story_decisions_meet_precision_and_recall_on_syndicated_and_light_pairs()
    {
        var pairs = StoryPair.Load();
        var options = new StoriesOptions();
        var similarity = new MinHashSimilarity(options.Bands * options.Rows, options.ConflictFactor);
        var results = pairs.Select(pair => Decide(pair, options, similarity)).ToList();

        var report = new StringBuilder();
        report.AppendLine($"Story pairs: {pairs.Count}; threshold {options.SimilarityThreshold}, {options.Bands} bands × {options.Rows} rows");
        foreach (var kind in new[] { "syndicated", "light", "heavy", "negative" })
        {
            var ofKind = results.Where(r => r.Pair.Kind == kind).ToList();
            var scores = ofKind.Select(r => r.TextScore).Order().ToList();
            report.AppendLine($"  {kind,-10} n={ofKind.Count,3}  judged same={ofKind.Count(r => r.JudgedSame),3}" +
                $"  by URL={ofKind.Count(r => r.Match?.Reason == StoryMatchReason.SameUrl),2}" +
                $"  text score min/median/max={scores[0]:0.00}/{scores[scores.Count / 2]:0.00}/{scores[^1]:0.00}");
        }
        var gated = Measure(results, "syndicated", "light");
        var all = Measure(results, "syndicated", "light", "heavy");
        report.AppendLine($"syndicated+light: {gated}");
        report.AppendLine($"syndicated:       {Measure(results, "syndicated")}");
        report.AppendLine($"light:            {Measure(results, "light")}");
        report.AppendLine($"heavy:            {Measure(results, "heavy")}");
        report.AppendLine($"all positives:    {all}");
        report.AppendLine("Threshold sweep on text score (same URL always joins; LSH misses not simulated):");
        foreach (var threshold in new[] { 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.50 })
        {
            var swept = results.Select(r => r with { JudgedSame = r.Match?.Reason == StoryMatchReason.SameUrl || r.TextScore >= threshold }).ToList();
            report.AppendLine($"  {threshold:0.00}: syndicated+light {Measure(swept, "syndicated", "light")}; with heavy {Measure(swept, "syndicated", "light", "heavy")}");
        }
        foreach (var wrong in results.Where(r => r.JudgedSame != r.Pair.Same).OrderBy(r => r.Pair.Kind))
        {
            report.AppendLine($"  wrong {wrong.Pair.Id} ({wrong.Pair.Kind}) score {wrong.TextScore:0.00}: \"{wrong.Pair.A.Title}\" / \"{wrong.Pair.B.Title}\"");
        }

        var text = report.ToString();
        output.WriteLine(text);
        Console.WriteLine(text);
        Assert.True(gated.Precision >= MinimumPrecision, $"precision {gated.Precision:0.000} < {MinimumPrecision}\n{text}");
        Assert.True(gated.Recall >= MinimumRecall, $"recall {gated.Recall:0.000} < {MinimumRecall}\n{text}");
    }

    private static PairResult Decide(StoryPair pair, StoriesOptions options, IStorySimilarity similarity)
    {
        var feeds = new Dictionary<string, long>();
        long FeedId(string name) => feeds.TryGetValue(name, out var id) ? id : feeds[name] = feeds.Count + 1;
        var a = pair.A.ToCandidate(1, FeedId);
        var b = pair.B.ToCandidate(2, FeedId);
        var index = new StoryIndex(options, similarity);
        index.Add(a, storyId: 100);
        var match = index.FindMatch(b);
        var textScore = similarity.Similarity(similarity.CreateSignature(a.Title, a.Summary), similarity.CreateSignature(b.Title, b.Summary));
        return new PairResult(pair, match, match is not null, textScore);
    }

    /// <summary>Precision over the decisions on the given positive kinds plus all negatives; recall over those positives.</summary>
    private static Figures Measure(IReadOnlyList<PairResult> results, params string[] positiveKinds)
    {
        var positives = results.Where(r => positiveKinds.Contains(r.Pair.Kind)).ToList();
        var negatives = results.Where(r => !r.Pair.Same).ToList();
        var truePositives = positives.Count(r => r.JudgedSame);
        var falsePositives = negatives.Count(r => r.JudgedSame);
        var precision = truePositives + falsePositives == 0 ? 1 : (double)truePositives / (truePositives + falsePositives);
        var recall = positives.Count == 0 ? 1 : (double)truePositives / positives.Count;
        return new Figures(precision, recall, truePositives, positives.Count, falsePositives, negatives.Count);
    }

    private sealed record PairResult(StoryPair Pair, StoryMatch? Match, bool JudgedSame, double TextScore);

    private sealed record Figures(double Precision, double Recall, int TruePositives, int Positives, int FalsePositives, int Negatives)
    {
        public override string ToString() =>
            $"precision {Precision:0.000} recall {Recall:0.000} (found {TruePositives}/{Positives}, false joins {FalsePositives}/{Negatives} negatives)";
    }
}
