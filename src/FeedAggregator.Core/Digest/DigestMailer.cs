using System.Security.Cryptography;
using System.Text;
using FeedAggregator.Store;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FeedAggregator.Digest;

/// <summary>Composes a digest email (multipart/alternative: plain text, then HTML) and sends it over SMTP with MailKit.</summary>
public sealed class DigestMailer(IOptions<SmtpOptions> smtp, IOptions<DigestOptions> digest, TimeProvider clock)
{
    public bool Configured => !string.IsNullOrWhiteSpace(smtp.Value.Host);

    /// <summary>The Message-ID of one digest to one recipient, fixed when the delivery is queued, so that a resend
    /// after a crash mid-send carries the same id and mail clients can drop the duplicate.</summary>
    public string MessageIdFor(string slug, string recipient)
    {
        var domain = MailboxAddress.TryParse(digest.Value.From, out var from) && from.Domain is { Length: > 0 } d ? d : "feedagg.localhost";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipient.Trim().ToLowerInvariant())).AsSpan(0, 6));
        return $"digest.{slug}.{hash}@{domain}";
    }

    public MimeMessage Compose(DueDelivery delivery, string? archiveUrl)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(digest.Value.From));
        message.To.Add(MailboxAddress.Parse(delivery.Recipient));
        message.Subject = delivery.Title;
        message.Date = clock.GetUtcNow();
        message.MessageId = delivery.MessageId;
        // RFC 3834: tells autoresponders not to answer. List-Id lets a reader filter digests; there is no
        // List-Unsubscribe because recipients are configuration (Digest:To), not a list anyone can leave by mail.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("List-Id", $"FeedAggregator digest <digest.{message.MessageId.Split('@')[^1]}>");
        if (archiveUrl is not null) message.Headers.Add("List-Archive", $"<{archiveUrl}>");
        message.Body = new BodyBuilder { TextBody = delivery.Text, HtmlBody = delivery.Html }.ToMessageBody();
        return message;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = smtp.Value;
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Smtp:Host is not set"), o.Port, Security(o.Security), ct);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    private static SecureSocketOptions Security(string value) => value.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" or "ssl" => SecureSocketOptions.SslOnConnect,
        _ => throw new FormatException($"Smtp:Security must be none, starttls or tls, not '{value}'"),
    };
}
