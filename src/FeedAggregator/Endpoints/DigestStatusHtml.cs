using System.Text;
using System.Text.Encodings.Web;
using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Store;

namespace FeedAggregator.Endpoints;

/// <summary>The digest's line on the status page: the last digest, the next one, and any delivery not yet sent
/// with its error, so a broken SMTP setup shows where the user looks.</summary>
public static class DigestStatusHtml
{
    public static string Render(DigestStatus status, DigestSchedule schedule, bool smtpConfigured, int recipients, DateTimeOffset now)
    {
        var h = HtmlEncoder.Default;
        var sb = new StringBuilder("<p>Digest: ");
        sb.Append(status.Last is { } last
            ? $"""last <a href="/digests/{last.Slug}">{h.Encode(last.Title)}</a> ({last.CreatedAt:yyyy-MM-dd HH:mm} UTC)"""
            : "none yet");
        sb.Append($"; next {schedule.ToLocal(schedule.NextAfter(now)):yyyy-MM-dd HH:mm} {h.Encode(schedule.TimeZone.Id)}");
        sb.Append(recipients == 0 ? "; no Digest:To, published only" : !smtpConfigured ? "; <span class=\"failing\">Smtp:Host not set, nothing is mailed</span>" : $"; mailed to {recipients}");
        sb.Append(""" · <a href="/digest.atom">digest feed</a> · <a href="/digests/latest">latest</a></p>""");
        foreach (var u in status.Unsent)
        {
            var state = u.Attempts == 0 ? "queued" : $"{u.Attempts} failed attempts, next {UnixTime.FromMs(u.NextAttemptAt):yyyy-MM-dd HH:mm:ss} UTC";
            sb.Append($"""<p class="{(u.Attempts > 0 ? "failing" : "")}">Digest {h.Encode(u.Slug)} to {h.Encode(u.Recipient)} not sent: {state}""");
            if (u.LastError is not null) sb.Append($": {h.Encode(u.LastError)}");
            sb.Append("</p>");
        }
        return sb.ToString();
    }
}
