using System.Net;
using System.Security;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedAggregator.Digest;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests.Hostile;

/// <summary>Issue 12 point 6: known markup and URL vectors in RSS, Atom and JSON Feed sources, served on loopback and
/// polled by the real host; every output is parsed as HTML the way a reader or browser would and checked for anything
/// live: script elements, event handlers, non-http(s) URLs in URL attributes, srcdoc, base, meta refresh, CSS code.</summary>
public sealed class XssCorpusTests : HostOnFarm
{
    // Markup vectors (HTML content fields).
    private static readonly string[] Markup =
    [
        "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert(1)\">", "<img src=\"jav&#x09;ascript:alert(1)\">", "<img src=\" &#14;  javascript:alert(1)\">",
        "<body onload=alert(1)>", "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"0\" y=\"20\">x</text></a></svg>", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math href=\"javascript:alert(1)\">x</math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>", "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<base href=\"javascript:alert(1)//\">", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>", "<form><button formaction=\"javascript:alert(1)\">x</button></form>",
        "<input onfocus=alert(1) autofocus>", "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<div style=\"width:expression(alert(1))\">x</div>", "<div style=\"behavior:url(x.htc)\">x</div>",
        "<style>@import 'javascript:alert(1)';</style>", "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><img src=x onerror=alert(1)></template>", "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">", "<a href=\"javascript:alert(1)\">a</a>", "<a href=\"JaVaScRiPt:alert(1)\">a</a>",
        "<a href=\" javascript:alert(1)\">a</a>", "<a href=\"&#106;avascript:alert(1)\">a</a>", "<a href=\"vbscript:msgbox(1)\">a</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">a</a>", "<a href=\"java\nscript:alert(1)\">a</a>",
        "<video poster=\"javascript:alert(1)\"></video>", "<audio src=x onerror=alert(1)>", "<details open ontoggle=alert(1)>",
        "<marquee onstart=alert(1)>x</marquee>", "<img src=x onerror=alert(1)", "<a href=\"javascript:alert(1)",
        "<p>unclosed <b>bold <i>italic", "<scr<script>ipt>alert(1)</scr</script>ipt>", "<<script>alert(1)//<</script>",
        "<img \"\"\"><script>alert(1)</script>\">", "<table background=\"javascript:alert(1)\">", "<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
        "<area href=\"javascript:alert(1)\">", "<isindex action=javascript:alert(1) type=image>", "<keygen autofocus onfocus=alert(1)>",
    ];

    // URL vectors (entry links, enclosures, images, channel links).
    private static readonly string[] Urls =
    [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
        "java\tscript:alert(1)", "&#106;avascript:alert(1)", "file:///etc/passwd", "//evil.example/x", "jAvAsCrIpT&colon;alert(1)",
    ];

    private static int VectorCount => Markup.Length + Urls.Length;

