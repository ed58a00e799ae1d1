using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Dedupe;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `clustering [--count N] [--method M] [--batch B] [--bands B --rows R]`: N articles (default 1,000,000) in arrival order,
/// 20,000 a day, from 500 feeds; 10% syndicated copies and 5% paraphrases of an article of the last 12 hours, decided by
/// the Stories:Method decider in batches of B as the story stage asks it (prepare, decide, settle). Times only the
/// dedupe work (unwrap + canonical URL + the decider), not text generation and no database.
/// </summary>
internal static class ClusteringBenchmark
{
    private const int ArticlesPerDay = 20_000;
    private const int Feeds = 500;
    private const int RecentCapacity = ArticlesPerDay / 2;

    public static int Run(string[] args)
    {
        var count = 1_000_000;
        var options = new StoriesOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--method") { options.Method = args[i + 1]; continue; }
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--count": count = value; break;
                case "--batch": options.BatchSize = value; break;
                case "--bands": options.Bands = value; break;
                case "--rows": options.Rows = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        options.Validate();
        var decider = StoryDeciders.Create(options);
        var batch = new List<(StoryCandidate Candidate, Kind Kind, long TrueStory, Story Story, string Link)>(options.BatchSize);
        var news = new SyntheticNews(seed: 20250501);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var interval = TimeSpan.FromDays(1) / ArticlesPerDay;
        // Recent originals and copies a copy or paraphrase can come from: (text, true story, url).
        var recent = new (Story Story, long TrueStory, string Url)[RecentCapacity];
        var recentCount = 0;
        long nextStory = 1, nextTrueStory = 1;
        var storyOfTrueStory = new Dictionary<long, long>();
        int byUrl = 0, byText = 0, newStories = 0, copiesJoined = 0, copies = 0, paraphrasesJoined = 0, paraphrases = 0, wrongJoins = 0;
        long clusteringTicks = 0, peakManaged = 0;

        void DecideBatch()
        {
            var began = Stopwatch.GetTimestamp();
            var candidates = batch.Select(b => b.Candidate).ToList();
            decider.PrepareAsync(candidates, default).AsTask().GetAwaiter().GetResult();
            var decisions = decider.Decide(candidates);
            var storyOf = new Dictionary<long, long>(batch.Count);
            var placed = new List<StoryMember>(batch.Count);
            for (var i = 0; i < decisions.Count; i++)
            {
                var d = decisions[i];
                var storyId = d.StartsStory ? nextStory++ : d.StoryId ?? storyOf[d.WithArticleId!.Value];
                storyOf[d.ArticleId] = storyId;
                placed.Add(new StoryMember(candidates[i], storyId));
            }
            decider.Settle(placed);
            clusteringTicks += Stopwatch.GetTimestamp() - began;

            for (var i = 0; i < decisions.Count; i++)
            {
                var d = decisions[i];
                var (_, kind, trueStory, story, link) = batch[i];
                var storyId = storyOf[d.ArticleId];
                switch (d.Reason)
                {
                    case StoryMatchReason.SameUrl: byUrl++; break;
                    case null: newStories++; break;
                    default: byText++; break;
                }
                if (kind == Kind.Original)
                {
                    if (!d.StartsStory) wrongJoins++;
                    storyOfTrueStory[trueStory] = storyId;
                    recent[recentCount++ % RecentCapacity] = (story, trueStory, link);
                }
                else
                {
                    var joined = !d.StartsStory && storyOfTrueStory.TryGetValue(trueStory, out var expected) && expected == storyId;
                    if (!d.StartsStory && !joined) wrongJoins++;
                    if (kind == Kind.Syndicated) { copies++; if (joined) copiesJoined++; }
                    else { paraphrases++; if (joined) paraphrasesJoined++; }
                }
            }
            batch.Clear();
        }

        for (var n = 0; n < count; n++)
        {
            var published = start + interval * n;
            var roll = news.NextDouble();
            var kind = recentCount == 0 || roll >= 0.15 ? Kind.Original : roll < 0.10 ? Kind.Syndicated : Kind.Paraphrase;
            Story story;
            long trueStory;
            string link;
            string? originalLink = null;
            if (kind == Kind.Original)
            {
                story = news.NewStory();
                trueStory = nextTrueStory++;
                link = $"https://www.outlet{news.Next(Feeds)}.example/news/{trueStory}?utm_source=rss&utm_medium=feed";
            }
            else
            {
                var source = recent[news.Next(Math.Min(recentCount, RecentCapacity))];
                story = kind == Kind.Syndicated ? news.Syndicate(source.Story) : news.Paraphrase(source.Story);
                trueStory = source.TrueStory;
                // A third of the syndicated copies are the agency's own URL with other tracking, behind a feedproxy wrapper.
                if (kind == Kind.Syndicated && news.Next(3) == 0)
                {
                    link = $"http://feedproxy.google.com/~r/agency/~3/{n}/";
                    originalLink = source.Url + "&fbclid=IwAR" + n.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    link = $"https://www.outlet{news.Next(Feeds)}.example/world/{n}?CMP=share_btn_tw#comments";
                }
            }
            var feed = news.Next(Feeds);

            var began = Stopwatch.GetTimestamp();
            var candidate = new StoryCandidate
            {
                ArticleId = n + 1,
                FeedId = feed,
                CanonicalUrl = CanonicalUrl.TryCanonicalize(CanonicalUrl.Unwrap(link, originalLink)),
                Title = story.Title,
                Summary = story.Summary,
                PublishedAt = published,
            };
            clusteringTicks += Stopwatch.GetTimestamp() - began;
            batch.Add((candidate, kind, trueStory, story, link));
            if (batch.Count == options.BatchSize || n == count - 1) DecideBatch();
            if (n % 50_000 == 0)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                storyOfTrueStory.Remove(trueStory - 2 * RecentCapacity); // keep the bookkeeping itself bounded
            }
        }

