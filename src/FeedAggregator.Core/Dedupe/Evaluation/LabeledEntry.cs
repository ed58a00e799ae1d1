using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedAggregator.Dedupe.Evaluation;

/// <summary>One line of a story evaluation set (the stories-dev JSONL format): an entry, the story it belongs to
/// (null for a singleton), and for a hard negative the story it is deliberately close to. <see cref="Link"/> is
/// optional (stories-dev has none): where given, the entry is stored under it, so that copies of one article under
/// tracking links join by their canonical URL as they would when polled.</summary>
public sealed record LabeledEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("story")] string? Story,
    [property: JsonPropertyName("near")] string? Near,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("outlet")] string Outlet,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("published")] string Published,
    [property: JsonPropertyName("link")] string? Link = null)
{
    public DateTimeOffset PublishedAt => DateTimeOffset.Parse(Published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Reads a JSONL file; a bad line throws <see cref="FormatException"/> naming the line.</summary>
    public static List<LabeledEntry> Read(string path)
    {
        var entries = new List<LabeledEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            LabeledEntry? e;
            try
            {
                e = JsonSerializer.Deserialize<LabeledEntry>(line);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path}:{n}: not a JSON entry ({ex.Message})");
            }
            if (e is null || string.IsNullOrEmpty(e.Id) || e.Title is null || e.Published is null || e.Outlet is null)
                throw new FormatException($"{path}:{n}: an entry needs id, outlet, title and published");
            if (!ids.Add(e.Id)) throw new FormatException($"{path}:{n}: duplicate id {e.Id}");
            try
            {
                _ = e.PublishedAt;
            }
            catch (FormatException)
            {
                throw new FormatException($"{path}:{n}: published is not a date: {e.Published}");
            }
            entries.Add(e with { Summary = e.Summary ?? "", Kind = e.Kind ?? "" });
        }
        return entries;
    }

    /// <summary>Which half of a set an entry falls in when parameters are chosen on one half and checked on the
    /// other: by its story (a hard negative goes with the story it is near), from a hash of the id, so halves are
    /// the same on every run and every machine.</summary>
    public int Half => (int)(Fnv1a(Story ?? Near ?? Id) & 1);

    private static uint Fnv1a(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }
}
