namespace FeedAggregator.Rules;

public enum RuleAction { Keep, Block }

/// <summary>The parts of an article a rule looks at.</summary>
[Flags]
public enum RuleFields
{
    None = 0,
    Title = 1,
    /// <summary>The summary and the content, as text (tags dropped).</summary>
    Content = 2,
    Author = 4,
    Category = 8,
    Link = 16,
    /// <summary>The source feed's title and address.</summary>
    Outlet = 32,
    Any = Title | Content | Author | Category | Link | Outlet,
}

/// <summary>A keep or block rule. Scope: one feed (<see cref="FeedUrl"/>), one category, or (both null) everything.
/// A plain pattern is a comma-separated list of words or phrases, any of which matches as whole words; a regular
/// expression matches anywhere. Both ignore case.</summary>
public sealed record Rule(long Id, RuleAction Action, string Pattern, bool IsRegex, RuleFields Fields, string? FeedUrl, string? Category,
    string Origin = RuleOrigin.Cli, string? Note = null)
{
    /// <summary>By default a rule looks at what a reader means by a topic: the title and the text.</summary>
    public const RuleFields DefaultFields = RuleFields.Title | RuleFields.Content;

    public string Scope => FeedUrl is not null ? $"feed {FeedUrl}" : Category is not null ? $"category \"{Category}\"" : "everything";

    public string Describe() =>
        $"#{Id} {Action.ToString().ToLowerInvariant()} {(IsRegex ? "regex" : "words")} \"{Pattern}\" in {FieldNames(Fields)} of {Scope}"
        + (Origin == RuleOrigin.Config ? " (from configuration)" : "");

    public static string FieldNames(RuleFields fields) => fields == RuleFields.Any ? "any field"
        : string.Join(", ", Enum.GetValues<RuleFields>().Where(f => f is not (RuleFields.None or RuleFields.Any) && fields.HasFlag(f))
            .Select(f => f.ToString().ToLowerInvariant()));

    /// <summary>"title, content" (also "summary" for content, "any" or "all" for every field); null names the bad word.</summary>
    public static RuleFields? ParseFields(IEnumerable<string> names, out string? bad)
    {
        bad = null;
        var fields = RuleFields.None;
        foreach (var raw in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            RuleFields? f = raw.ToLowerInvariant() switch
            {
                "title" => RuleFields.Title,
                "content" or "summary" or "text" => RuleFields.Content,
                "author" => RuleFields.Author,
                "category" or "tag" => RuleFields.Category,
                "link" or "url" => RuleFields.Link,
                "outlet" or "feed" or "source" => RuleFields.Outlet,
                "any" or "all" => RuleFields.Any,
                _ => null,
            };
            if (f is null) { bad = raw; return null; }
            fields |= f.Value;
        }
        return fields == RuleFields.None ? DefaultFields : fields;
    }

    public static string StoredFields(RuleFields fields) => fields == RuleFields.Any ? "any" : FieldNames(fields);
}

public static class RuleOrigin
{
    /// <summary>From the Rules section of the configuration; replaced at every start.</summary>
    public const string Config = "config";
    /// <summary>From `rules add`; stays until `rules remove`.</summary>
    public const string Cli = "cli";
}
