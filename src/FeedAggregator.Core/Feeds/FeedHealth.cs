namespace FeedAggregator.Feeds;

/// <summary>A feed's health in words, for `feeds list` and the status page.</summary>
public static class FeedHealth
{
    public static string State(Feed f) =>
        !f.Enabled ? (f.DisabledReason?.StartsWith("gone") == true ? "gone" : f.DisabledReason?.StartsWith("dead") == true ? "dead" : "disabled")
        : f.ErrorCount > 0 ? "failing" : f.LastSuccessAt is null ? "new" : "ok";

    /// <summary>"every 2 h (publishing history (every 2 h))": the current interval and why.</summary>
    public static string? Interval(Feed f) =>
        f.IntervalSeconds is { } s ? $"every {Show(TimeSpan.FromSeconds(s))} ({f.IntervalReason})" : f.IntervalReason;

    /// <summary>"moving to URL (301 seen 2×)": a permanent redirect not yet confirmed.</summary>
    public static string? PendingMove(Feed f) => f.MovedTo is null ? null : $"moving to {f.MovedTo} (permanent redirect seen {f.MovedSeen}×, not yet confirmed)";

    /// <summary>"2 empty entries skipped (no title, link or content)": what the last document held that was not published.</summary>
    public static string? Skipped(Feed f) => f.SkippedEntries <= 0 ? null
        : $"{f.SkippedEntries} empty {(f.SkippedEntries == 1 ? "entry" : "entries")} skipped on the last poll (no title, link or content)";

    /// <summary>"full text: 12 extracted, 1 kept the summary": the full-text extraction's record on this feed, if any.</summary>
    public static string? FullText(Feed f) => !f.FullText && f.FullTextFetched + f.FullTextFailed == 0 ? null
        : $"full text{(f.FullText ? "" : " (off)")}: {f.FullTextFetched} extracted, {f.FullTextFailed} kept the summary"
          + (f.FullTextError is null ? "" : $"; last trouble: {f.FullTextError}");

    /// <summary>A duration the short way people read it: "45 min", "2.5 h", "1 d".</summary>
    public static string Show(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{t.TotalDays:0.#} d" : t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : $"{Math.Max(1, t.TotalMinutes):0} min";
}
