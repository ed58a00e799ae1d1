using System.Data.Common;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using FeedAggregator.Stories;

namespace FeedAggregator.Rules;

/// <summary>The rules use cases. The verdict is a column of articles (hidden), so serving a feed costs no regular
/// expression: it is computed for each entry a poll stores (before the write lock, checked again inside it against
/// the rules' version) and for every stored article when the rules change, inside the transaction that changes them,
/// where the stories that gained or lost visible members also get their lead and sources recomputed.</summary>
public sealed class RulesService(Database db, RuleStore store, IOptions<RulesOptions> options, TimeProvider clock,
    ILogger<RulesService> logger)
{
    private volatile RuleBook _book = RuleBook.Empty;
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>The rules in force, compiled; reloaded when another process (or `rules add`) changed them.</summary>
    public async Task<RuleBook> CurrentAsync(CancellationToken ct)
    {
        var version = await store.VersionAsync(ct);
        if (_book.Version == version) return _book;
        await _loading.WaitAsync(ct);
        try
        {
            if (_book.Version == version) return _book;
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            return await LoadAsync(c, tx, ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<RuleBook> LoadAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var (version, rules) = await RuleStore.ListAsync(c, tx, ct);
        var book = new RuleBook(version, Compile(rules));
        _book = book;
        return book;
    }

    private List<RuleMatcher> Compile(IEnumerable<Rule> rules)
    {
        var matchers = new List<RuleMatcher>();
        foreach (var r in rules)
        {
            try { matchers.Add(new RuleMatcher(r, options.Value.MatchTimeout)); }
            // Checked when added; a pattern another .NET version reads differently is skipped rather than stopping polls.
            catch (ArgumentException e) { logger.LogError("Rule {Rule} skipped: {Error}", r.Describe(), e.Message); }
        }
        return matchers;
    }

    /// <summary>Verdicts on a feed's entries, computed before the write lock (regular expressions are CPU work).</summary>
    internal async Task<Judgement> JudgeAsync(Feed feed, string feedUrl, string? documentTitle, IReadOnlyList<ArticleDraft> drafts, CancellationToken ct)
    {
        var book = await CurrentAsync(ct);
        return new Judgement(book, feed, feedUrl, documentTitle, drafts, Judge(book, feed, feedUrl, documentTitle, drafts));
    }

    private static List<(string, Verdict)> Judge(RuleBook book, Feed feed, string feedUrl, string? documentTitle, IReadOnlyList<ArticleDraft> drafts) =>
        book.IsEmpty ? [] : drafts.Select(d => (d.Key, book.Judge(Facts(d, feed, feedUrl, documentTitle)))).ToList();

    private static ArticleFacts Facts(ArticleDraft d, Feed feed, string feedUrl, string? documentTitle) =>
        new(d.Entry.Title, d.Entry.Summary, d.Entry.Content, d.Entry.Authors, d.Entry.Categories, d.Entry.Link, feedUrl,
            feed.Title ?? documentTitle, feed.Category);

    internal sealed record Judgement(RuleBook Book, Feed Feed, string FeedUrl, string? DocumentTitle, IReadOnlyList<ArticleDraft> Drafts,
        IReadOnlyList<(string Key, Verdict Verdict)> Verdicts);

    /// <summary>Part of the refresh transaction, after the entries are stored: writes their verdicts, and recomputes
    /// the stories they changed. When the rules changed since <see cref="JudgeAsync"/>, judges again with the new ones.</summary>
    internal async Task ApplyOnStoreAsync(DbConnection c, DbTransaction tx, Judgement j, CancellationToken ct)
    {
        var book = j.Book;
        var verdicts = j.Verdicts;
        if (await RuleStore.VersionAsync(c, tx, ct) != book.Version)
        {
            book = await LoadAsync(c, tx, ct);
            verdicts = Judge(book, j.Feed, j.FeedUrl, j.DocumentTitle, j.Drafts);
        }
        if (verdicts.Count == 0) return;
        var touched = await RuleStore.ApplyAsync(c, tx, j.Feed.Id, verdicts, ct);
        StoryStage.RefreshStories(c, tx, touched, clock.GetUtcNow());
        if (book.TakeNotes() is { Count: > 0 } notes) await SaveNotesAsync(c, tx, notes, ct);
    }

    /// <summary>Part of the transaction that gives a stored article new text (its extracted full text): judges it again,
    /// so that a rule on content sees what is published, and recomputes its story when the verdict changed.</summary>
    internal async Task ApplyToArticleAsync(DbConnection c, DbTransaction tx, long articleId, CancellationToken ct)
    {
        var book = await RuleStore.VersionAsync(c, tx, ct) == _book.Version ? _book : await LoadAsync(c, tx, ct);
        if (book.IsEmpty) return;
        var changes = new List<(long, Verdict)>();
        await foreach (var a in RuleStore.ArticlesAsync(c, tx, null, ct, articleId))
            if (book.Judge(a.Facts) is var v && v != a.Current) changes.Add((a.Id, v));
        if (changes.Count > 0) StoryStage.RefreshStories(c, tx, await RuleStore.ApplyAsync(c, tx, changes, ct), clock.GetUtcNow());
        if (book.TakeNotes() is { Count: > 0 } notes) await SaveNotesAsync(c, tx, notes, ct);
    }

    private async Task SaveNotesAsync(DbConnection c, DbTransaction tx, IReadOnlyList<(long RuleId, string Note)> notes, CancellationToken ct)
    {
        foreach (var (id, note) in notes) logger.LogWarning("Rule #{RuleId}: {Note}", id, note);
        await RuleStore.SaveNotesAsync(c, tx, notes, clock.GetUtcNow(), ct);
    }

    public async Task<(long Version, IReadOnlyList<Rule> Rules)> ListAsync(CancellationToken ct) => await store.ListAsync(ct);

    /// <summary>Adds a rule and applies it to every stored article at once.</summary>
    public Task<RuleChange> AddAsync(Rule rule, CancellationToken ct) => ChangeAsync(async (c, tx) =>
    {
        var id = await RuleStore.AddAsync(c, tx, rule with { Origin = RuleOrigin.Cli }, clock.GetUtcNow(), ct);
        return (true, id);
    }, ct);

    /// <summary>Removes a rule added from the command line; its articles come back at once (unless another rule hides them).</summary>
    public Task<RuleChange> RemoveAsync(long id, CancellationToken ct) => ChangeAsync(async (c, tx) =>
    {
        var removed = await RuleStore.RemoveAsync(c, tx, id, clock.GetUtcNow(), ct);
        if (removed == false) throw new InvalidOperationException($"rule #{id} comes from the configuration (Rules section); change it there");
        return (removed == true, id);
    }, ct);

    /// <summary>At start: the Rules section replaces the previous configuration's rules (when it changed).</summary>
    public Task<RuleChange> SyncConfigAsync(CancellationToken ct)
    {
        var configured = options.Value.ToRules();
        return ChangeAsync(async (c, tx) => (await RuleStore.ReplaceConfigAsync(c, tx, configured, clock.GetUtcNow(), ct), 0L), ct);
    }

    /// <summary>Changes the rules and re-judges every stored article in one write transaction: no poll can store an
    /// entry in between with the old rules (it waits for the lock, then sees the new version).</summary>
    private async Task<RuleChange> ChangeAsync(Func<DbConnection, DbTransaction, Task<(bool Changed, long Id)>> change, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(async (c, tx) =>
            {
                var (changed, id) = await change(c, tx);
                if (!changed) return new RuleChange(false, id, 0, 0);
                var book = await LoadAsync(c, tx, ct);
                var changes = new List<(long, Verdict)>();
                int hidden = 0, shown = 0;
                await foreach (var a in RuleStore.ArticlesAsync(c, tx, null, ct))
                {
                    var v = book.Judge(a.Facts);
                    if (v == a.Current) continue;
                    changes.Add((a.Id, v));
                    if (v.Hidden && !a.Current.Hidden) hidden++;
                    else if (!v.Hidden && a.Current.Hidden) shown++;
                }
                var touched = await RuleStore.ApplyAsync(c, tx, changes, ct);
                StoryStage.RefreshStories(c, tx, touched, clock.GetUtcNow());
                if (book.TakeNotes() is { Count: > 0 } notes) await SaveNotesAsync(c, tx, notes, ct);
                logger.LogInformation("Rules changed (version {Version}): {Hidden} articles hidden, {Shown} shown again, {Stories} stories recomputed",
                    book.Version, hidden, shown, touched.Count);
                return new RuleChange(true, id, hidden, shown);
            }, ct);
        }
        catch
        {
            _book = RuleBook.Empty;
            throw;
        }
    }

    /// <summary>`rules test`: what <paramref name="rule"/> would match among the articles first seen in the last <paramref name="days"/> days.</summary>
    public async Task<RuleTest> TestAsync(Rule rule, int days, CancellationToken ct)
    {
        var matcher = new RuleMatcher(rule, options.Value.MatchTimeout);
        var since = clock.GetUtcNow() - TimeSpan.FromDays(days);
        await using var c = await db.OpenAsync(ct);
        int covered = 0;
        var matches = new List<RuleTest.Match>();
        var notes = new List<string>();
        await foreach (var a in RuleStore.ArticlesAsync(c, null, since, ct))
        {
            if (!matcher.Covers(a.Facts)) continue;
            covered++;
            if (matcher.Matches(a.Facts)) matches.Add(new RuleTest.Match(a.Id, a.Facts.Label, a.Facts.FeedUrl, a.FirstSeenAt));
            if (matcher.TakeNote() is { } note) notes.Add(note);
        }
        return new RuleTest(covered, matches, notes);
    }
}

public sealed record RuleChange(bool Changed, long RuleId, int Hidden, int Shown);

public sealed record RuleTest(int Covered, IReadOnlyList<RuleTest.Match> Matches, IReadOnlyList<string> Notes)
{
    public sealed record Match(long ArticleId, string Title, string FeedUrl, DateTimeOffset FirstSeenAt);
}
