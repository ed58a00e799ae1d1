using System.Security.Cryptography;
using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Dedupe;

/// <summary>Level 1 of deduplication: who an entry is inside its own feed, so that every poll of the
/// same feed finds the same row, and whether its content changed since it was stored.</summary>
public static class EntryIdentity
{
    /// <summary>The entry's guid/id, else its link, else a hash of title and content. Prefixed so that a
    /// guid can never collide with a link of another entry.</summary>
    public static string Key(ParsedEntry entry)
    {
        if (!string.IsNullOrWhiteSpace(entry.Id)) return "id:" + entry.Id.Trim();
        if (!string.IsNullOrWhiteSpace(entry.Link)) return "link:" + entry.Link.Trim();
        return "hash:" + Hash(entry.Title, entry.Content ?? entry.Summary);
    }

    /// <summary>Changes when anything a reader sees changes.</summary>
    public static string ContentHash(ParsedEntry entry) =>
        Hash(entry.Title, entry.Link, entry.Summary, entry.Content, entry.Image, entry.Comments,
            string.Join('\u001f', entry.Categories),
            string.Join('\u001f', entry.Authors.Select(a => $"{a.Name}\u001e{a.Email}\u001e{a.Uri}")),
            string.Join('\u001f', entry.Enclosures.Select(e => $"{e.Url}\u001e{e.Type}\u001e{e.Length}")),
            entry.Updated?.ToUnixTimeSeconds().ToString());

    public static string Hash(params string?[] parts)
    {
        // A separator that cannot occur in text keeps ("ab","c") and ("a","bc") apart.
        var bytes = Encoding.UTF8.GetBytes(string.Join('\u001d', parts.Select(p => p ?? "")));
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }
}
