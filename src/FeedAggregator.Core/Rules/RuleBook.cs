namespace FeedAggregator.Rules;

/// <summary>The rules in force at one <see cref="Version"/> of the rules table, compiled, and the verdict on an article:
/// hidden when a block rule covering it matches, or when keep rules cover it and none matches. Block wins over keep;
/// keep rules covering one article are alternatives (any may keep it).</summary>
public sealed class RuleBook(long version, IReadOnlyList<RuleMatcher> matchers)
{
    public static readonly RuleBook Empty = new(-1, []);

    public long Version => version;
    public IReadOnlyList<RuleMatcher> Matchers => matchers;
    public bool IsEmpty => matchers.Count == 0;

    public Verdict Judge(ArticleFacts a)
    {
        var keepCovers = false;
        var kept = false;
        foreach (var m in matchers)
        {
            if (!m.Covers(a)) continue;
            if (m.Rule.Action == RuleAction.Block)
            {
                if (m.Matches(a)) return new Verdict(true, m.Rule.Id);
            }
            else
            {
                keepCovers = true;
                kept = kept || m.Matches(a);
            }
        }
        return keepCovers && !kept ? new Verdict(true, null) : Verdict.Shown;
    }

    /// <summary>Notes of rules that had trouble (timeouts) since the last call, to be stored on the rule.</summary>
    public IReadOnlyList<(long RuleId, string Note)> TakeNotes() =>
        matchers.Select(m => (m.Rule.Id, Note: m.TakeNote())).Where(n => n.Note is not null).Select(n => (n.Id, n.Note!)).ToList();
}

/// <summary>Whether an article is hidden, and by which block rule (null for "no keep rule matched").</summary>
public readonly record struct Verdict(bool Hidden, long? RuleId)
{
    public static readonly Verdict Shown = new(false, null);
}
