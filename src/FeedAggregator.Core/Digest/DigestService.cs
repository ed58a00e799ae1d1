using System.Globalization;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Digest;

/// <summary>The digest use cases: preview the open window, close a window (digest + outbox rows in one
/// transaction), close the windows the schedule says are due, and deliver what the outbox holds.</summary>
public sealed class DigestService(
    DigestStore digests, StoryStore stories, ArticleStore articles, FeedStore feeds, DigestRenderer renderer, DigestMailer mailer,
    IOptions<DigestOptions> digestOptions, IOptions<SmtpOptions> smtpOptions, IOptions<PublishingOptions> publishing,
    TimeProvider clock, ILogger<DigestService> logger)
{
    private readonly DigestOptions _options = digestOptions.Value;
    public DigestSchedule Schedule { get; } = new(digestOptions.Value);

    // Set when due windows were left open because the story stage had not caught up; null when none wait. The delivery
    // tick retries them with the same catch-up flag (in memory: after a restart the start-up catch-up run does it).
    private bool? _deferredCatchingUp;

    /// <summary>True when a due window waits for the story stage (<see cref="CloseDeferredWindowsAsync"/> retries it).</summary>
    public bool HasDeferredWindows => _deferredCatchingUp is not null;

    /// <summary>The email (<see cref="Rendered"/>, at most Digest:MaxItems stories in full) and the web page's body
    /// (<see cref="WebBody"/>, every story).</summary>
    public sealed record Draft(DigestModel Model, DigestRenderer.Rendered Rendered, string WebBody, string Slug);

    /// <summary>The digest of the window from the last digest's end up to <paramref name="end"/>, not stored.</summary>
    public async Task<Draft> PreviewAsync(DateTimeOffset end, CancellationToken ct)
    {
        var (lastEnd, sameDate) = await digests.OpenWindowAsync(LocalDate(end), ct);
        return await DraftAsync(end, lastEnd, sameDate, ct);
    }

    /// <summary>Whether every article that arrived before <paramref name="end"/> is in its story: a window is closed only
    /// then, so that a digest never lists as separate stories what the story stage is about to join.</summary>
    public async Task<bool> StoriesCaughtUpAsync(DateTimeOffset end, CancellationToken ct) => !await articles.AnyWaitingBeforeAsync(end, ct);

    /// <summary>Closes the window ending at <paramref name="end"/>: stores the digest and queues one delivery per
    /// recipient, in one transaction. Returns null when there is nothing to close (an empty window without
    /// Digest:SendEmpty, or a window already closed) or when it cannot be closed yet (articles that arrived in it
    /// still wait for the story stage: <see cref="StoriesCaughtUpAsync"/>).</summary>
    public async Task<StoredDigestSummary?> CloseWindowAsync(DateTimeOffset end, CancellationToken ct)
    {
        if (!await StoriesCaughtUpAsync(end, ct))
        {
            logger.LogInformation("Digest window until {WindowEnd:yyyy-MM-ddTHH:mm:ssK} stays open: articles that arrived in it wait for the story stage", end);
            return null;
        }
        Draft? made = null;
        var recipients = _options.To.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var id = await digests.CreateAsync(LocalDate(end), async (lastEnd, sameDate) =>
        {
            if (end.ToUnixTimeMilliseconds() <= lastEnd) return null;
            var draft = await DraftAsync(end, lastEnd, sameDate, ct);
            var m = draft.Model;
            if (m.StoryCount == 0 && !_options.SendEmpty)
            {
                logger.LogInformation("Digest window until {WindowEnd:yyyy-MM-ddTHH:mm:ssK} is empty; nothing sent (Digest:SendEmpty is false)", end);
                return null;
            }
            made = draft;
            return (new NewDigest(m.WindowStart, m.WindowEnd, LocalDate(end), draft.Slug, m.Subject, m.StoryCount,
                    draft.Rendered.Html, draft.Rendered.Text, draft.WebBody, clock.GetUtcNow()),
                recipients.Select(r => (r, mailer.MessageIdFor(draft.Slug, r))).ToList());
        }, ct);
        if (id is not { } digestId || made is null) return null;
        logger.LogInformation("Digest {Slug} built: {StoryCount} stories from {WindowStart:yyyy-MM-ddTHH:mm:ssK} to {WindowEnd:yyyy-MM-ddTHH:mm:ssK}, {Recipients} deliveries queued",
            made.Slug, made.Model.StoryCount, made.Model.WindowStart, made.Model.WindowEnd, recipients.Count);
        return new StoredDigestSummary(digestId, made.Slug, made.Model.StoryCount, recipients.Count);
    }

    private async Task<Draft> DraftAsync(DateTimeOffset end, long lastEnd, int sameDate, CancellationToken ct)
    {
        var localDate = LocalDate(end);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(lastEnd);
        var slug = sameDate == 0 ? localDate : $"{localDate}-{sameDate + 1}";
        var window = end > start ? await stories.FirstSeenBetweenAsync(start, end, ct) : [];

        var allFeeds = await feeds.ListAsync(ct);
        var failing = allFeeds.Where(f => f.Enabled && f.ErrorCount > 0).ToList();
        var silentIds = (await digests.SilentFeedIdsAsync(end - _options.SilentAfter, ct)).ToHashSet();
        var silent = allFeeds.Where(f => silentIds.Contains(f.Id) && f.ErrorCount == 0).ToList();

        var input = new DigestBuilder.Input(window, start, end, publishing.Value.Title, PageUrl(slug), failing, silent);
        var model = DigestBuilder.Build(input, _options, Schedule);
        var web = DigestBuilder.Build(input with { WebUrl = null }, _options, Schedule, maxItems: int.MaxValue);
        return new Draft(model, renderer.Render(model), renderer.Render(web).Body, slug);
    }

    private string LocalDate(DateTimeOffset end) => Schedule.LocalDate(end).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Closes the windows whose scheduled end has passed. At the scheduled time that is the one just
    /// due; after downtime (<paramref name="catchingUp"/>) Digest:CatchUp decides: the latest missed one only,
    /// each missed one (up to a week), or none.</summary>
    public async Task<IReadOnlyList<StoredDigestSummary>> CloseDueWindowsAsync(bool catchingUp, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        _deferredCatchingUp = null;
        if (Schedule.LastAtOrBefore(now) is not { } due) return [];
        if (catchingUp && _options.CatchUp == DigestCatchUp.Skip) return [];
        var (lastEnd, _) = await digests.OpenWindowAsync("", ct);
        var last = DateTimeOffset.FromUnixTimeMilliseconds(lastEnd);
        if (due <= last) return [];
        if (catchingUp) logger.LogInformation("Catching up the digest due at {Due:yyyy-MM-ddTHH:mm:ssK} (last window ended {LastEnd:yyyy-MM-ddTHH:mm:ssK})", due, last);
        var ends = _options.CatchUp == DigestCatchUp.Each && lastEnd > 0 ? Schedule.Between(last, due).TakeLast(7).ToList() : [due];
        var made = new List<StoredDigestSummary>();
        foreach (var end in ends)
        {
            // Windows close in order: one that waits for the story stage holds the later ones back.
            if (!await StoriesCaughtUpAsync(end, ct))
            {
                _deferredCatchingUp = catchingUp;
                logger.LogInformation("Digest due at {Due:yyyy-MM-ddTHH:mm:ssK} deferred: articles that arrived before {WindowEnd:yyyy-MM-ddTHH:mm:ssK} wait for the story stage", due, end);
                break;
            }
            if (await CloseWindowAsync(end, ct) is { } d) made.Add(d);
        }
        return made;
    }

    /// <summary>Retries the due windows that <see cref="CloseDueWindowsAsync"/> left open for the story stage. With several
    /// nodes the one that deferred a window may not be the one whose tick retries it, so unless Digest:CatchUp is Skip (where
    /// only this process knows a window was skipped on purpose) the due window is looked up in the database each time:
    /// closing is idempotent, and a window already closed costs one read.</summary>
    public Task<IReadOnlyList<StoredDigestSummary>> CloseDeferredWindowsAsync(CancellationToken ct) =>
        _deferredCatchingUp is { } catchingUp ? CloseDueWindowsAsync(catchingUp, ct)
        : _options.CatchUp != DigestCatchUp.Skip ? CloseDueWindowsAsync(catchingUp: false, ct)
        : Task.FromResult<IReadOnlyList<StoredDigestSummary>>([]);

    /// <summary>Sends every due delivery once; a failure is recorded with the next attempt time (exponential
    /// backoff) and never drops the digest. Returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var due = await digests.DueAsync(clock.GetUtcNow(), ct);
        if (due.Count == 0) return 0;
        if (!mailer.Configured)
        {
            logger.LogWarning("{Count} digest deliveries waiting: Smtp:Host is not set", due.Count);
            return 0;
        }
        var sent = 0;
        foreach (var d in due)
        {
            var now = clock.GetUtcNow();
            // The lease outlives one SMTP conversation, so only a process that died mid-send lets it expire.
            if (!await digests.ClaimAsync(d.Id, now, now + smtpOptions.Value.Timeout * 2, ct)) continue;
            try
            {
                await mailer.SendAsync(mailer.Compose(d, PageUrl(d.Slug)), ct);
                await digests.MarkSentAsync(d.Id, clock.GetUtcNow(), CancellationToken.None);
                sent++;
                logger.LogInformation("Digest {Slug} sent to {Recipient} ({StoryCount} stories, attempt {Attempt})",
                    d.Slug, d.Recipient, d.StoryCount, d.Attempts + 1);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await digests.ReleaseAsync(d.Id, clock.GetUtcNow(), CancellationToken.None);
                throw;
            }
            catch (Exception e)
            {
                var wait = Backoff(d.Attempts);
                await digests.MarkFailedAsync(d.Id, e.Message, clock.GetUtcNow() + wait, CancellationToken.None);
                logger.LogWarning("Digest {Slug} to {Recipient} failed (attempt {Attempt}), retry in {Wait}: {Error}",
                    d.Slug, d.Recipient, d.Attempts + 1, wait, e.Message);
            }
        }
        return sent;
    }

    internal TimeSpan Backoff(int previousAttempts)
    {
        var factor = Math.Pow(2, Math.Min(previousAttempts, 20));
        return TimeSpan.FromTicks((long)Math.Min(_options.RetryBackoff.Ticks * factor, _options.MaxRetryBackoff.Ticks));
    }

    /// <summary>The permanent page of a digest, when Publishing:BaseUrl says where the service is reachable.</summary>
    public string? PageUrl(string slug) =>
        string.IsNullOrWhiteSpace(publishing.Value.BaseUrl) ? null : $"{publishing.Value.BaseUrl.TrimEnd('/')}/digests/{slug}";
}

public sealed record StoredDigestSummary(long Id, string Slug, int StoryCount, int Deliveries);
