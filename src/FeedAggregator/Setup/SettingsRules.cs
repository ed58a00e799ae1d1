using FeedAggregator.Dedupe;
using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Publish;
using FeedAggregator.Rules;
using FeedAggregator.Store;
using FeedAggregator.WebSub;
using MimeKit;

namespace FeedAggregator.Setup;

/// <summary>Every options section of ours with its rules: what a value must be for the service to make sense.
/// A section added here is bound, checked before start (CommandLine) and validated at start (ValidateOnStart).</summary>
public static class SettingsRules
{
    public static readonly SettingsSection[] Sections =
    [
        new SettingsSection<StorageOptions>("Storage", Storage),
        new SettingsSection<FeedsOptions>("Feeds", (_, _) => { }),
        new SettingsSection<PollingOptions>("Polling", Polling),
        new SettingsSection<PublishingOptions>("Publishing", Publishing),
        new SettingsSection<RetentionOptions>("Retention", Retention),
        new SettingsSection<StoriesOptions>(StoriesOptions.SectionName, (o, _) => o.Validate()),
        new SettingsSection<DigestOptions>(DigestOptions.SectionName, Digest),
        new SettingsSection<SmtpOptions>(SmtpOptions.SectionName, Smtp),
        new SettingsSection<RulesOptions>(RulesOptions.SectionName, Rules),
        new SettingsSection<WebSubOptions>(WebSubOptions.SectionName, WebSub),
    ];

    public static IServiceCollection AddCheckedOptions(this IServiceCollection services, IConfiguration config)
    {
        foreach (var section in Sections) section.Register(services, config);
        return services;
    }

