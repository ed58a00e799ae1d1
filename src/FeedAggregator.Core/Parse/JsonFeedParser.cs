using System.Text.Json;

namespace FeedAggregator.Parse;

/// <summary>JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into the normalized model.</summary>
internal static class JsonFeedParser
{
    /// <summary>Nesting beyond this is no feed (JSON Feed itself nests four levels); System.Text.Json stops there.</summary>
    public const int MaxDepth = 64;

    public static ParsedFeed Parse(string text, Uri? documentUrl, HtmlCleaner? cleaner, CancellationToken ct)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new FeedParseException($"not well-formed JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FeedParseException("JSON document is not an object");
            var draft = new FeedDraft { RootSeen = true, Base = documentUrl };
            var version = Str(root, "version") ?? "";
            // Some publishers write the bare number ("1.0", "1.1") instead of the version URL.
            draft.Format = version.Contains("jsonfeed.org/version/1.1", StringComparison.OrdinalIgnoreCase) || version.Trim() == "1.1" ? FeedFormat.Json11
                : version.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase) || version.Trim() is "1" or "1.0" ? FeedFormat.Json10
                : FeedFormat.Unknown;
            draft.Title = Plain(Str(root, "title"), documentUrl);
            draft.Link = UrlResolver.Resolve(documentUrl, Str(root, "home_page_url"));
            draft.Description = Plain(Str(root, "description"), documentUrl);
            draft.Language = Str(root, "language");
            draft.Image = UrlResolver.Resolve(documentUrl, Str(root, "icon") ?? Str(root, "favicon"));
            AddAuthors(root, draft.Authors, documentUrl);
            if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                foreach (var item in items.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object) draft.Entries.Add(ReadItem(item, documentUrl));
            return FeedFinisher.Finish(draft, false, null, cleaner, ct);
        }
    }

    private static EntryDraft ReadItem(JsonElement item, Uri? baseUri)
    {
        var e = new EntryDraft { Base = baseUri };
        e.Id = item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number ? id.ToString() : null;
        e.Link = UrlResolver.Resolve(baseUri, Str(item, "url") ?? Str(item, "external_url"));
        e.Title = Plain(Str(item, "title"), baseUri);
        e.Description = Plain(Str(item, "summary"), baseUri);
        var html = Str(item, "content_html");
        var text = Str(item, "content_text");
        e.Content = html is not null ? new RawText(html, true, baseUri) : Plain(text, baseUri);
        e.Published = DateParser.TryParse(Str(item, "date_published"));
        e.Updated = DateParser.TryParse(Str(item, "date_modified"));
        e.Image = UrlResolver.Resolve(baseUri, Str(item, "image") ?? Str(item, "banner_image"));
        AddAuthors(item, e.Authors, baseUri);
        if (item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
            foreach (var t in tags.EnumerateArray())
                if (t.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(t.GetString())) e.Categories.Add(t.GetString()!.Trim());
        if (item.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
            foreach (var a in atts.EnumerateArray())
            {
                if (a.ValueKind != JsonValueKind.Object || UrlResolver.Resolve(baseUri, Str(a, "url")) is not { } url) continue;
                long? size = a.TryGetProperty("size_in_bytes", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : null;
                e.Enclosures.Add(new ParsedEnclosure(url, Str(a, "mime_type"), size));
            }
        return e;
    }

    // 1.1 has "authors" (a list); 1.0 has "author" (one object).
    private static void AddAuthors(JsonElement obj, List<ParsedPerson> into, Uri? baseUri)
    {
        if (obj.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in list.EnumerateArray()) AddAuthor(a, into, baseUri);
        }
        else if (obj.TryGetProperty("author", out var one)) AddAuthor(one, into, baseUri);
    }

    private static void AddAuthor(JsonElement a, List<ParsedPerson> into, Uri? baseUri)
    {
        if (a.ValueKind != JsonValueKind.Object) return;
        var name = Str(a, "name");
        var url = Str(a, "url");
        string? email = null;
        if (url is not null && url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            email = url[7..];
            url = null;
        }
        if (name is not null || url is not null || email is not null) into.Add(new ParsedPerson(name, email, UrlResolver.Resolve(baseUri, url)));
    }

    private static RawText? Plain(string? s, Uri? baseUri) => s is null ? null : new RawText(s, false, baseUri);

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
