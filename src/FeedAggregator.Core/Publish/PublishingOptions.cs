namespace FeedAggregator.Publish;

/// <summary>Configuration section "Publishing".</summary>
public sealed class PublishingOptions
{
    public string Title { get; set; } = "FeedAggregator";
    /// <summary>The public address of this service, for self and next links; when unset, taken from the request.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>Entries per page of the merged feed.</summary>
    public int Items { get; set; } = 100;
    /// <summary>One entry per story (the same news from several feeds shown once, "also covered by" the
    /// others); false gives one entry per article.</summary>
    public bool CollapseStories { get; set; } = true;
}
