using System.Collections.Frozen;

namespace FeedAggregator.Dedupe;

/// <summary>
/// Headline writers vary a handful of verbs and nouns for the same fact ("shares jump" / "stock
/// soars", "cuts forecast" / "lowers outlook", "jobless rate" / "unemployment"). Each group maps to
/// its first word, after stemming. Only words of one meaning and one direction share a group: "rise"
/// and "fall" stay apart, so "inflation rises" never meets "inflation falls". Kept short and generic
/// so that it does not fit one evaluation set.
/// </summary>
internal static class HeadlineSynonyms
{
    private static readonly string[][] Groups =
    [
        ["rise", "rose", "risen", "climb", "jump", "soar", "surge", "rally", "spike"],
        ["fall", "fell", "drop", "slide", "slip", "slump", "tumble", "sink", "sank", "plunge", "decline", "dip"],
        ["raise", "lift", "hike", "boost", "increase"],
        ["cut", "slash", "reduce", "lower", "trim"],
        ["hold", "held", "keep", "kept", "unchanged", "steady"],
        ["close", "shut", "shutter"],
        ["sack", "oust", "dismiss", "axe"],
        ["kill", "dead", "die", "died"],
        ["share", "stock"],
        ["forecast", "outlook", "guidance", "estimate", "expectation"],
        ["buy", "bought", "acquire", "purchase"],
        ["company", "firm"],
        ["unemployment", "jobless"],
        ["probe", "investigation", "inquiry"],
        ["deal", "agreement", "accord", "pact"],
        ["plane", "jet", "aircraft", "airliner"],
    ];

    private static readonly FrozenDictionary<string, string> ByStem = BuildMap();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        ByStem.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The group's word for a stemmed word, or null when it has no synonyms here.</summary>
    public static string? Canonical(ReadOnlySpan<char> stem) => Lookup.TryGetValue(stem, out var canonical) ? canonical : null;

    private static FrozenDictionary<string, string> BuildMap()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var canonical = StemOf(group[0]);
            foreach (var word in group) map[StemOf(word)] = canonical;
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string StemOf(string word)
    {
        var buffer = word.ToCharArray();
        return new string(buffer, 0, Stemmer.Stem(buffer));
    }
}
