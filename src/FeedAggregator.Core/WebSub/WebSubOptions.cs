using System.Security.Cryptography;
using System.Text;

namespace FeedAggregator.WebSub;

/// <summary>Configuration section "WebSub": the hub at /websub that pushes the merged feeds, and subscribing to
/// source feeds' own hubs. Checked with the other sections (SettingsRules.WebSub).</summary>
public sealed class WebSubOptions
{
    public const string SectionName = "WebSub";

    /// <summary>Subscriptions the hub accepts in all (each topic × callback counts once).</summary>
    public int MaxSubscriptions { get; set; } = 1000;
    /// <summary>Subscribe/unsubscribe requests accepted per callback host per minute.</summary>
    public int PerHostRequestsPerMinute { get; set; } = 10;
    /// <summary>The lease given when the subscriber asks for none, and the bounds of what it may ask for.</summary>
    public int DefaultLeaseSeconds { get; set; } = 10 * 24 * 3600;
    public int MinLeaseSeconds { get; set; } = 300;
    public int MaxLeaseSeconds { get; set; } = 30 * 24 * 3600;
    /// <summary>How often the hub verifies pending requests, expires leases and pushes changed feeds.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Wait after a failed delivery, doubled per failure…</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>…up to this many attempts at one content; then that content is skipped for the subscriber.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Subscribe to the hubs source feeds advertise (needs a public Publishing:BaseUrl for the callback).</summary>
    public bool Subscribe { get; set; }
    /// <summary>The lease asked of source feeds' hubs; renewed when a tenth of it is left.</summary>
    public int SubscribeLeaseSeconds { get; set; } = 7 * 24 * 3600;
    /// <summary>Polling:AllowPrivateNetworks, copied at start: a private or loopback Publishing:BaseUrl then counts as reachable.</summary>
    internal bool AllowPrivateNetworks { get; private set; }

    public void ReadPollingSettings(Microsoft.Extensions.Configuration.IConfiguration config) =>
        AllowPrivateNetworks = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<bool>(config, "Polling:AllowPrivateNetworks");
}

/// <summary>X-Hub-Signature: the HMAC-SHA256 of the body with the subscription's secret (WebSub §8).</summary>
public static class WebSubSignature
{
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header.Trim().ToLowerInvariant()));
    }
}
