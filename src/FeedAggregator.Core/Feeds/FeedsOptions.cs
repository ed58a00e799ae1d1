namespace FeedAggregator.Feeds;

/// <summary>Configuration section "Feeds".</summary>
public sealed class FeedsOptions
{
    /// <summary>The subscription list kept in sync with the database (at start and whenever the file changes).</summary>
    public string Opml { get; set; } = "config/feeds.opml";
}
