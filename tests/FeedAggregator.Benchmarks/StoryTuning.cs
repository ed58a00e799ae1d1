using System.Globalization;
using FeedAggregator.Dedupe;
using FeedAggregator.Dedupe.Evaluation;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `stories-tune FILE.jsonl...`: a grid search over the semantic method's thresholds (the defaults were last chosen
/// with `feedagg stories eval` runs on the same halves and farms; README, Stories). The entries of all files are embedded
/// once; for each setting in a grid they are clustered in arrival order with <see cref="SemanticStoryIndex"/> (the
/// matcher the story stage uses, without the database) and scored pairwise. The setting is chosen on half 0 of the
/// first file (<see cref="LabeledEntry.Half"/>): the highest recall with precision ≥ 0.97 and no hard negative within
/// 48 h joined; the figures on half 1, on the whole first file and on the other files are printed for it.
/// </summary>
internal static class StoryTuning
{
    public static int Run(string[] args)
    {
        string? farmDir = null, cache = null;
        var farmChecks = 400;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--farm") farmDir = args[++i];
            else if (args[i] == "--cache") cache = args[++i];
            else if (args[i] == "--farm-checks") farmChecks = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else files.Add(args[i]);
        }
        var sets = files.Select(f => (File: f, Entries: LabeledEntry.Read(f))).ToList();
        if (sets.Count == 0) throw new ArgumentException("usage: stories-tune FILE.jsonl [MORE.jsonl...] [--farm FARMDIR [--cache EMBEDDINGS.bin]]");
        using var embedder = new SentenceEmbedder();
        var prepared = sets.Select(s => (s.File, s.Entries, Articles: Prepare(s.Entries, embedder))).ToList();
        var (file, entries, articles) = prepared[0];
        var halves = new[] { 0, 1 }.Select(h => entries.Select((e, i) => (e, i)).Where(x => x.e.Half == h).Select(x => x.i).ToArray()).ToArray();
        var halfZero = new Candidates(halves[0].Select(i => articles[i]).ToArray());
        var halfZeroEntries = halves[0].Select(i => entries[i]).ToList();
        Farm? farm = farmDir is null ? null : Farm.Load(farmDir, cache, embedder);

