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
    /// <summary>While a poll pass of the service runs, the HTTP outputs answer at most this many requests per second; the
    /// others wait their turn (Serving/OutputPacer.cs). 0: never paced. Health checks and metrics are not paced.</summary>
    public int RequestsPerSecondWhilePolling { get; set; } = 2000;
    /// <summary>While a poll pass of the service runs, each output is rendered again at most this often (the data moves
    /// with every commit; meanwhile the previous rendering is served with its own ETag). Outside a pass, half a second.</summary>
    public TimeSpan RenderIntervalWhilePolling { get; set; } = TimeSpan.FromSeconds(5);
}
