namespace FeedAggregator.Feeds;

/// <summary>A feed's health in words, for `feeds list` and the status page.</summary>
public static class FeedHealth
{
    public static string State(Feed f) =>
        !f.Enabled ? "disabled" : f.ErrorCount > 0 ? "failing" : f.LastSuccessAt is null ? "new" : "ok";

    public static string Describe(Feed f)
    {
        var parts = new List<string> { $"{State(f),-8} {f.Url}" };
        if (f.Title is not null) parts.Add($"  \"{f.Title}\"");
        if (f.Category is not null) parts.Add($"  [{f.Category}]");
        parts.Add($"\n         last success: {Time(f.LastSuccessAt)}; next poll: {(!f.Enabled ? "never" : f.NextPollAt == 0 ? "due now" : Time(f.NextPollAt))}");
        if (f.IntervalSeconds is { } s) parts.Add($" (every {TimeSpan.FromSeconds(s)}, {f.IntervalReason})");
        if (f.LastError is not null)
            parts.Add($"\n         last error: {Time(f.LastErrorAt)}: {f.LastError}{(f.ErrorCount > 0 ? $" ({f.ErrorCount} in a row)" : " (recovered)")}");
        if (f.DisabledReason is not null) parts.Add($"\n         disabled: {f.DisabledReason}");
        return string.Concat(parts);
    }

    private static string Time(long? ms) => ms is { } v and > 0 ? UnixTime.FromMs(v).ToString("yyyy-MM-dd HH:mm:ss'Z'") : "never";
}
