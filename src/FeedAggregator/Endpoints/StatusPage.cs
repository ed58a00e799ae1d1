using System.Text;
using System.Text.Encodings.Web;
using FeedAggregator.Feeds;

namespace FeedAggregator.Endpoints;

/// <summary>The small status page at /: links to every output, then each feed's health.</summary>
public static class StatusPage
{
    private const string Css = """
        body{font:15px/1.4 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em}
        table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;border-bottom:1px solid #ddd;vertical-align:top}
        .failing{color:#a00}.disabled,.gone,.dead{color:#888}small{color:#555}
        """;

    public static string Render(IReadOnlyList<Feed> feeds, string title, DateTimeOffset now, string digestHtml = "")
    {
        var h = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{h.Encode(title)}</title>
            <style>{Css}</style></head><body>
            <h1>{h.Encode(title)}</h1>
            <p>Subscribe: <a href="/feed.atom">Atom</a> · <a href="/feed.rss">RSS</a> · <a href="/feed.json">JSON Feed</a> · <a href="/opml">OPML</a> · <a href="/healthz">health</a> · <a href="/metrics">metrics</a></p>
            <p>{feeds.Count} feeds, {feeds.Count(f => f.ErrorCount > 0)} failing, {feeds.Count(f => !f.Enabled)} disabled. Now: {now:yyyy-MM-dd HH:mm} UTC.</p>
            {digestHtml}
            <table><tr><th>Feed</th><th>State</th><th>Last success</th><th>Next poll · interval</th><th>Last error · changes</th></tr>
            """);
        foreach (var f in feeds)
        {
            var state = FeedHealth.State(f);
            sb.Append($"""<tr class="{state}"><td><a href="/feed.atom?feed={Uri.EscapeDataString(f.Url)}">{h.Encode(f.DisplayName)}</a><br><small>{h.Encode(f.Url)}{(f.Category is null ? "" : " · " + h.Encode(f.Category))}</small></td>""");
            sb.Append($"<td>{state}</td><td>{Time(f.LastSuccessAt)}</td><td>{(f.Enabled ? Time(f.NextPollAt) : "—")}");
            if (FeedHealth.Interval(f) is { } interval) sb.Append($"<br><small>{h.Encode(interval)}</small>");
            sb.Append("</td><td>");
            if (f.LastError is not null)
                sb.Append($"{Time(f.LastErrorAt)}: {h.Encode(f.LastError)}{(f.ErrorCount > 0 ? $" <small>({f.ErrorCount} in a row)</small>" : " <small>(recovered)</small>")}");
            if (f.DisabledReason is not null) sb.Append($"<br>disabled: {h.Encode(f.DisabledReason)}");
            if (FeedHealth.PendingMove(f) is { } move) sb.Append($"<br><small>{h.Encode(move)}</small>");
            if (FeedHealth.Skipped(f) is { } skipped) sb.Append($"<br><small>{h.Encode(skipped)}</small>");
            if (f.LastEvent is not null && f.LastEvent != f.DisabledReason) sb.Append($"<br><small>{Time(f.LastEventAt)}: {h.Encode(f.LastEvent)}</small>");
            sb.Append("</td></tr>\n");
        }
        sb.Append("</table></body></html>\n");
        return sb.ToString();
    }

    private static string Time(long? ms) => ms is { } v and > 0 ? UnixTime.FromMs(v).ToString("yyyy-MM-dd HH:mm") : "never";
}
