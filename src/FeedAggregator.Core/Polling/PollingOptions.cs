namespace FeedAggregator.Polling;

/// <summary>Configuration section "Polling".</summary>
public sealed class PollingOptions
{
    /// <summary>How often a feed is polled when nothing else says otherwise.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Never poll one feed more often than this.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Never wait longer than this between polls of a healthy feed.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(12);
    /// <summary>The longest wait after repeated errors.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How often the scheduler looks for due feeds.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Feeds refreshed at once, over all hosts.</summary>
    public int Concurrency { get; set; } = 16;
    /// <summary>Requests at once to one host.</summary>
    public int PerHostConcurrency { get; set; } = 2;
    /// <summary>Total time for one request, body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Largest body read; a larger one is an error on that feed.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxRedirects { get; set; } = 5;
    public string UserAgent { get; set; } = "FeedAggregator/1.0 (self-hosted feed aggregator)";
}
