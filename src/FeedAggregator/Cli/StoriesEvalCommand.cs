using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FeedAggregator.Dedupe;
using FeedAggregator.Dedupe.Evaluation;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary>
/// `stories eval FILE.jsonl [--json] [--emit-clusters FILE]`: clusters a labeled set (the stories-dev format) through
/// the real story stage — the entries stored as polling stores them, one feed per outlet, in publication order, in a
/// temporary database — with the configured <c>Stories:*</c> settings, and scores the stories pairwise.
/// </summary>
public static class StoriesEvalCommand
{
    public static Command Create(string[] overrides)
    {
        var file = new Argument<string>("FILE") { Description = "Entries in the stories-dev JSONL format (id, story, near, kind, outlet, title, summary, published; optional link)" };
        var json = new Option<bool>("--json") { Description = "Print the figures and lists as one JSON object" };
        var emit = new Option<string?>("--emit-clusters") { Description = "Also write entry_id<TAB>cluster_id lines to this file (for score.py)" };
        var command = new Command("eval", "Cluster a labeled set through the story stage and print pairwise precision and recall") { file, json, emit };
        command.SetAction(async (result, ct) =>
        {
            List<LabeledEntry> entries;
            try
            {
                entries = LabeledEntry.Read(result.GetValue(file)!);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"stories eval: {e.Message}");
                return 2;
            }
            var folder = Directory.CreateTempSubdirectory("feedagg-eval-");
            try
            {
                var (clusters, method) = await ClusterAsync(entries, folder.FullName, overrides, ct);
                var score = PairwiseScore.Compute(entries, clusters);
                if (result.GetValue(emit) is { } path)
                    await File.WriteAllLinesAsync(path, entries.Select(e => $"{e.Id}\t{clusters[e.Id]}"), ct);
                Console.WriteLine(result.GetValue(json) ? Json(score, method) : Text(score, method));
                return 0;
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        });
        return command;
    }

