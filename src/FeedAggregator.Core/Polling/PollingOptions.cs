namespace FeedAggregator.Polling;

/// <summary>Configuration section "Polling".</summary>
public sealed class PollingOptions
{
    /// <summary>How often a feed is polled when nothing else says otherwise.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Never poll one feed more often than this.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Never wait longer than this between polls of a healthy feed (publisher hints may ask for more, up to MaxBackoff).</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(12);
    /// <summary>The longest wait after repeated errors; also caps Retry-After and publisher hints.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How often the scheduler looks for due feeds.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a worker's claim on a feed lasts: a worker that dies mid-pass leaves its feeds to the others after this.
    /// Longer than a refresh can take (Timeout, a few times over for redirects and discovery).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Feeds refreshed at once, over all hosts.</summary>
    public int Concurrency { get; set; } = 16;
    /// <summary>Article pages fetched at once for feeds with full text on (apart from the feeds' own Concurrency).</summary>
    public int FullTextConcurrency { get; set; } = 4;
    /// <summary>Requests at once to one host.</summary>
    public int PerHostConcurrency { get; set; } = 2;
    /// <summary>Total time for one request, body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Largest body read; a larger one is an error on that feed.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Real time one fetched document may take to parse and sanitize; a longer one is an error on that feed.</summary>
    public TimeSpan ParseTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Connect to loopback, link-local, private (RFC 1918, CGNAT, unique-local) and other non-public
    /// addresses: off by default, the SSRF guard (<see cref="Fetch.PrivateNetworkGuard"/>).</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>With the guard on, these addresses (IP literals) are still allowed, e.g. one intranet feed server.</summary>
    public List<string> AllowedPrivateAddresses { get; set; } = [];
    /// <summary>Redirects followed per request; a longer chain is an error.</summary>
    public int MaxRedirects { get; set; } = 5;
    public string UserAgent { get; set; } = "FeedAggregator/1.0 (self-hosted feed aggregator)";
    /// <summary>How many of the newest dated entries the publishing-frequency estimate looks at.</summary>
    public int HistoryEntries { get; set; } = 20;
    /// <summary>Upper bound of the random extra wait added to every interval, as a fraction of it.</summary>
    public double Jitter { get; set; } = 0.1;
    /// <summary>A feed answering 404 for this long (every poll in between failing) is disabled as dead.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromDays(7);
    /// <summary>A 301/308 replaces the stored URL once seen on this many polls in a row…</summary>
    public int RedirectConfirmations { get; set; } = 3;
    /// <summary>…or on two polls at least this far apart.</summary>
    public TimeSpan RedirectConfirmAfter { get; set; } = TimeSpan.FromDays(1);
}
