namespace FeedAggregator.Rules;

/// <summary>Configuration section "Rules": block and keep rules (synced into the rules table at start, replacing
/// the previous configuration's rules; rules added with `rules add` stay), and the regular expression match timeout.</summary>
public sealed class RulesOptions
{
    public const string SectionName = "Rules";

    public TimeSpan MatchTimeout { get; set; } = TimeSpan.FromMilliseconds(100);
    public List<RuleSetting> Block { get; set; } = [];
    public List<RuleSetting> Keep { get; set; } = [];

    public sealed class RuleSetting
    {
        /// <summary>Comma-separated words or phrases, or with <see cref="Regex"/> a regular expression.</summary>
        public string? Pattern { get; set; }
        public bool Regex { get; set; }
        /// <summary>Comma-separated: title, content (or summary), author, category, link, outlet, or any. Default: title, content.</summary>
        public string? Fields { get; set; }
        /// <summary>Scope: only this feed's articles (its URL)…</summary>
        public string? Feed { get; set; }
        /// <summary>…or only this category's; neither: every article.</summary>
        public string? Category { get; set; }
    }

    /// <summary>The configured rules; throws <see cref="ArgumentException"/> naming the key of the first bad one.</summary>
    public IReadOnlyList<Rule> ToRules()
    {
        if (MatchTimeout <= TimeSpan.Zero || MatchTimeout > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"{SectionName}:MatchTimeout must be between 0 and 10 seconds, not {MatchTimeout}");
        var rules = new List<Rule>();
        foreach (var (action, list) in new[] { (RuleAction.Block, Block), (RuleAction.Keep, Keep) })
            for (var i = 0; i < list.Count; i++)
            {
                var s = list[i];
                var key = $"{SectionName}:{action}:{i}";
                if (string.IsNullOrWhiteSpace(s.Pattern)) throw new ArgumentException($"{key}:Pattern is empty");
                if (Rule.ParseFields([s.Fields ?? ""], out var bad) is not { } fields)
                    throw new ArgumentException($"{key}:Fields: unknown field '{bad}' (title, content, author, category, link, outlet, any)");
                if (s.Feed is not null && s.Category is not null)
                    throw new ArgumentException($"{key}: give Feed or Category, not both");
                try
                {
                    RuleMatcher.Compile(s.Pattern, s.Regex, MatchTimeout);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"{key}:Pattern: invalid {(s.Regex ? "regular expression" : "word list")} \"{s.Pattern}\": {e.Message}");
                }
                rules.Add(new Rule(0, action, s.Pattern.Trim(), s.Regex, fields, NullIfBlank(s.Feed), NullIfBlank(s.Category), RuleOrigin.Config));
            }
        return rules;
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
