using FeedAggregator.Feeds;

namespace FeedAggregator.Polling;

public enum RefreshStatus { Changed, Unchanged, NotModified, Error, Deferred }

/// <summary>What refreshing one feed did: the line `feedagg poll` prints for it. <see cref="Note"/> tells of a change to
/// the subscription itself (URL moved, feed discovered, feed disabled).</summary>
public sealed record RefreshOutcome(Feed Feed, RefreshStatus Status, int New = 0, int Updated = 0, int Unchanged = 0, string? Error = null,
    string? Note = null)
{
    public override string ToString() => (Status switch
    {
        RefreshStatus.Error => $"error      {Feed.Url}  {Error}",
        RefreshStatus.Deferred => $"deferred   {Feed.Url}",
        RefreshStatus.NotModified => $"unchanged  {Feed.Url}  (304 Not Modified)",
        RefreshStatus.Unchanged when New == 0 && Updated == 0 && Unchanged == 0 => $"unchanged  {Feed.Url}  (same body)",
        _ => $"{(New > 0 ? "new" : Updated > 0 ? "updated" : "unchanged"),-10} {Feed.Url}  {New} new, {Updated} updated, {Unchanged} unchanged",
    }) + (Note is null ? "" : $"\n           {Note}");
}
