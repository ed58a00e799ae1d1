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

    public static string Describe(Feed f)
    {
        var parts = new List<string> { $"{State(f),-8} {f.Url}" };
        if (f.Title is not null) parts.Add($"  \"{f.Title}\"");
        if (f.Category is not null) parts.Add($"  [{f.Category}]");
        parts.Add($"\n         last success: {Time(f.LastSuccessAt)}; next poll: {(!f.Enabled ? "never" : f.NextPollAt == 0 ? "due now" : Time(f.NextPollAt))}");
        if (Interval(f) is { } interval) parts.Add($"; {interval}");
        if (f.LastError is not null)
            parts.Add($"\n         last error: {Time(f.LastErrorAt)}: {f.LastError}{(f.ErrorCount > 0 ? $" ({f.ErrorCount} in a row)" : " (recovered)")}");
        if (f.DisabledReason is not null) parts.Add($"\n         disabled: {f.DisabledReason}");
        if (PendingMove(f) is { } move) parts.Add($"\n         {move}");
        if (Skipped(f) is { } skipped) parts.Add($"\n         {skipped}");
        if (f.LastEvent is not null && f.LastEvent != f.DisabledReason) parts.Add($"\n         {Time(f.LastEventAt)}: {f.LastEvent}");
        return string.Concat(parts);
    }

    /// <summary>A duration the short way people read it: "45 min", "2.5 h", "1 d".</summary>
    public static string Show(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{t.TotalDays:0.#} d" : t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : $"{Math.Max(1, t.TotalMinutes):0} min";

    private static string Time(long? ms) => ms is { } v and > 0 ? UnixTime.FromMs(v).ToString("yyyy-MM-dd HH:mm:ss'Z'") : "never";
}
