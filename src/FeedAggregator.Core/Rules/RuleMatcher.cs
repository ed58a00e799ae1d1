using System.Text.RegularExpressions;

namespace FeedAggregator.Rules;

/// <summary>One rule compiled. Every match runs with a timeout (Rules:MatchTimeout): a pathological pattern
/// (nested quantifiers on a long text) cannot stall a poll or a re-evaluation. A match that times out counts as
/// no match and leaves a note; after <see cref="MaxTimeouts"/> of them the rule is suspended (matches nothing)
/// until the rules change or the process restarts, so even a pass over every stored article stays short.</summary>
public sealed class RuleMatcher
{
    public const int MaxTimeouts = 3;
    private readonly Regex _regex;
    private int _timeouts;

    private string? _note;

    public Rule Rule { get; }

    /// <summary>The note left since the last call (a match timed out), once; null when there is nothing new.</summary>
    public string? TakeNote() => Interlocked.Exchange(ref _note, null);

    public RuleMatcher(Rule rule, TimeSpan timeout)
    {
        Rule = rule;
        _regex = Compile(rule.Pattern, rule.IsRegex, timeout);
    }

    /// <summary>The regular expression a rule stands for; throws <see cref="ArgumentException"/> for a bad one.</summary>
    public static Regex Compile(string pattern, bool isRegex, TimeSpan timeout)
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        if (isRegex) return new Regex(pattern, options, timeout);
        // Words or phrases, any of them, as whole words: "nft" matches "NFT sale" but not "nftables"... and "C++" works,
        // because the edges are "no word character next to it" rather than \b (which needs a word character inside).
        var phrases = pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(@"\s+", p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)))
            .Where(p => p.Length > 0).ToList();
        if (phrases.Count == 0) throw new ArgumentException("no words to match");
        return new Regex($@"(?<!\w)(?:{string.Join("|", phrases)})(?!\w)", options, timeout);
    }

    /// <summary>Whether the rule's scope covers the article (not whether its pattern matches).</summary>
    public bool Covers(ArticleFacts a) =>
        Rule.FeedUrl is { } feed ? string.Equals(feed, a.FeedUrl, StringComparison.Ordinal)
        : Rule.Category is not { } category || string.Equals(category, a.FeedCategory, StringComparison.OrdinalIgnoreCase);

    public bool Matches(ArticleFacts a)
    {
        if (Volatile.Read(ref _timeouts) >= MaxTimeouts) return false;
        foreach (var text in a.Texts(Rule.Fields))
        {
            try
            {
                if (_regex.IsMatch(text)) return true;
            }
            catch (RegexMatchTimeoutException)
            {
                var count = Interlocked.Increment(ref _timeouts);
                _note = $"the regular expression took longer than {_regex.MatchTimeout.TotalMilliseconds:0} ms (Rules:MatchTimeout) on \"{Trim(a.Label)}\"; "
                    + (count >= MaxTimeouts ? $"suspended after {MaxTimeouts} timeouts until the rules change or the service restarts; make the pattern simpler"
                        : "that article was treated as not matching");
                return false;
            }
        }
        return false;
    }

    private static string Trim(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