    /// <summary>The story of each entry, as the stage decides it (story ids as text).</summary>
    internal static async Task<(Dictionary<string, string> Clusters, string Method)> ClusterAsync(
        IReadOnlyList<LabeledEntry> entries, string folder, string[] overrides, CancellationToken ct)
    {
        // The set's own database, whatever the configuration says; its dates are years old, so no retention.
        string[] settings = [.. overrides, $"--Storage:Path={Path.Combine(folder, "eval.db")}", "--Retention:Days=0"];
        using var host = await CliHost.StartAsync(settings, ct);
        var feeds = host.Services.GetRequiredService<FeedStore>();
        var db = host.Services.GetRequiredService<Database>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var feedOf = new Dictionary<string, (long Id, string Url)>(StringComparer.Ordinal);
        var entryOf = new Dictionary<(string FeedUrl, string Key), string>();
        // Stored one by one in publication order, so that arrival order is the order the outlets published in.
        foreach (var e in entries.OrderBy(e => e.PublishedAt).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            if (!feedOf.TryGetValue(e.Outlet, out var feed))
            {
                var url = $"https://{Slug(e.Outlet)}.example/feed.xml";
                await feeds.AddAsync(new FeedSubscription(url, e.Outlet), "eval", ct);
                feed = feedOf[e.Outlet] = ((await feeds.FindAsync(url, ct))!.Id, url);
            }
            var parsed = new ParsedEntry
            {
                Id = e.Id, Title = e.Title, Summary = e.Summary.Length == 0 ? null : e.Summary, Published = e.PublishedAt,
                Link = e.Link ?? $"https://{Slug(e.Outlet)}.example/{Uri.EscapeDataString(e.Id)}",
            };
            var now = clock.GetUtcNow();
            var drafts = ArticleDraft.From([parsed], now);
            foreach (var d in drafts) entryOf[(feed.Url, d.Key)] = e.Id;
            await db.WriteAsync((c, tx) => ArticleStore.UpsertAsync(c, tx, feed.Id, feed.Url, drafts, now, ct), ct);
        }
        await host.Services.GetRequiredService<StoryStage>().CatchUpAsync(ct, wholeHistory: true);
        await using var connection = await db.OpenAsync(ct);
        var stored = await ArticleStore.InStoriesSinceAsync(connection, null, DateTimeOffset.UnixEpoch, int.MaxValue, ct);
        var clusters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in stored)
            if (entryOf.TryGetValue((a.FeedUrl, a.EntryKey), out var id)) clusters[id] = a.StoryId!.Value.ToString(CultureInfo.InvariantCulture);
        foreach (var e in entries) clusters.TryAdd(e.Id, "unclustered-" + e.Id);
        return (clusters, host.Services.GetRequiredService<IOptions<StoriesOptions>>().Value.Method);
    }

    private static string Slug(string outlet) =>
        new string([.. outlet.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-') is { Length: > 0 } s ? s : "outlet";

    private static string Text(PairwiseScore s, string method)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"method {method}: {s.Entries} entries, {s.PositivePairs} same-story pairs, {s.HardNegativePairs} hard-negative pairs");
        w.WriteLine($"precision: {Ratio(s.Precision)}  ({s.TrueJoins}/{s.PredictedJoins})");
        w.WriteLine($"recall:    {Ratio(s.Recall)}  ({s.TrueJoins}/{s.PositivePairs})");
        w.WriteLine("recall by kind:");
        foreach (var (kind, (found, pairs)) in s.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            w.WriteLine($"  {kind,-8} {Ratio(pairs == 0 ? null : (double)found / pairs)}  ({found}/{pairs})");
        w.WriteLine($"hard-negative pairs wrongly joined: {s.HardNegativesJoined.Count}/{s.HardNegativePairs} ({s.HardNegativesJoinedWithin(48)} within 48 h)");
        foreach (var p in s.HardNegativesJoined) w.WriteLine($"  WRONG JOIN [hard negative, {p.HoursApart:0} h] {p.A.Id} '{p.A.Title}' <-> {p.B.Id} '{p.B.Title}'");
        w.WriteLine($"other wrong joins: {s.OtherWrongJoins.Count}");
        foreach (var p in s.OtherWrongJoins) w.WriteLine($"  WRONG JOIN {p.A.Id} '{p.A.Title}' <-> {p.B.Id} '{p.B.Title}'");
        w.WriteLine($"missed pairs: {s.Missed.Count}");
        foreach (var p in s.Missed) w.WriteLine($"  MISSED [{p.Kind}] {p.A.Id} '{p.A.Title}' <-> {p.B.Id} '{p.B.Title}'");
        return w.ToString().TrimEnd();
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "undefined";

    private static string Json(PairwiseScore s, string method)
    {
        static object Pair(PairwiseScore.Pair p) => new { a = p.A.Id, b = p.B.Id, title_a = p.A.Title, title_b = p.B.Title, kind = p.Kind, hours_apart = Math.Round(p.HoursApart, 1) };
        return JsonSerializer.Serialize(new
        {
            method,
            entries = s.Entries,
            positive_pairs = s.PositivePairs,
            predicted_joins = s.PredictedJoins,
            true_joins = s.TrueJoins,
            precision = s.Precision,
            recall = s.Recall,
            recall_by_kind = s.ByKind.ToDictionary(k => k.Key, k => new { found = k.Value.Found, pairs = k.Value.Pairs, recall = k.Value.Pairs == 0 ? (double?)null : (double)k.Value.Found / k.Value.Pairs }),
            hard_negative_pairs = s.HardNegativePairs,
            hard_negative_joined = s.HardNegativesJoined.Count,
            hard_negative_joined_within_48h = s.HardNegativesJoinedWithin(48),
            hard_negative_wrong_joins = s.HardNegativesJoined.Select(Pair),
            other_wrong_joins = s.OtherWrongJoins.Select(Pair),
            missed_pairs = s.Missed.Select(Pair),
        }, new JsonSerializerOptions { WriteIndented = true });
    }
}
