namespace FeedAggregator.Parse;

/// <summary>
/// Turns what the readers collected into the normalized model: text fields rendered to plain
/// text, HTML fields escaped or sanitized with absolute URLs, contract precedence rules applied.
/// Sanitizing is a separate stage: with <c>cleaner == null</c> HTML is passed through as found
/// (used to measure the parse stage alone).
/// </summary>
internal static class FeedFinisher
{
    public static ParsedFeed Finish(FeedDraft d, bool bozo, string? bozoReason, HtmlCleaner? cleaner, CancellationToken ct)
    {
        // Relative links in content fall back to the channel link when there is no other base.
        Uri? channelBase = d.Link is not null && UrlResolver.HasScheme(d.Link) && Uri.TryCreate(d.Link, UriKind.Absolute, out var cl) ? cl : null;
        var entries = new ParsedEntry[d.Entries.Count];
        var html = new HtmlStep(cleaner, channelBase, d.Notes, ct);
        for (int i = 0; i < entries.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            entries[i] = FinishEntry(d.Entries[i], html);
        }
        return new ParsedFeed
        {
            Format = d.Format,
            Bozo = bozo,
            BozoReason = bozoReason,
            Title = Text(d.Title),
            Link = d.Link ?? d.OtherLink,
            Subtitle = Text(d.Description ?? d.ItunesSubtitle ?? d.ItunesSummary),
            Language = d.Language?.Trim() is { Length: > 0 } lang ? lang : null,
            Id = d.Id,
            Updated = d.Updated,
            Published = d.Published,
            Authors = d.Authors.ToArray(),
            Image = d.Image,
            Generator = d.Generator,
            Rights = Text(d.Rights),
            TtlMinutes = d.TtlMinutes,
            UpdatePeriodMinutes = UpdatePeriodMinutes(d.UpdatePeriod, d.UpdateFrequency),
            SkipHours = d.SkipHours.ToArray(),
            SkipDays = d.SkipDays.ToArray(),
            Entries = entries,
            Notes = d.Notes.Distinct().ToArray(),
        };
    }

    /// <summary>What sanitizing an entry's HTML needs: the cleaner (null: pass through), the fallback base, where
    /// limit notes go, and the parse budget.</summary>
    private sealed record HtmlStep(HtmlCleaner? Cleaner, Uri? ChannelBase, List<string> Notes, CancellationToken Ct);

    private static ParsedEntry FinishEntry(EntryDraft e, HtmlStep step)
    {
        var guidLink = e.Guid is not null && e.GuidIsPermaLink && e.Link is null ? UrlResolver.Resolve(e.Base, e.Guid) : null;
        var summary = e.Description ?? e.ItunesSummary ?? e.MediaDescription ?? e.Content;
        var content = Html(e.Content, step);
        return new ParsedEntry
        {
            Id = e.Id ?? e.Guid ?? e.About,
            Title = Text(e.Title ?? e.MediaTitle),
            Link = e.Link ?? (guidLink is not null && UrlResolver.HasScheme(guidLink) ? guidLink : null) ?? e.OtherLink,
            OriginalLink = e.OriginalLink,
            Published = e.Published,
            Updated = e.Updated,
            // Without a summary of its own the content is the summary: sanitized once, not twice.
            Summary = summary == e.Content ? content : Html(summary, step),
            Content = content,
            Authors = e.Authors.ToArray(),
            Categories = e.Categories.ToArray(),
            Enclosures = e.Enclosures.ToArray(),
            Comments = e.Comments,
            Image = e.Thumbnail ?? e.Image,
        };
    }

    private static string? Text(RawText? t)
    {
        if (t is not { } v) return null;
        var s = MojibakeRepair.Fix(v.IsHtml ? TextRenderer.HtmlToText(v.Value) : v.Value.Trim());
        return s.Length == 0 ? null : s;
    }

    private static string? Html(RawText? t, HtmlStep step)
    {
        if (t is not { } v) return null;
        string html = MojibakeRepair.Fix(v.IsHtml ? v.Value : TextRenderer.TextToHtml(v.Value));
        if (step.Cleaner is not null && v.IsHtml) html = step.Cleaner.Clean(html, v.Base ?? step.ChannelBase, step.Notes, step.Ct);
        html = html.Trim();
        return html.Length == 0 ? null : html;
    }

    private static int? UpdatePeriodMinutes(string? period, int? frequency)
    {
        if (period is null && frequency is null) return null;
        int minutes = (period ?? "daily").Trim().ToLowerInvariant() switch
        {
            "hourly" => 60,
            "daily" => 24 * 60,
            "weekly" => 7 * 24 * 60,
            "monthly" => 30 * 24 * 60,
            "yearly" => 365 * 24 * 60,
            _ => 24 * 60,
        };
        int f = frequency is > 0 ? frequency.Value : 1;
        return Math.Max(1, minutes / f);
    }
}
