namespace FeedAggregator.Dedupe.Evaluation;

/// <summary>
/// Pairwise scoring of a clustering against a labeled set, as the stories-dev reference scorer does it: over all
/// unordered pairs, a pair is positive when both entries have the same story; a join is a pair in one cluster.
/// Hard-negative pairs are a negative entry against each entry of the story it is near.
/// </summary>
public sealed class PairwiseScore
{
    public required int Entries { get; init; }
    public required int PositivePairs { get; init; }
    public required int PredictedJoins { get; init; }
    public required int TrueJoins { get; init; }
    public required IReadOnlyDictionary<string, (int Found, int Pairs)> ByKind { get; init; }
    public required int HardNegativePairs { get; init; }
    public required IReadOnlyList<Pair> HardNegativesJoined { get; init; }
    public required IReadOnlyList<Pair> OtherWrongJoins { get; init; }
    public required IReadOnlyList<Pair> Missed { get; init; }

    /// <summary>Null when nothing was joined.</summary>
    public double? Precision => PredictedJoins == 0 ? null : (double)TrueJoins / PredictedJoins;

    public double? Recall => PositivePairs == 0 ? null : (double)TrueJoins / PositivePairs;

    /// <summary>Hard negatives joined to their story though published within <paramref name="hours"/> of it.</summary>
    public int HardNegativesJoinedWithin(double hours) => HardNegativesJoined.Count(p => p.HoursApart <= hours);

    public sealed record Pair(LabeledEntry A, LabeledEntry B, string Kind)
    {
        public double HoursApart => Math.Abs((A.PublishedAt - B.PublishedAt).TotalHours);
    }

    public static PairwiseScore Compute(IReadOnlyList<LabeledEntry> entries, IReadOnlyDictionary<string, string> clusterOf)
    {
        var kinds = new Dictionary<string, (int Found, int Pairs)>(StringComparer.Ordinal);
        var storyKind = entries.Where(e => e.Story is not null).GroupBy(e => e.Story!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Kind).Distinct().Count() == 1 ? g.First().Kind : "mixed", StringComparer.Ordinal);
        int positives = 0, predicted = 0, correct = 0, hardPairs = 0;
        var hard = new List<Pair>();
        var wrong = new List<Pair>();
        var missed = new List<Pair>();
        for (var i = 0; i < entries.Count; i++)
            for (var j = i + 1; j < entries.Count; j++)
            {
                var (a, b) = (entries[i], entries[j]);
                var positive = a.Story is not null && a.Story == b.Story;
                var isHard = (a.Near is not null && a.Near == b.Story) || (b.Near is not null && b.Near == a.Story);
                var joined = clusterOf.TryGetValue(a.Id, out var ca) && clusterOf.TryGetValue(b.Id, out var cb) && ca == cb;
                if (isHard) hardPairs++;
                if (positive)
                {
                    positives++;
                    var kind = storyKind[a.Story!];
                    var (found, pairs) = kinds.GetValueOrDefault(kind);
                    kinds[kind] = (found + (joined ? 1 : 0), pairs + 1);
                    if (!joined) missed.Add(new Pair(a, b, kind));
                }
                if (!joined) continue;
                predicted++;
                if (positive) correct++;
                else if (isHard) hard.Add(a.Near is not null ? new Pair(a, b, "hard") : new Pair(b, a, "hard"));
                else wrong.Add(new Pair(a, b, "other"));
            }
        return new PairwiseScore
        {
            Entries = entries.Count, PositivePairs = positives, PredictedJoins = predicted, TrueJoins = correct,
            ByKind = kinds, HardNegativePairs = hardPairs, HardNegativesJoined = hard, OtherWrongJoins = wrong, Missed = missed,
        };
    }
}