    public override async Task InitializeAsync()
    {
        Assert.True(VectorCount >= 60, $"{VectorCount} vectors");
        _farm = await FeedFarm.StartAsync();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        string E(string s) => SecurityElement.Escape(s)!;
        var rssItems = string.Concat(Markup.Select((m, i) => $"<item><title>{E("RSS " + i + " " + m)}</title><link>https://rss.example/{i}</link><guid>r{i}</guid><pubDate>{now:R}</pubDate><description>{E(m)}</description></item>"))
            + string.Concat(Urls.Select((u, i) => $"<item><title>RSS url {i}</title><link>{E(u)}</link><guid>ru{i}</guid><pubDate>{now:R}</pubDate><description>u</description><enclosure url=\"{E(u)}\" type=\"audio/mpeg\" length=\"1\"/><comments>{E(u)}</comments></item>"));
        _farm.Serve("/x.rss", $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Rss vectors</title><link>javascript:alert(1)</link><description>d</description>{rssItems}</channel></rss>");
        var atomEntries = string.Concat(Markup.Select((m, i) => $"<entry><title type=\"html\">{E("Atom " + i + " " + m)}</title><id>a{i}</id><link href=\"https://atom.example/{i}\"/><updated>{now:yyyy-MM-ddTHH:mm:ssZ}</updated><content type=\"html\">{E(m)}</content></entry>"))
            + string.Concat(Urls.Select((u, i) => $"<entry><title>Atom url {i}</title><id>au{i}</id><link href=\"{E(u)}\"/><link rel=\"enclosure\" href=\"{E(u)}\"/><link rel=\"related\" href=\"{E(u)}\"/><updated>{now:yyyy-MM-ddTHH:mm:ssZ}</updated><summary>u</summary></entry>"));
        _farm.Serve("/x.atom", $"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom vectors</title><id>urn:x</id><link href=\"vbscript:msgbox(1)\"/><updated>{now:yyyy-MM-ddTHH:mm:ssZ}</updated>{atomEntries}</feed>", "application/atom+xml");
        var jsonItems = Markup.Select((m, i) => new Dictionary<string, object> { ["id"] = $"j{i}", ["title"] = "Json " + i + " " + m, ["url"] = $"https://json.example/{i}", ["content_html"] = m, ["date_published"] = now.ToString("O") })
            .Concat(Urls.Select((u, i) => new Dictionary<string, object> { ["id"] = $"ju{i}", ["title"] = $"Json url {i}", ["url"] = u, ["image"] = u, ["content_text"] = "u", ["date_published"] = now.ToString("O"), ["attachments"] = new[] { new Dictionary<string, object> { ["url"] = u, ["mime_type"] = "audio/mpeg" } } }));
        _farm.Serve("/x.json", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["version"] = "https://jsonfeed.org/version/1.1", ["title"] = "Json vectors", ["home_page_url"] = "data:text/html,x", ["items"] = jsonItems }), "application/feed+json");

        _host = await ServiceHost.StartAsync(_dir, _dir.WriteOpml((_farm.Url("/x.rss").AbsoluteUri, "Rss", "Vectors"),
            (_farm.Url("/x.atom").AbsoluteUri, "Atom", "Vectors"), (_farm.Url("/x.json").AbsoluteUri, "Json", "Vectors")),
            "--Publishing:Items=500", "--Publishing:CollapseStories=false");
        await ServiceHost.WaitUntilAsync(async () => (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll", 120);
    }

    [Fact]
    public async Task No_vector_is_live_in_any_output()
    {
        var live = new List<string>();
        foreach (var path in new[] { "/feed.atom", "/feed.rss" })
        {
            var xml = XDocument.Parse(await _host.Http.GetStringAsync(path + "?n=500"));
            foreach (var a in xml.Descendants().Attributes().Where(a => a.Name.LocalName is "href" or "url" or "src"))
                if (!IsWeb(a.Value)) live.Add($"{path}: {a.Parent!.Name.LocalName}/@{a.Name.LocalName}={a.Value}");
            foreach (var e in xml.Descendants().Where(e => e.Name.LocalName is "link" or "comments" or "uri" && !e.HasElements && e.Value.Length > 0))
                if (!IsWeb(e.Value)) live.Add($"{path}: <{e.Name.LocalName}>{e.Value}");
            // A reader un-escapes the HTML fields and renders them (titles are written as text).
            foreach (var e in xml.Descendants().Where(e => e.Name.LocalName is "summary" or "content" or "description" or "encoded"))
                live.AddRange(LiveIn(e.Value).Select(l => $"{path} {e.Name.LocalName}: {l}"));
        }
        var json = System.Text.Json.JsonDocument.Parse(await _host.Http.GetStringAsync("/feed.json?n=500")).RootElement;
        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            foreach (var key in new[] { "url", "external_url", "image" })
                if (item.TryGetProperty(key, out var v) && !IsWeb(v.GetString())) live.Add($"/feed.json {key}={v}");
            if (item.TryGetProperty("content_html", out var html)) live.AddRange(LiveIn(html.GetString()!).Select(l => "/feed.json content_html: " + l));
            if (item.TryGetProperty("attachments", out var atts))
                foreach (var a in atts.EnumerateArray()) if (!IsWeb(a.GetProperty("url").GetString())) live.Add($"/feed.json attachment {a}");
        }
        live.AddRange(LiveIn(await _host.Http.GetStringAsync("/")).Select(l => "/: " + l));
        var opml = XDocument.Parse(await _host.Http.GetStringAsync("/opml"));
        foreach (var a in opml.Descendants("outline").Attributes().Where(a => a.Name.LocalName is "htmlUrl" or "xmlUrl"))
            if (!IsWeb(a.Value)) live.Add($"/opml {a}");

        var digest = await _host.Get<DigestService>().PreviewAsync(DateTimeOffset.UtcNow.AddMinutes(1), default);
        live.AddRange(LiveIn(digest.Rendered.Html).Select(l => "digest html: " + l));
        foreach (var line in digest.Rendered.Text.Split('\n'))
            foreach (var bad in new[] { "javascript:", "vbscript:", "data:text" })
                if (line.Contains(bad, StringComparison.OrdinalIgnoreCase) && line.TrimStart().StartsWith(bad, StringComparison.OrdinalIgnoreCase)) live.Add("digest text: " + line);

        Assert.True(live.Count == 0, $"{live.Count} live vectors:\n" + string.Join("\n", live.Take(40)));
    }