        var grid =
            // Around the defaults (arctic-embed-xs's cosines sit higher than MiniLM's did).
            from semantic in Steps(0.50, 0.95, 0.025)
            from headline in Steps(0.50, 0.95, 0.025)
            from rise in Steps(0, 0.6, 0.1)
            from sameTitle in new[] { 0.7, 1.0 }
            from template in new[] { 0.35 }
            select new StoriesOptions
            {
                SemanticThreshold = semantic, HeadlineOnlyThreshold = headline, ThresholdRisePerDay = rise,
                SameTitleSimilarity = sameTitle, TemplateSimilarity = template,
            };
        var results = grid.Select(o => (Options: o, Score: PairwiseScore.Compute(halfZeroEntries, halfZero.Cluster(o, halfZeroEntries)))).ToList();
        var feasible = results.Where(r => r.Score.Precision >= 0.97 && r.Score.HardNegativesJoinedWithin(48) == 0).ToList();
        Console.WriteLine($"{results.Count} settings, {feasible.Count} feasible on half 0 ({halves[0].Length} entries) of {file}");
        if (farm is not null)
        {
            // The farm's templated headlines must stay apart too: a setting must also keep its precision ≥ 0.97.
            farm.ShowWrongJoins(new StoriesOptions(), 25);
            // The farm is costly to cluster: checked on the best settings of each semantic threshold, from the strictest.
            feasible = feasible.GroupBy(r => r.Options.SemanticThreshold).OrderByDescending(g => g.Key)
                .Select(g => g.OrderByDescending(r => r.Score.Recall).ThenByDescending(r => r.Options.HeadlineOnlyThreshold).First())
                .Take(farmChecks).Where(r =>
                {
                    var f = farm.Score(r.Options);
                    Console.WriteLine($"  semantic {r.Options.SemanticThreshold}, headline-only {r.Options.HeadlineOnlyThreshold}, rise {r.Options.ThresholdRisePerDay}, same title {r.Options.SameTitleSimilarity}: dev half 0 recall {r.Score.Recall:0.000}; farm {f}");
                    return f.Precision >= 0.97 && f.Recall >= 0.95;
                }).ToList();
            Console.WriteLine($"{feasible.Count} of the best also hold on the farm");
        }
        if (feasible.Count == 0) return 1;
        var bestRecall = feasible.Max(r => r.Score.Recall ?? 0);
        // Among the settings as good as the best, the one in the middle of each parameter's range of them, not an edge.
        var plateau = feasible.Where(r => (r.Score.Recall ?? 0) >= bestRecall - 1e-9).ToList();
        var chosen = new StoriesOptions
        {
            SemanticThreshold = Middle(plateau.Select(p => p.Options.SemanticThreshold)),
            HeadlineOnlyThreshold = Middle(plateau.Select(p => p.Options.HeadlineOnlyThreshold)),
            ThresholdRisePerDay = Middle(plateau.Select(p => p.Options.ThresholdRisePerDay)),
            SameTitleSimilarity = Middle(plateau.Select(p => p.Options.SameTitleSimilarity)),
            TemplateSimilarity = Middle(plateau.Select(p => p.Options.TemplateSimilarity)),
        };
        Console.WriteLine($"plateau: {plateau.Count} settings at recall {bestRecall:0.000}; middle: semantic {chosen.SemanticThreshold:0.000}, headline-only {chosen.HeadlineOnlyThreshold:0.000}, rise/day {chosen.ThresholdRisePerDay}, same title {chosen.SameTitleSimilarity}, template {chosen.TemplateSimilarity}");
        foreach (var s in new[] { "semantic", "headline", "rise", "same", "template" })
            Console.WriteLine($"  range of {s}: {Range(plateau, s)}");
        if (farm is not null) Console.WriteLine($"farm: {farm.Score(chosen)}");
        Print("half 0 (chosen on)", Score(entries, articles, halves[0], chosen));
        Print("half 1 (held out)", Score(entries, articles, halves[1], chosen));
        Print("whole", Score(entries, articles, [.. Enumerable.Range(0, entries.Count)], chosen));
        foreach (var (otherFile, otherEntries, otherArticles) in prepared.Skip(1))
            Print(Path.GetFileName(otherFile), Score(otherEntries, otherArticles, [.. Enumerable.Range(0, otherEntries.Count)], chosen), list: true);
        Print("defaults, whole", Score(entries, articles, [.. Enumerable.Range(0, entries.Count)], new StoriesOptions()), list: true);
        return 0;
    }

    private static string Range(List<(StoriesOptions Options, PairwiseScore Score)> plateau, string which)
    {
        var values = plateau.Select(p => which switch
        {
            "semantic" => p.Options.SemanticThreshold, "headline" => p.Options.HeadlineOnlyThreshold, "rise" => p.Options.ThresholdRisePerDay,
            "same" => p.Options.SameTitleSimilarity, _ => p.Options.TemplateSimilarity,
        }).ToList();
        return $"{values.Min():0.000}–{values.Max():0.000}";
    }

    private static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static IEnumerable<double> Steps(double from, double to, double step)
    {
        for (var v = from; v <= to + 1e-9; v += step) yield return Math.Round(v, 3);
    }

    /// <summary>For quick clustering under many settings: each article's earlier articles with cosine at least 0.25
    /// (or the same headline), so a setting does not redo the dot products. Picks the best match as
    /// <see cref="SemanticStoryIndex"/> does; the chosen setting's figures come from the index itself.</summary>
    private sealed class Candidates
    {
        private readonly SemanticArticle[] _articles;
        private readonly int[] _order;
        private readonly List<(int J, float Cosine)>[] _earlier;

        public Candidates(SemanticArticle[] articles)
        {
            _articles = articles;
            _order = [.. Enumerable.Range(0, articles.Length).OrderBy(i => articles[i].PublishedAt).ThenBy(i => i)];
            var rank = new int[articles.Length];
            for (var r = 0; r < _order.Length; r++) rank[_order[r]] = r;
            _earlier = new List<(int, float)>[articles.Length];
            Parallel.For(0, articles.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                var list = new List<(int, float)>();
                for (var j = 0; j < articles.Length; j++)
                {
                    if (rank[j] >= rank[i]) continue;
                    if ((articles[i].PublishedAt - articles[j].PublishedAt).Duration() > TimeSpan.FromDays(2)) continue;
                    var cos = SentenceEmbedder.Cosine(articles[i].Embedding, articles[j].Embedding);
                    if (cos >= 0.25f || articles[i].Facts.TitleKey == articles[j].Facts.TitleKey
                        || (articles[i].CanonicalUrl is not null && articles[i].CanonicalUrl == articles[j].CanonicalUrl)) list.Add((j, cos));
                }
                _earlier[i] = list;
            });
        }

        public Action<int, int, double>? Explain { get; set; }

        public long[] ClusterIds(StoriesOptions options)
        {
            var rule = new StoryMatchRule(options);
            var story = new long[_articles.Length];
            foreach (var i in _order)
            {
                var best = -1;
                var bestScore = double.MinValue;
                foreach (var (j, cos) in _earlier[i])
                {
                    if (rule.Match(_articles[i], _articles[j], cos) is not { } m) continue;
                    if (m.Score > bestScore || (m.Score == bestScore && _articles[j].PublishedAt < _articles[best].PublishedAt)) (best, bestScore) = (j, m.Score);
                }
                story[i] = best < 0 ? i : story[best];
                if (best >= 0 && Explain is not null) Explain(i, best, bestScore);
            }
            return story;
        }

        public Dictionary<string, string> Cluster(StoriesOptions options, List<LabeledEntry> entries)
        {
            var ids = ClusterIds(options);
            return entries.Select((e, i) => (e.Id, ids[i])).ToDictionary(x => x.Id, x => x.Item2.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
    }

    /// <summary>A farm's items, embedded (cached in a file across runs), scored as ../shared/bench/score-dedup.py does:
    /// pairwise over true stories, and how many true stories lead no cluster (have no entry of their own).</summary>
    private sealed class Farm
    {
        private readonly List<FarmStories.Item> _items;
        private readonly Candidates _candidates;

        private Farm(List<FarmStories.Item> items, SemanticArticle[] articles)
        {
            _items = items;
            _candidates = new Candidates(articles);
        }

        public static Farm Load(string dir, string? cache, SentenceEmbedder embedder)
        {
            var items = FarmStories.Load(dir);
            var texts = items.Select(i => StoryText.ForEmbedding(i.Title, i.Summary)).ToArray();
            float[][] vectors;
            if (cache is not null && File.Exists(cache) && new FileInfo(cache).Length == (long)texts.Length * SentenceEmbedder.Dimensions * 4)
            {
                var bytes = File.ReadAllBytes(cache);
                vectors = [.. Enumerable.Range(0, texts.Length).Select(i => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * SentenceEmbedder.Dimensions * 4, SentenceEmbedder.Dimensions * 4)).ToArray())];
            }
            else
            {
                var list = new List<float[]>();
                for (var i = 0; i < texts.Length; i += 64) list.AddRange(embedder.Embed(texts[i..Math.Min(texts.Length, i + 64)]));
                vectors = [.. list];
                if (cache is not null) File.WriteAllBytes(cache, [.. vectors.SelectMany(v => System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray())]);
            }
            var articles = items.Select((it, i) => new SemanticArticle
            {
                ArticleId = i + 1, FeedId = it.Feed, CanonicalUrl = it.CanonicalUrl, PublishedAt = it.Published,
                Embedding = vectors[i], Facts = StoryFacts.Extract(it.Title, it.Summary),
            }).ToArray();
            Console.WriteLine($"farm {dir}: {items.Count} items, {items.Select(i => i.Story).Distinct().Count()} stories");
            return new Farm(items, articles);
        }

        public void ShowWrongJoins(StoriesOptions options, int max)
        {
            var shown = 0;
            _candidates.Explain = (i, j, score) =>
            {
                if (_items[i].Story == _items[j].Story || shown++ >= max) return;
                Console.WriteLine($"   WRONG {score:0.000} '{_items[i].Title}' | {_items[i].Summary[..Math.Min(80, _items[i].Summary.Length)]} <-> '{_items[j].Title}' | {_items[j].Summary[..Math.Min(80, _items[j].Summary.Length)]}");
            };
            _candidates.ClusterIds(options);
            _candidates.Explain = null;
        }

        public FarmScore Score(StoriesOptions options)
        {
            var ids = _candidates.ClusterIds(options);
            long truePairs = 0, predicted = 0, correct = 0;
            foreach (var g in _items.Select((it, i) => (it.Story, i)).GroupBy(x => x.Story)) truePairs += (long)g.Count() * (g.Count() - 1) / 2;
            var leads = new HashSet<string>();
            foreach (var cluster in Enumerable.Range(0, ids.Length).GroupBy(i => ids[i]))
            {
                var members = cluster.ToList();
                predicted += (long)members.Count * (members.Count - 1) / 2;
                foreach (var s in members.GroupBy(i => _items[i].Story)) correct += (long)s.Count() * (s.Count() - 1) / 2;
                leads.Add(_items[(int)cluster.Key].Story);
            }
            var stories = _items.Select(i => i.Story).Distinct().Count();
            return new FarmScore(predicted == 0 ? 1 : (double)correct / predicted, truePairs == 0 ? 1 : (double)correct / truePairs, stories - leads.Count);
        }
    }

    private sealed record FarmScore(double Precision, double Recall, int StoriesWithoutEntry)
    {
        public override string ToString() => $"story precision {Precision:0.000}, recall {Recall:0.000}, {StoriesWithoutEntry} stories without an entry of their own";
    }

    internal static SemanticArticle[] Prepare(List<LabeledEntry> entries, SentenceEmbedder embedder)
    {
        var vectors = new List<float[]>();
        var texts = entries.Select(e => StoryText.ForEmbedding(e.Title, e.Summary)).ToArray();
        for (var i = 0; i < texts.Length; i += 32) vectors.AddRange(embedder.Embed(texts[i..Math.Min(texts.Length, i + 32)]));
        var outlets = new Dictionary<string, long>(StringComparer.Ordinal);
        return entries.Select((e, i) => new SemanticArticle
        {
            ArticleId = i + 1,
            FeedId = outlets.TryGetValue(e.Outlet, out var f) ? f : outlets[e.Outlet] = outlets.Count + 1,
            PublishedAt = e.PublishedAt,
            Embedding = vectors[i],
            Facts = StoryFacts.Extract(e.Title, e.Summary),
        }).ToArray();
    }

    internal static PairwiseScore Score(List<LabeledEntry> entries, SemanticArticle[] articles, int[] subset, StoriesOptions options)
    {
        var index = new SemanticStoryIndex(options);
        var clusterOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = subset.OrderBy(i => articles[i].PublishedAt).ThenBy(i => i).ToArray();
        foreach (var i in order)
        {
            var match = index.FindMatch(articles[i]);
            var story = match?.StoryId ?? articles[i].ArticleId;
            index.Add(articles[i], story);
            clusterOf[entries[i].Id] = story.ToString(CultureInfo.InvariantCulture);
        }
        return PairwiseScore.Compute([.. subset.Select(i => entries[i])], clusterOf);
    }

    internal static void Print(string label, PairwiseScore s, bool list = false)
    {
        var kinds = string.Join(", ", s.ByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value.Found}/{k.Value.Pairs}"));
        Console.WriteLine($"{label}: precision {s.Precision:0.000} ({s.TrueJoins}/{s.PredictedJoins}), recall {s.Recall:0.000} ({s.TrueJoins}/{s.PositivePairs}); {kinds}; hard negatives joined {s.HardNegativesJoined.Count}/{s.HardNegativePairs} ({s.HardNegativesJoinedWithin(48)} within 48 h)");
        if (!list) return;
        foreach (var p in s.HardNegativesJoined.Concat(s.OtherWrongJoins)) Console.WriteLine($"   WRONG {p.A.Id} '{p.A.Title}' <-> {p.B.Id} '{p.B.Title}'");
        foreach (var p in s.Missed) Console.WriteLine($"   MISSED [{p.Kind}] {p.A.Id} '{p.A.Title}' <-> {p.B.Id} '{p.B.Title}'");
    }
}

