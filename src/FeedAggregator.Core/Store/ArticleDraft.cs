using System.Text.Json;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;

namespace FeedAggregator.Store;

/// <summary>A parsed entry made ready to store: its identity, content hash and column values. Built before the write transaction, in parallel with other feeds, so that the database write
/// lock (one writer at a time) is held only for SQL and the story index lookup.</summary>
internal sealed class ArticleDraft
{
    public required string Key { get; init; }
    public required string Hash { get; init; }
    public required ParsedEntry Entry { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Authors { get; init; }
    public string? Categories { get; init; }
    public string? Enclosures { get; init; }
    public long? PublishedMs { get; init; }
    public long? UpdatedMs { get; init; }
    public long SortAtMs { get; init; }

    /// <summary>One draft per distinct entry key: an entry repeated inside one document counts once (the first wins,
    /// as readers show it).</summary>
    public static IReadOnlyList<ArticleDraft> From(IReadOnlyList<ParsedEntry> entries, DateTimeOffset now)
    {
        var drafts = new List<ArticleDraft>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nowMs = now.ToMs();
        foreach (var e in entries)
        {
            var key = EntryIdentity.Key(e);
            if (!seen.Add(key)) continue;
            drafts.Add(new ArticleDraft
            {
                Key = key, Hash = EntryIdentity.ContentHash(e), Entry = e,
                CanonicalUrl = Dedupe.CanonicalUrl.TryCanonicalize(Dedupe.CanonicalUrl.Unwrap(e.Link, e.OriginalLink)),
                Authors = e.Authors.Count > 0 ? JsonSerializer.Serialize(e.Authors, StoreJson.Default.IReadOnlyListParsedPerson) : null,
                Categories = e.Categories.Count > 0 ? JsonSerializer.Serialize(e.Categories, StoreJson.Default.IReadOnlyListString) : null,
                Enclosures = e.Enclosures.Count > 0 ? JsonSerializer.Serialize(e.Enclosures, StoreJson.Default.IReadOnlyListParsedEnclosure) : null,
                PublishedMs = e.Published?.ToMs(), UpdatedMs = e.Updated?.ToMs(),
                // A future or missing date must not pin an entry to the top of the merged feed.
                SortAtMs = Math.Min((e.Published ?? e.Updated)?.ToMs() ?? nowMs, nowMs),
            });
        }
        return drafts;
    }
}
