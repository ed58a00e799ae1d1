namespace FeedAggregator.Publish;

/// <summary>Configuration section "Publishing".</summary>
public sealed class PublishingOptions
{
    public string Title { get; set; } = "FeedAggregator";
    /// <summary>The public address of this service, for self and next links; when unset, taken from the request.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>Entries per page of the merged feed.</summary>
    public int Items { get; set; } = 100;
}
