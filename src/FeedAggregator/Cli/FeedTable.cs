using System.Text;
using System.Text.Json;
using FeedAggregator.Feeds;
using FeedAggregator.Store;

namespace FeedAggregator.Cli;

/// <summary>`feeds list`: an aligned table (with each feed's problems on indented lines under it), or JSON.</summary>
public static class FeedTable
{
    /// <summary>"Recent" entries, as the status page counts them too.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Text(IReadOnlyList<Feed> feeds, IReadOnlyDictionary<long, FeedEntryStats> stats)
    {
        string[] header = ["STATE", "ENTRIES", "7 DAYS", "NEWEST ENTRY", "LAST SUCCESS", "NEXT POLL", "FEED"];
        var rows = feeds.Select(f =>
        {
            var s = stats.GetValueOrDefault(f.Id, FeedEntryStats.None);
            var name = f.Url + (f.Title is null ? "" : $"  \"{f.Title}\"") + (f.Category is null ? "" : $"  [{f.Category}]");
            return new[]
            {
                FeedHealth.State(f), s.Entries.ToString(), s.Recent.ToString(), Time(s.NewestAt), Time(f.LastSuccessAt),
                !f.Enabled ? "never" : f.NextPollAt == 0 ? "due now" : Time(f.NextPollAt), name,
            };
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var numeric = new[] { false, true, true, false, false, false, false };
        var sb = new StringBuilder();
        void Row(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) =>
            i == cells.Length - 1 ? c : numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Row(header);
        for (var i = 0; i < feeds.Count; i++)
        {
            Row(rows[i]);
            foreach (var detail in Details(feeds[i])) sb.Append("    ").AppendLine(detail);
        }
        sb.Append($"{feeds.Count} feeds, {feeds.Count(f => f.Enabled && f.ErrorCount > 0)} failing, {feeds.Count(f => !f.Enabled)} disabled; " +
            $"{stats.Values.Sum(s => s.Entries)} entries");
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<Feed> feeds, IReadOnlyDictionary<long, FeedEntryStats> stats) =>
        JsonSerializer.Serialize(feeds.Select(f =>
        {
            var s = stats.GetValueOrDefault(f.Id, FeedEntryStats.None);
            return new
            {
                f.Url, f.Title, f.Category, State = FeedHealth.State(f), f.Enabled, f.DisabledReason,
                s.Entries, EntriesLast7Days = s.Recent, NewestEntry = Iso(s.NewestAt),
                LastSuccess = Iso(f.LastSuccessAt), LastPoll = Iso(f.LastPolledAt), NextPoll = f.Enabled ? Iso(f.NextPollAt) : null,
                Interval = FeedHealth.Interval(f), f.LastError, LastErrorAt = Iso(f.LastErrorAt), ConsecutiveErrors = f.ErrorCount,
                f.Repaired, f.LastEvent,
            };
        }), Indented);

    /// <summary>What the row cannot show: the interval and why, the last error, a pending move, the last change.</summary>
    private static IEnumerable<string> Details(Feed f)
    {
        if (FeedHealth.Interval(f) is { } interval && f.Enabled) yield return interval;
        if (f.LastError is not null)
            yield return $"last error {Time(f.LastErrorAt)}: {f.LastError}{(f.ErrorCount > 0 ? $" ({f.ErrorCount} in a row)" : " (recovered)")}";
        if (f.DisabledReason is not null) yield return $"disabled: {f.DisabledReason}";
        if (FeedHealth.PendingMove(f) is { } move) yield return move;
        if (FeedHealth.Skipped(f) is { } skipped) yield return skipped;
        if (FeedHealth.FullText(f) is { } fullText) yield return fullText;
        if (f.Repaired is not null) yield return $"repaired XML: {f.Repaired}";
        if (f.LastEvent is not null && f.LastEvent != f.DisabledReason) yield return $"{Time(f.LastEventAt)}: {f.LastEvent}";
    }

    private static string Time(long? ms) => ms is { } v and > 0 ? UnixTime.FromMs(v).ToString("yyyy-MM-dd HH:mm'Z'") : "never";

    private static string? Iso(long? ms) => ms is { } v and > 0 ? UnixTime.FromMs(v).ToString("yyyy-MM-ddTHH:mm:ssZ") : null;
}