/// <summary>`stories-pairs FILE.jsonl [TOKENS]`: every positive and hard-negative pair with its cosine and the conflict
/// the rule sees (diagnostics for choosing the rule).</summary>
internal static class StoryPairsDump
{
    public static int Run(string[] args)
    {
        var entries = LabeledEntry.Read(args[0]);
        using var embedder = new SentenceEmbedder(maxTokens: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 48);
        var articles = StoryTuning.Prepare(entries, embedder);
        var defaults = new StoriesOptions();
        var rule = new StoryMatchRule(defaults);
        // Pairs of other stories far below both thresholds say nothing about where to put them.
        var below = Math.Min(defaults.SemanticThreshold, defaults.HeadlineOnlyThreshold) - 0.25;
        for (var i = 0; i < entries.Count; i++)
            for (var j = i + 1; j < entries.Count; j++)
            {
                var (a, b) = (entries[i], entries[j]);
                var positive = a.Story is not null && a.Story == b.Story;
                var hard = (a.Near is not null && a.Near == b.Story) || (b.Near is not null && b.Near == a.Story);
                var cos = SentenceEmbedder.Cosine(articles[i].Embedding, articles[j].Embedding);
                if (!positive && !hard && cos < below) continue;
                var hours = Math.Abs((a.PublishedAt - b.PublishedAt).TotalHours);
                Console.WriteLine(string.Join('\t', positive ? (a.Kind) : hard ? "HARD" : "other", cos.ToString("0.000", CultureInfo.InvariantCulture),
                    hours.ToString("0", CultureInfo.InvariantCulture), (a.Summary.Length > 0 ? "S" : "h") + (b.Summary.Length > 0 ? "S" : "h"),
                    rule.Conflict(articles[i].Facts, articles[j].Facts) ?? "-", StoryMatchRule.Jaccard(articles[i].Facts.TitleWords, articles[j].Facts.TitleWords).ToString("0.00", CultureInfo.InvariantCulture),
                    a.Id, b.Id, a.Title, b.Title));
            }
        return 0;
    }
}
