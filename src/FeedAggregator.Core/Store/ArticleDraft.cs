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
    /// <summary>The link the outputs publish (<see cref="Dedupe.CanonicalUrl.Clean"/>).</summary>
    public string? Link { get; init; }
    public string? Authors { get; init; }
    public string? Categories { get; init; }
    public string? Enclosures { get; init; }
    public long? PublishedMs { get; init; }
    public long? UpdatedMs { get; init; }
    public long SortAtMs { get; init; }

    /// <summary>An entry with nothing to show (no title, no link, no text): not stored, counted on the feed instead.</summary>
    public static bool IsEmpty(ParsedEntry e) =>
        string.IsNullOrWhiteSpace(e.Title) && string.IsNullOrWhiteSpace(e.Link) && string.IsNullOrWhiteSpace(e.OriginalLink)
        && string.IsNullOrWhiteSpace(TextRenderer.HtmlToText(e.Content ?? "")) && string.IsNullOrWhiteSpace(TextRenderer.HtmlToText(e.Summary ?? ""))
        && e.Enclosures.Count == 0;

    /// <summary>The entries of a document worth storing (not <see cref="IsEmpty"/>), each with its authors: in Atom
    /// (RFC 4287 4.2.1) and JSON Feed 1.1 an entry that names none is by the feed's authors, and the merged feed, which
    /// puts it beside other feeds' entries under a feed-level author of its own, must say so on the entry. Not RSS:
    /// its channel's managingEditor edits the feed rather than writes every item.</summary>
    public static List<ParsedEntry> Storable(ParsedFeed parsed)
    {
        var inherited = parsed.Format is FeedFormat.Atom or FeedFormat.Atom03 or FeedFormat.Atom10 or FeedFormat.Json10 or FeedFormat.Json11
            ? parsed.Authors : [];
        return parsed.Entries.Where(e => !IsEmpty(e))
            .Select(e => e.Authors.Count == 0 && inherited.Count > 0 ? e with { Authors = inherited } : e).ToList();
    }

    /// <summary>One draft per distinct entry key: an entry repeated inside one document counts once (the first wins,
    /// as readers show it).</summary>
    public static IReadOnlyList<ArticleDraft> From(IReadOnlyList<ParsedEntry> entries, DateTimeOffset now)
    {
        var drafts = new List<ArticleDraft>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nowMs = now.ToMs();
        var undated = 0;
        foreach (var e in entries)
        {
            var key = EntryIdentity.Key(e);
            if (!seen.Add(key)) continue;
            drafts.Add(new ArticleDraft
            {
                Key = key, Hash = EntryIdentity.ContentHash(e), Entry = e,
                CanonicalUrl = Dedupe.CanonicalUrl.TryCanonicalize(Dedupe.CanonicalUrl.Unwrap(e.Link, e.OriginalLink)),
                Link = Dedupe.CanonicalUrl.Clean(e.Link, e.OriginalLink),
                Authors = e.Authors.Count > 0 ? JsonSerializer.Serialize(e.Authors, StoreJson.Default.IReadOnlyListParsedPerson) : null,
                Categories = e.Categories.Count > 0 ? JsonSerializer.Serialize(e.Categories, StoreJson.Default.IReadOnlyListString) : null,
                Enclosures = e.Enclosures.Count > 0 ? JsonSerializer.Serialize(e.Enclosures, StoreJson.Default.IReadOnlyListParsedEnclosure) : null,
                PublishedMs = e.Published?.ToMs(), UpdatedMs = e.Updated?.ToMs(),
                // A future date must not pin an entry to the top of the merged feed: it is placed at the time first seen.
                // Undated entries keep the document's order, a second apart below that time (readers sort by date,
                // and equal dates tell them nothing).
                SortAtMs = Math.Min((e.Published ?? e.Updated)?.ToMs() ?? nowMs - 1000L * undated++, nowMs),
            });
        }
        return drafts;
    }
}
