using System.Text.Json;

namespace FeedAggregator.Publish;

/// <summary>Writes a merged-feed page as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). The other
/// sources of a story go in an `_feedaggregator` extension object, as the spec reserves `_` keys for that.</summary>
public static class JsonFeedWriter
{
    public static byte[] Write(MergedFeedPage page)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", "https://jsonfeed.org/version/1.1");
            w.WriteString("title", page.Title);
            w.WriteString("home_page_url", page.HomeUrl.AbsoluteUri);
            w.WriteString("feed_url", page.SelfUrl.AbsoluteUri);
            if (page.HubUrl is not null)
            {
                w.WriteStartArray("hubs");
                w.WriteStartObject();
                w.WriteString("type", "WebSub");
                w.WriteString("url", page.HubUrl.AbsoluteUri);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            if (page.NextUrl is not null) w.WriteString("next_url", page.NextUrl.AbsoluteUri);
            w.WriteStartArray("items");
            foreach (var e in page.Entries) WriteItem(w, e);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter w, MergedEntry e)
    {
        var a = e.Lead;
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        if (MergedEntry.IsWebUrl(a.Link)) w.WriteString("url", a.Link);
        w.WriteString("title", e.Title);
        // content_html is required unless content_text is given: an entry without any text still gets its sources or "".
        w.WriteString("content_html", e.ContentHtml ?? e.SummaryHtml ?? "");
        if (a.Summary is not null && e.ContentHtml is not null) w.WriteString("summary", Parse.TextRenderer.HtmlToText(a.Summary));
        if (MergedEntry.IsWebUrl(a.Image)) w.WriteString("image", a.Image);
        w.WriteString("date_published", MergedFeedWriter.Rfc3339(e.Published));
        w.WriteString("date_modified", MergedFeedWriter.Rfc3339(e.Updated));
        var authors = a.Authors.Where(p => !string.IsNullOrWhiteSpace(p.Name)).ToList();
        if (authors.Count > 0)
        {
            w.WriteStartArray("authors");
            foreach (var p in authors)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                if (MergedEntry.IsWebUrl(p.Uri)) w.WriteString("url", p.Uri);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        var tags = a.Categories.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (tags.Count > 0)
        {
            w.WriteStartArray("tags");
            foreach (var t in tags) w.WriteStringValue(t);
            w.WriteEndArray();
        }
        var attachments = a.Enclosures.Where(x => MergedEntry.IsWebUrl(x.Url)).ToList();
        if (attachments.Count > 0)
        {
            w.WriteStartArray("attachments");
            foreach (var x in attachments)
            {
                w.WriteStartObject();
                w.WriteString("url", x.Url);
                w.WriteString("mime_type", x.Type ?? "application/octet-stream");
                if (x.Length is > 0) w.WriteNumber("size_in_bytes", x.Length.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("_feedaggregator");
        w.WriteStartArray("sources");
        foreach (var s in new[] { a }.Concat(e.AlsoCoveredBy))
        {
            w.WriteStartObject();
            w.WriteString("title", s.FeedName);
            w.WriteString("feed_url", s.FeedUrl);
            if (MergedEntry.IsWebUrl(s.Link)) w.WriteString("url", s.Link);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