    /// <summary>Every section's check: throws <see cref="SettingsException"/> with one line per bad value; returns the
    /// warnings (unknown keys).</summary>
    public static IReadOnlyList<string> Check(IConfiguration config)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var section in Sections)
        {
            var (e, w) = section.Check(config);
            errors.AddRange(e);
            warnings.AddRange(w);
        }
        // With the unknown keys too: a misspelt key is often why a required one is missing (Smtp:Hots for Smtp:Host).
        if (errors.Count > 0) throw new SettingsException([.. errors, .. warnings]);
        return warnings;
    }

    public static void LogWarnings(IServiceProvider services, IEnumerable<string> warnings)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("FeedAggregator.Settings");
        foreach (var w in warnings) logger.LogWarning("{SettingsWarning}", w);
    }

    private static void Storage(StorageOptions o, SettingRules r)
    {
        // The provider's own rules (Storage:Provider, Storage:ConnectionString); the SQLite file needs a writable folder.
        if (o.Problem() is { } problem) r.Problems.Add("invalid setting: " + problem);
        else if (!o.IsPostgres && Unwritable(o.Path) is { } why)
            r.Require(false, "Path", o.Path, $"a file in a folder this process can write ({why})");
    }

    private static void Polling(PollingOptions o, SettingRules r)
    {
        r.Positive("Interval", o.Interval);
        r.Positive("MinInterval", o.MinInterval);
        r.Require(o.MaxInterval >= o.MinInterval, "MaxInterval", o.MaxInterval, $"at least Polling:MinInterval ({o.MinInterval:c})");
        r.Positive("MaxBackoff", o.MaxBackoff);
        r.Positive("Tick", o.Tick);
        r.AtLeast("Concurrency", o.Concurrency, 1);
        r.AtLeast("PerHostConcurrency", o.PerHostConcurrency, 1);
        r.AtLeast("FullTextConcurrency", o.FullTextConcurrency, 1);
        r.Positive("Timeout", o.Timeout);
        r.Positive("ConnectTimeout", o.ConnectTimeout);
        r.AtLeast("MaxBytes", o.MaxBytes, 1);
        r.AtLeast("MaxRedirects", o.MaxRedirects, 0);
        r.Require(!string.IsNullOrWhiteSpace(o.UserAgent), "UserAgent", o.UserAgent, "a User-Agent naming this service");
        r.AtLeast("HistoryEntries", o.HistoryEntries, 2);
        r.Require(o.Jitter is >= 0 and <= 1, "Jitter", o.Jitter, "a fraction from 0 to 1");
        r.Positive("DeadAfter", o.DeadAfter);
        r.AtLeast("RedirectConfirmations", o.RedirectConfirmations, 1);
        r.Positive("RedirectConfirmAfter", o.RedirectConfirmAfter);
        r.Positive("ParseTimeout", o.ParseTimeout);
        foreach (var a in o.AllowedPrivateAddresses)
            r.Require(System.Net.IPAddress.TryParse(a, out _), "AllowedPrivateAddresses", a, "IP addresses (literals, not host names)");
    }

    private static void Publishing(PublishingOptions o, SettingRules r)
    {
        r.Require(!string.IsNullOrWhiteSpace(o.Title), "Title", o.Title, "the merged feed's title");
        r.Require(o.Items is >= 1 and <= 10_000, "Items", o.Items, "a whole number from 1 to 10000");
        r.Require(string.IsNullOrEmpty(o.BaseUrl) || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
            "BaseUrl", o.BaseUrl, "an absolute http(s) address, e.g. https://news.example.org/");
        r.AtLeast("RequestsPerSecondWhilePolling", o.RequestsPerSecondWhilePolling, 0);
        r.Require(o.RenderIntervalWhilePolling >= TimeSpan.Zero && o.RenderIntervalWhilePolling <= TimeSpan.FromHours(1),
            "RenderIntervalWhilePolling", o.RenderIntervalWhilePolling, "a duration from 00:00:00 to 01:00:00");
    }

    private static void Retention(RetentionOptions o, SettingRules r)
    {
        r.AtLeast("Days", o.Days, 0);
        r.AtLeast("KeepPerFeed", o.KeepPerFeed, 0);
        r.Require(o.At >= TimeSpan.Zero && o.At < TimeSpan.FromDays(1), "At", o.At, "a time of day from 00:00:00 to 23:59:59");
    }

    private static void Digest(DigestOptions o, SettingRules r)
    {
        r.Require(TimeOnly.TryParseExact(o.Time.Trim(), ["H:mm", "HH:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
            "Time", o.Time, "a time of day as HH:mm, e.g. 07:00");
        r.Require(string.IsNullOrWhiteSpace(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone.Trim(), out _),
            "TimeZone", o.TimeZone, "an IANA time zone such as Europe/London or America/New_York");
        // The schedule names the key of bad Digest:Days itself.
        if (r.Problems.Count == 0) _ = new DigestSchedule(o);
        r.AtLeast("MaxItems", o.MaxItems, 1);
        r.AtLeast("TopStories", o.TopStories, 0);
        r.Positive("RetryTick", o.RetryTick);
        r.Positive("RetryBackoff", o.RetryBackoff);
        r.Require(o.MaxRetryBackoff >= o.RetryBackoff, "MaxRetryBackoff", o.MaxRetryBackoff, $"at least Digest:RetryBackoff ({o.RetryBackoff:c})");
        r.Positive("SilentAfter", o.SilentAfter);
        r.Require(MailboxAddress.TryParse(o.From, out _), "From", o.From, "an address such as FeedAggregator <feedagg@example.org>");
        foreach (var to in DigestSetup.ListOf(r.Section, "To", o.To))
            r.Require(MailboxAddress.TryParse(to, out var m) && m.Address.Contains('@'), "To", to, "email addresses, separated by commas");
    }

    private static void WebSub(WebSubOptions o, SettingRules r)
    {
        r.AtLeast("MaxSubscriptions", o.MaxSubscriptions, 0);
        r.AtLeast("PerHostRequestsPerMinute", o.PerHostRequestsPerMinute, 1);
        r.AtLeast("MinLeaseSeconds", o.MinLeaseSeconds, 1);
        r.Require(o.MaxLeaseSeconds >= o.MinLeaseSeconds, "MaxLeaseSeconds", o.MaxLeaseSeconds, $"at least WebSub:MinLeaseSeconds ({o.MinLeaseSeconds})");
        r.Require(o.DefaultLeaseSeconds >= o.MinLeaseSeconds && o.DefaultLeaseSeconds <= o.MaxLeaseSeconds, "DefaultLeaseSeconds", o.DefaultLeaseSeconds,
            $"from WebSub:MinLeaseSeconds to WebSub:MaxLeaseSeconds ({o.MinLeaseSeconds} to {o.MaxLeaseSeconds})");
        r.Positive("Tick", o.Tick);
        r.Positive("RetryBackoff", o.RetryBackoff);
        r.AtLeast("MaxAttempts", o.MaxAttempts, 1);
        r.AtLeast("SubscribeLeaseSeconds", o.SubscribeLeaseSeconds, 1);
    }

    private static void Smtp(SmtpOptions o, SettingRules r)
    {
        r.Require(o.Security.Trim().ToLowerInvariant() is "none" or "starttls" or "tls" or "ssl", "Security", o.Security, "none, starttls or tls");
        r.Require(o.Port is >= 1 and <= 65535, "Port", o.Port, "a port from 1 to 65535");
        r.Positive("Timeout", o.Timeout);
        // Settings for a server without saying which server: a half-done block, not "no mail wanted".
        // (Known keys only: an unknown one such as Smtp:Hots is a warning of its own.)
        var others = r.SetKeys.Where(k => !k.Equals("Host", StringComparison.OrdinalIgnoreCase)
            && typeof(SmtpOptions).GetProperty(k, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase) is not null).ToList();
        if (string.IsNullOrWhiteSpace(o.Host) && others.Count > 0)
            r.Require(false, "Host", o.Host, $"the SMTP server's host name, since {string.Join(", ", others.Select(k => "Smtp:" + k))} {(others.Count == 1 ? "is" : "are")} set");
    }

    private static void Rules(RulesOptions o, SettingRules r)
    {
        r.Require(o.MatchTimeout > TimeSpan.Zero && o.MatchTimeout <= TimeSpan.FromSeconds(10), "MatchTimeout", o.MatchTimeout,
            "a time span above zero and at most 00:00:10, e.g. 00:00:00.100");
        // Each configured rule compiled as the service will use it; the message names the rule's key (Rules:Block:0:Pattern).
        if (r.Problems.Count == 0) _ = o.ToRules();
    }

    /// <summary>Why the SQLite file at <paramref name="path"/> could not be created or written, or null.</summary>
    private static string? Unwritable(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full)) return "it is a folder";
            var folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            if (File.Exists(full))
            {
                using var _ = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            else
            {
                var probe = Path.Combine(folder, $".feedagg-write-check-{Guid.NewGuid():N}");
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e.Message;
        }
    }
}
