using FeedAggregator.Feeds;

namespace FeedAggregator.Polling;

public enum RefreshStatus { Changed, Unchanged, NotModified, Error }

/// <summary>What refreshing one feed did: the line `feedagg poll` prints for it.</summary>
public sealed record RefreshOutcome(Feed Feed, RefreshStatus Status, int New = 0, int Updated = 0, int Unchanged = 0, string? Error = null)
{
    public override string ToString() => Status switch
    {
        RefreshStatus.Error => $"error      {Feed.Url}  {Error}",
        RefreshStatus.NotModified => $"unchanged  {Feed.Url}  (304 Not Modified)",
        RefreshStatus.Unchanged when New == 0 && Updated == 0 && Unchanged == 0 => $"unchanged  {Feed.Url}  (same body)",
        _ => $"{(New > 0 ? "new" : Updated > 0 ? "updated" : "unchanged"),-10} {Feed.Url}  {New} new, {Updated} updated, {Unchanged} unchanged",
    };
}