        var seconds = (double)clusteringTicks / Stopwatch.Frequency;
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"articles:                  {count:N0} ({ArticlesPerDay:N0}/day, window {options.Window.TotalHours} h, Stories:Method={decider.Method}, batches of {options.BatchSize}"
            + (decider is LexicalStoryDecider ? $", threshold {options.SimilarityThreshold}, {options.Bands}x{options.Rows} LSH)" : ")"));
        Console.WriteLine($"clustering time:           {seconds:0.00} s");
        Console.WriteLine($"clustering throughput:     {count / seconds:N0} articles/s");
        if (decider is LexicalStoryDecider lexical)
            Console.WriteLine($"candidates scored:         {(double)lexical.Index.CandidatesScored / count:0.0} per article");
        Console.WriteLine($"GC pauses:                 {GC.GetTotalPauseDuration().TotalSeconds:0.00} s (gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)})");
        Console.WriteLine($"cached at end:             {decider.Count:N0} articles");
        Console.WriteLine($"peak working set:          {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MiB");
        Console.WriteLine($"peak managed memory:       {peakManaged / (1024.0 * 1024):N0} MiB (sampled every 50,000 articles)");
        Console.WriteLine($"decisions:                 new story {newStories:N0}, same URL {byUrl:N0}, similar text {byText:N0}");
        Console.WriteLine($"syndicated copies joined:  {copiesJoined:N0} of {copies:N0} ({Percent(copiesJoined, copies)})");
        Console.WriteLine($"paraphrases joined:        {paraphrasesJoined:N0} of {paraphrases:N0} ({Percent(paraphrasesJoined, paraphrases)})");
        Console.WriteLine($"wrong joins:               {wrongJoins:N0} (an original joined a story, or a copy joined another story)");
        return 0;
    }

    private static string Percent(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private enum Kind { Original, Syndicated, Paraphrase }
}
