using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedAggregator.Parse;

/// <summary>
/// Writes a <see cref="ParsedFeed"/> as one line of JSON, exactly the output of
/// shared/conformance/CONTRACT.md (every key present, null or [] where there is nothing).
/// </summary>
public static class ParsedFeedJson
{
    // Non-ASCII text stays readable; the output is UTF-8 anyway.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static string Write(ParsedFeed feed)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, Options)) Write(w, feed);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The answer for a document that could not be read: <c>{"error":"reason"}</c>.</summary>
    public static string Error(string reason)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("error", reason);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter w, ParsedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        w.WriteStartObject();
        w.WriteString("format", FormatSniffer.Name(feed.Format));
        w.WriteBoolean("bozo", feed.Bozo);
        w.WriteString("title", feed.Title);
        w.WriteString("link", feed.Link);
        w.WriteString("subtitle", feed.Subtitle);
        w.WriteString("language", feed.Language);
        w.WriteString("id", feed.Id);
        WriteDate(w, "updated", feed.Updated);
        WriteDate(w, "published", feed.Published);
        WritePeople(w, feed.Authors);
        w.WriteString("image", feed.Image);
        w.WriteString("generator", feed.Generator);
        w.WriteString("rights", feed.Rights);
        w.WriteStartArray("entries");
        foreach (var e in feed.Entries) WriteEntry(w, e);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter w, ParsedEntry e)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("title", e.Title);
        w.WriteString("link", e.Link);
        WriteDate(w, "published", e.Published);
        WriteDate(w, "updated", e.Updated);
        w.WriteString("summary", e.Summary);
        w.WriteString("content", e.Content);
        WritePeople(w, e.Authors);
        w.WriteStartArray("categories");
        foreach (var c in e.Categories) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartArray("enclosures");
        foreach (var enc in e.Enclosures)
        {
            w.WriteStartObject();
            w.WriteString("url", enc.Url);
            w.WriteString("type", enc.Type);
            if (enc.Length is { } n) w.WriteNumber("length", n);
            else w.WriteNull("length");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("comments", e.Comments);
        w.WriteEndObject();
    }

    private static void WritePeople(Utf8JsonWriter w, IReadOnlyList<ParsedPerson> people)
    {
        w.WriteStartArray("authors");
        foreach (var p in people)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("email", p.Email);
            w.WriteString("uri", p.Uri);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } d) w.WriteString(name, d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }
}
