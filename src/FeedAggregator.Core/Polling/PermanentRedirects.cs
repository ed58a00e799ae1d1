using FeedAggregator.Feeds;

namespace FeedAggregator.Polling;

/// <summary>A 301/308 replaces the stored URL only once it has been seen consistently: on
/// Polling:RedirectConfirmations polls in a row, or on two polls Polling:RedirectConfirmAfter apart. One
/// misconfigured deploy must not move a subscription for good; 302/307 never count (the fetcher reports
/// only all-permanent chains).</summary>
public static class PermanentRedirects
{
    public sealed record Sighting(string? MovedTo, int Seen, long? Since, bool Confirmed);

    public static Sighting Observe(Feed feed, Uri? target, DateTimeOffset now, PollingOptions o)
    {
        if (target is null || target.AbsoluteUri == feed.Url) return new Sighting(null, 0, null, false);
        var url = target.AbsoluteUri;
        var nowMs = now.ToMs();
        var (seen, since) = feed.MovedTo == url ? (feed.MovedSeen + 1, feed.MovedSince ?? nowMs) : (1, nowMs);
        var confirmed = seen >= Math.Max(1, o.RedirectConfirmations)
                        || (seen >= 2 && TimeSpan.FromMilliseconds(nowMs - since) >= o.RedirectConfirmAfter);
        return new Sighting(url, seen, since, confirmed);
    }
}
