using System.Data.Common;
using System.Text.Json;
using Dapper;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Rules;

namespace FeedAggregator.Store;

/// <summary>All SQL on the rules and rules_state tables, and on articles' hidden verdict.</summary>
public sealed class RuleStore(Database db)
{
    public async Task<long> VersionAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await VersionAsync(c, null, ct);
    }

    internal static Task<long> VersionAsync(DbConnection c, DbTransaction? tx, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM rules_state WHERE id = 1", transaction: tx, cancellationToken: ct));

    public async Task<(long Version, IReadOnlyList<Rule> Rules)> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        return await ListAsync(c, tx, ct);
    }

    /// <summary>The rules and the version they are at, read together.</summary>
    internal static async Task<(long Version, IReadOnlyList<Rule> Rules)> ListAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var version = await VersionAsync(c, tx, ct);
        var rows = await c.QueryAsync<RuleRow>(new CommandDefinition("""
            SELECT id, action, pattern, is_regex <> 0 AS IsRegex, fields, feed_url AS FeedUrl, category, origin, note
            FROM rules ORDER BY id
            """, transaction: tx, cancellationToken: ct));
        return (version, rows.Select(r => r.ToRule()).ToList());
    }

    internal static async Task<long> AddAsync(DbConnection c, DbTransaction tx, Rule r, DateTimeOffset now, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO rules (action, pattern, is_regex, fields, feed_url, category, origin, created_at)
            VALUES (@action, @Pattern, @IsRegex, @fields, @FeedUrl, @Category, @Origin, @now) RETURNING id
            """, new { action = Action(r.Action), r.Pattern, IsRegex = r.IsRegex ? 1 : 0, fields = Rule.StoredFields(r.Fields), r.FeedUrl, r.Category, r.Origin, now = now.ToMs() },
            tx, cancellationToken: ct));
        await BumpAsync(c, tx, now, ct);
        return id;
    }

    /// <summary>Removes a rule added from the command line; null when there is none with that id, false when it comes from the configuration.</summary>
    internal static async Task<bool?> RemoveAsync(DbConnection c, DbTransaction tx, long id, DateTimeOffset now, CancellationToken ct)
    {
        var origin = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT origin FROM rules WHERE id = @id", new { id }, tx, cancellationToken: ct));
        if (origin is null) return null;
        if (origin == RuleOrigin.Config) return false;
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM rules WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("UPDATE articles SET hidden_by = NULL WHERE hidden_by = @id", new { id }, tx, cancellationToken: ct));
        await BumpAsync(c, tx, now, ct);
        return true;
    }

    /// <summary>Makes the configuration's rules equal to <paramref name="rules"/>; false (and nothing written) when they already are.</summary>
    internal static async Task<bool> ReplaceConfigAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Rule> rules, DateTimeOffset now, CancellationToken ct)
    {
        var (_, all) = await ListAsync(c, tx, ct);
        var stored = all.Where(r => r.Origin == RuleOrigin.Config).Select(Key).ToList();
        if (stored.SequenceEqual(rules.Select(Key))) return false;
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE articles SET hidden_by = NULL WHERE hidden_by IN (SELECT id FROM rules WHERE origin = 'config')", transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM rules WHERE origin = 'config'", transaction: tx, cancellationToken: ct));
        foreach (var r in rules) await AddAsync(c, tx, r, now, ct);
        await BumpAsync(c, tx, now, ct);
        return true;

        static string Key(Rule r) => $"{r.Action}\n{r.Pattern}\n{r.IsRegex}\n{r.Fields}\n{r.FeedUrl}\n{r.Category}";
    }

    /// <summary>Every process's cached rules reload, and the published outputs (data_versions, migration 050) are rendered again.</summary>
    private static Task BumpAsync(DbConnection c, DbTransaction tx, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition($"""
            UPDATE rules_state SET version = version + 1, changed_at = {SqlDialect.Of(c).Greatest("changed_at + 1", "@now")} WHERE id = 1;
            UPDATE data_versions SET version = version + 1 WHERE scope = 'articles';
            """, new { now = now.ToMs() }, tx, cancellationToken: ct));

    internal static async Task SaveNotesAsync(DbConnection c, DbTransaction tx, IReadOnlyList<(long RuleId, string Note)> notes, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (id, note) in notes)
            await c.ExecuteAsync(new CommandDefinition("UPDATE rules SET note = @note, note_at = @now WHERE id = @id",
                new { id, note, now = now.ToMs() }, tx, cancellationToken: ct));
    }

    /// <summary>Writes verdicts on a feed's entries (by entry key); returns the stories whose visible members changed.</summary>
    internal static async Task<IReadOnlyList<long>> ApplyAsync(DbConnection c, DbTransaction tx, long feedId,
        IReadOnlyList<(string Key, Verdict Verdict)> verdicts, CancellationToken ct)
    {
        var stories = new List<long?>();
        // Shown: only rows hidden before can change (new rows are written shown), so one IN over the unique index per chunk.
        foreach (var chunk in verdicts.Where(v => !v.Verdict.Hidden).Select(v => v.Key).Chunk(500))
            stories.AddRange(await c.QueryAsync<long?>(new CommandDefinition(
                $"UPDATE articles SET hidden = 0, hidden_by = NULL WHERE feed_id = @feedId AND hidden = 1 AND {SqlDialect.Of(c).InList("entry_key", "@chunk")} RETURNING story_id",
                new { feedId, chunk }, tx, cancellationToken: ct)));
        foreach (var group in verdicts.Where(v => v.Verdict.Hidden).GroupBy(v => v.Verdict.RuleId))
            foreach (var chunk in group.Select(v => v.Key).Chunk(500))
                stories.AddRange(await c.QueryAsync<long?>(new CommandDefinition($"""
                    UPDATE articles SET hidden = 1, hidden_by = @by
                    WHERE feed_id = @feedId AND {SqlDialect.Of(c).InList("entry_key", "@chunk")} AND (hidden = 0 OR hidden_by IS DISTINCT FROM @by) RETURNING story_id
                    """, new { feedId, chunk, by = group.Key }, tx, cancellationToken: ct)));
        return stories.OfType<long>().Distinct().ToList();
    }

    /// <summary>Writes changed verdicts by article id; returns the stories whose visible members changed.</summary>
    internal static async Task<IReadOnlyList<long>> ApplyAsync(DbConnection c, DbTransaction tx,
        IReadOnlyList<(long Id, Verdict Verdict)> changes, CancellationToken ct)
    {
        var stories = new List<long?>();
        foreach (var (id, v) in changes)
            stories.Add(await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "UPDATE articles SET hidden = @hidden, hidden_by = @by WHERE id = @id RETURNING story_id",
                new { id, hidden = v.Hidden ? 1 : 0, by = v.RuleId }, tx, cancellationToken: ct)));
        return stories.OfType<long>().Distinct().ToList();
    }

    /// <summary>Every stored article as rules see it (first seen at or after <paramref name="since"/>; or only
    /// <paramref name="articleId"/>), read one at a time. Its content is the extracted article where full text has one,
    /// as published.</summary>
    internal static async IAsyncEnumerable<StoredVerdict> ArticlesAsync(DbConnection c, DbTransaction? tx, DateTimeOffset? since,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, long? articleId = null)
    {
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition("""
            SELECT a.id, a.hidden, a.hidden_by, a.title, a.summary, coalesce(a.full_content, a.content), a.authors, a.categories, a.url,
                   f.url, f.title, f.category, a.first_seen_at
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE (@since IS NULL OR a.first_seen_at >= @since) AND (@articleId IS NULL OR a.id = @articleId)
            ORDER BY a.first_seen_at DESC, a.id DESC
            """, new { since = since?.ToMs(), articleId }, tx, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var authors = S(6) is { } au ? JsonSerializer.Deserialize(au, StoreJson.Default.IReadOnlyListParsedPerson) ?? [] : [];
            var categories = S(7) is { } ca ? JsonSerializer.Deserialize(ca, StoreJson.Default.IReadOnlyListString) ?? [] : [];
            var facts = new ArticleFacts(S(3), S(4), S(5), authors, categories, S(8), reader.GetString(9), S(10), S(11));
            yield return new StoredVerdict(reader.GetInt64(0), new Verdict(reader.GetInt64(1) != 0, reader.IsDBNull(2) ? null : reader.GetInt64(2)),
                facts, UnixTime.FromMs(reader.GetInt64(12)));
        }
    }

    private static string Action(RuleAction a) => a == RuleAction.Keep ? "keep" : "block";

    private sealed class RuleRow
    {
        public long Id { get; init; }
        public string Action { get; init; } = "";
        public string Pattern { get; init; } = "";
        public bool IsRegex { get; init; }
        public string Fields { get; init; } = "";
        public string? FeedUrl { get; init; }
        public string? Category { get; init; }
        public string Origin { get; init; } = RuleOrigin.Cli;
        public string? Note { get; init; }

        public Rule ToRule() => new(Id, Action == "keep" ? RuleAction.Keep : RuleAction.Block, Pattern, IsRegex,
            Rule.ParseFields([Fields], out _) ?? Rule.DefaultFields, FeedUrl, Category, Origin, Note);
    }
}

/// <summary>A stored article's current verdict and what rules see of it.</summary>
internal sealed record StoredVerdict(long Id, Verdict Current, ArticleFacts Facts, DateTimeOffset FirstSeenAt);
