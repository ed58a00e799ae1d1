namespace FeedAggregator.Digest;

/// <summary>Configuration section "Smtp": where digests are sent through.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    /// <summary>Empty means no mail is sent (deliveries stay pending and the status page says why).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>none | starttls | tls (implicit TLS, usually port 465).</summary>
    public string Security { get; set; } = "starttls";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>For one SMTP conversation (connect, authenticate, send).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