    private static bool IsWeb(string? url) =>
        url is not null && Uri.TryCreate(WebUtility.HtmlDecode(url).Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite", "data", "lowsrc", "dynsrc", "longdesc", "usemap", "srcset"];

    /// <summary>What would run if this HTML were rendered: parsed by AngleSharp as a browser would.</summary>
    internal static IEnumerable<string> LiveIn(string html)
    {
        using var doc = new HtmlParser().ParseDocument("<!doctype html><html><body>" + html);
        foreach (var el in doc.All)
        {
            if (el.LocalName is "script" or "iframe" or "object" or "embed" or "base" or "frame" or "applet") yield return el.OuterHtml[..Math.Min(80, el.OuterHtml.Length)];
            if (el.LocalName == "meta" && el.GetAttribute("http-equiv") is not null) yield return el.OuterHtml;
            foreach (var attr in el.Attributes)
            {
                if (attr.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)) yield return $"<{el.LocalName} {attr.Name}>";
                if (attr.Name is "srcdoc") yield return $"<{el.LocalName} srcdoc>";
                if (UrlAttributes.Contains(attr.Name, StringComparer.OrdinalIgnoreCase) && attr.Value.Length > 0 && HasScheme(attr.Value) && !IsWeb(attr.Value) && !IsHarmlessScheme(attr.Value))
                    yield return $"<{el.LocalName} {attr.Name}=\"{attr.Value}\">";
                if (attr.Name == "style" && (attr.Value.Contains("expression", StringComparison.OrdinalIgnoreCase) || attr.Value.Contains("url(", StringComparison.OrdinalIgnoreCase) || attr.Value.Contains("behavior", StringComparison.OrdinalIgnoreCase)))
                    yield return $"<{el.LocalName} style=\"{attr.Value}\">";
            }
        }
    }

    // Relative URLs resolve to the page's own origin; these schemes open other applications, not script.
    private static bool HasScheme(string v) => System.Text.RegularExpressions.Regex.IsMatch(WebUtility.HtmlDecode(v).Trim().Replace("\t", "").Replace("\n", ""), @"^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static bool IsHarmlessScheme(string v) => WebUtility.HtmlDecode(v).Trim().Split(':')[0].ToLowerInvariant() is "mailto" or "tel" or "ftp" or "news" or "irc" or "magnet" or "urn" or "tag" or "feed" or "webcal" or "xmpp" or "nntp";
}
