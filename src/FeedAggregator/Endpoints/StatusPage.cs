using System.Text.Encodings.Web;
using Fluid;
using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Store;

namespace FeedAggregator.Endpoints;

/// <summary>The status page at /, from Templates/status.html.liquid (Fluid, as the digest: every value HTML-encoded by
/// default). Failing feeds first, then disabled, new and healthy ones; each with its entries, newest entry and health.</summary>
public static class StatusPage
{
    private static readonly IFluidTemplate Template = Load();
    private static readonly TemplateOptions Options = CreateOptions();

    public sealed record Model(string Title, string Now, string LastPass, int FeedCount, int FailingCount, int DisabledCount,
        long EntryCount, long RecentCount, IReadOnlyList<string> Problems, DigestPart Digest, IReadOnlyList<FeedRow> Feeds);

    public sealed record DigestPart(string? LastSlug, string? LastTitle, string? LastAt, string Next, string Delivery, IReadOnlyList<UnsentRow> Unsent);

    public sealed record UnsentRow(string Slug, string Recipient, string State, bool Failing, string? Error);

    public sealed record FeedRow(string Name, string Url, string UrlEscaped, string? Category, string State, long Entries, long Recent,
        string Newest, string LastSuccess, string NextPoll, string? Interval, string? Error, string? ErrorAt, string? ErrorNote,
        string? Repaired, IReadOnlyList<string> Notes);

    public static string Render(IReadOnlyList<Feed> feeds, IReadOnlyDictionary<long, FeedEntryStats> stats, string title, DateTimeOffset now,
        DigestStatus digest, DigestSchedule schedule, bool smtpConfigured, int recipients, IEnumerable<string> problems)
    {
        var rows = feeds.OrderBy(f => Rank(FeedHealth.State(f))).ThenBy(f => f.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(f => Row(f, stats.GetValueOrDefault(f.Id, FeedEntryStats.None))).ToList();
        var lastPass = feeds.Max(f => f.LastPolledAt);
        var model = new Model(title, $"{now:yyyy-MM-dd HH:mm} UTC", lastPass is { } p ? Time(p) : "none yet",
            feeds.Count, feeds.Count(f => f.Enabled && f.ErrorCount > 0), feeds.Count(f => !f.Enabled),
            stats.Values.Sum(s => s.Entries), stats.Values.Sum(s => s.Recent), problems.ToList(),
            Digest(digest, schedule, smtpConfigured, recipients, now), rows);
        return Template.Render(new TemplateContext(model, Options), HtmlEncoder.Default);
    }

    private static int Rank(string state) => state switch { "failing" => 0, "dead" or "gone" or "disabled" => 1, "new" => 2, _ => 3 };

    private static FeedRow Row(Feed f, FeedEntryStats s)
    {
        var notes = new List<string>();
        if (f.DisabledReason is not null) notes.Add("disabled: " + f.DisabledReason);
        if (FeedHealth.PendingMove(f) is { } move) notes.Add(move);
        if (FeedHealth.Skipped(f) is { } skipped) notes.Add(skipped);
        if (FeedHealth.FullText(f) is { } fullText) notes.Add(fullText);
        if (f.Repaired is not null) notes.Add("repaired XML: " + f.Repaired);
        if (f.LastEvent is not null && f.LastEvent != f.DisabledReason) notes.Add($"{Time(f.LastEventAt)}: {f.LastEvent}");
        return new FeedRow(f.DisplayName, f.Url, Uri.EscapeDataString(f.Url), f.Category, FeedHealth.State(f), s.Entries, s.Recent,
            Time(s.NewestAt), Time(f.LastSuccessAt), f.Enabled ? Time(f.NextPollAt) : "—", f.Enabled ? FeedHealth.Interval(f) : null,
            f.LastError, f.LastError is null ? null : Time(f.LastErrorAt),
            f.LastError is null ? null : f.ErrorCount > 0 ? $"{f.ErrorCount} in a row" : "recovered", f.Repaired, notes);
    }

    /// <summary>The last digest, the next one, and any delivery not yet sent with its error, so a broken SMTP setup
    /// shows where the user looks.</summary>
    private static DigestPart Digest(DigestStatus status, DigestSchedule schedule, bool smtpConfigured, int recipients, DateTimeOffset now) =>
        new(status.Last?.Slug, status.Last?.Title, status.Last is { } l ? $"{l.CreatedAt:yyyy-MM-dd HH:mm} UTC" : null,
            $"{schedule.ToLocal(schedule.NextAfter(now)):yyyy-MM-dd HH:mm} {schedule.TimeZone.Id}",
            recipients == 0 ? "no Digest:To, published only" : !smtpConfigured ? "Smtp:Host not set, nothing is mailed" : $"mailed to {recipients}",
            status.Unsent.Select(u => new UnsentRow(u.Slug, u.Recipient,
                u.Attempts == 0 ? "queued" : $"{u.Attempts} failed attempts, next {UnixTime.FromMs(u.NextAttemptAt):yyyy-MM-dd HH:mm:ss} UTC",
                u.Attempts > 0, u.LastError)).ToList());

    private static string Time(long? ms) => ms is { } v and > 0 ? UnixTime.FromMs(v).ToString("yyyy-MM-dd HH:mm") : "never";

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        foreach (var type in new[] { typeof(Model), typeof(DigestPart), typeof(UnsentRow), typeof(FeedRow) })
            options.MemberAccessStrategy.Register(type);
        return options;
    }

    private static IFluidTemplate Load()
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("FeedAggregator.Endpoints.Templates.status.html.liquid")
            ?? throw new InvalidOperationException("template status.html.liquid is not embedded");
        return new FluidParser().TryParse(new StreamReader(stream).ReadToEnd(), out var template, out var error)
            ? template : throw new InvalidOperationException($"template status.html.liquid: {error}");
    }
}
