using System.Globalization;
using System.Xml;

using static FeedAggregator.Parse.FirstValue;

namespace FeedAggregator.Parse;

/// <summary>
/// One single-pass XmlReader walk for every XML format (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, CDF).
/// The formats differ mostly in element names, so one dispatch on (namespace, local name) in feed
/// or entry scope serves all, with format checks where the meaning differs (text constructs, RSS
/// titles). Single pass, no DOM: this is the parse stage the speed goal is about.
/// Values land in a <see cref="FeedDraft"/> as they are read, so a document that breaks half way
/// still yields what came before the break.
/// </summary>
internal sealed class XmlFeedReader
{
    private enum Ns { Core, Dc, DcTerms, Content, Media, Itunes, Feedburner, Xhtml, Sy, Rdf, Other }

    private static readonly Dictionary<string, Ns> Namespaces = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = Ns.Core,
        [FormatSniffer.Rss090Ns] = Ns.Core,
        [FormatSniffer.Rss10Ns] = Ns.Core,
        [FormatSniffer.Atom10Ns] = Ns.Core,
        [FormatSniffer.Atom03Ns] = Ns.Core,
        ["http://backend.userland.com/rss2"] = Ns.Core,
        ["http://backend.userland.com/rss"] = Ns.Core,
        ["http://blogs.law.harvard.edu/tech/rss"] = Ns.Core,
        ["http://purl.org/dc/elements/1.1/"] = Ns.Dc,
        ["http://purl.org/dc/elements/1.0/"] = Ns.Dc,
        ["http://purl.org/dc/terms/"] = Ns.DcTerms,
        ["http://purl.org/rss/1.0/modules/content/"] = Ns.Content,
        ["http://search.yahoo.com/mrss/"] = Ns.Media,
        ["http://search.yahoo.com/mrss"] = Ns.Media,
        ["http://www.itunes.com/dtds/podcast-1.0.dtd"] = Ns.Itunes,
        ["http://rssnamespace.org/feedburner/ext/1.0"] = Ns.Feedburner,
        ["http://www.w3.org/1999/xhtml"] = Ns.Xhtml,
        ["http://purl.org/rss/1.0/modules/syndication/"] = Ns.Sy,
        ["http://www.w3.org/1999/02/22-rdf-syntax-ns#"] = Ns.Rdf,
    };

    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";

    /// <summary>Feed structure nests a handful of levels (rss/channel/item/media:group/media:content); the walk below
    /// recurses per level, so anything deeper is skipped (XmlReader.Skip does not recurse) with a note.</summary>
    public const int MaxDepth = 32;

    private readonly XmlReader _r;
    private readonly XmlContentReader _content;
    private readonly FeedDraft _feed;
    private readonly CancellationToken _ct;
    private string? _lastNsUri;
    private Ns _lastNs;

    private XmlFeedReader(XmlReader reader, FeedDraft feed, CancellationToken ct)
    {
        _r = reader;
        _content = new XmlContentReader(reader);
        _feed = feed;
        _ct = ct;
    }

    /// <summary>Reads the document into <paramref name="feed"/>. Throws XmlException where the XML
    /// breaks; whatever was read before stays in the draft.</summary>
    public static void Read(XmlReader reader, Uri? documentUrl, FeedDraft feed, CancellationToken ct = default)
    {
        var walker = new XmlFeedReader(reader, feed, ct);
        walker.ReadDocument(documentUrl);
    }

    private bool Atom => FormatSniffer.IsAtom(_feed.Format);

    private void ReadDocument(Uri? documentUrl)
    {
        if (_r.MoveToContent() != XmlNodeType.Element) throw new XmlException("no root element", null, 1, 1);
        _feed.RootSeen = true;
        _feed.Format = FormatSniffer.FromRoot(_r.LocalName, _r.NamespaceURI, _r.GetAttribute("version"), _r.LookupNamespace(""));
        if (_feed.Format == FeedFormat.Unknown && _r.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase) && FindWrappedFeed())
            _feed.Format = FormatSniffer.FromRoot(_r.LocalName, _r.NamespaceURI, _r.GetAttribute("version"), _r.LookupNamespace(""));
        var b = ElementBase(documentUrl);
        _feed.Base = b;
        _feed.Language = _r.GetAttribute("lang", XmlNs);
        if (_feed.Format == FeedFormat.Cdf) ReadCdfAttributes(_feed, b);
        ReadChildren(null, b);
    }

    /// <summary>A feed inside an (X)HTML page, as some sites serve it: moves the reader to the first rss, feed or RDF
    /// element, which is then read as the root.</summary>
    private bool FindWrappedFeed()
    {
        while (_r.Read())
        {
            if (_r.NodeType == XmlNodeType.Element && _r.LocalName.ToLowerInvariant() is "rss" or "feed" or "rdf") return true;
        }
        return false;
    }

    private Ns NsOf(string uri)
    {
        // Names are atomized by the reader's NameTable, so a reference check usually answers.
        if (ReferenceEquals(uri, _lastNsUri)) return _lastNs;
        _lastNsUri = uri;
        // A namespace URI written with stray spaces still means that namespace.
        _lastNs = Namespaces.TryGetValue(uri, out var ns) || Namespaces.TryGetValue(uri.Trim(), out ns) ? ns : Ns.Other;
        return _lastNs;
    }

    private Uri? ElementBase(Uri? parent)
    {
        if (!_r.HasAttributes) return parent;
        var xb = _r.GetAttribute("base", XmlNs);
        return xb is null ? parent : UrlResolver.ResolveBase(parent, xb);
    }

    /// <summary>Walks the children of the current element (feed scope when entry is null) and consumes its end tag.</summary>
    private void ReadChildren(EntryDraft? entry, Uri? b)
    {
        if (_r.IsEmptyElement)
        {
            _r.Read();
            return;
        }
        int depth = _r.Depth;
        _r.Read();
        while (true)
        {
            var type = _r.NodeType;
            if (type == XmlNodeType.Element)
            {
                _ct.ThrowIfCancellationRequested();
                if (SkippedTooDeep()) continue;
                var eb = ElementBase(b);
                if (entry is null) FeedField(eb);
                else EntryField(entry, eb);
                continue;
            }
            if ((type == XmlNodeType.EndElement && _r.Depth == depth) || _r.EOF) break;
            _r.Read();
        }
        _r.Read();
    }

    // Element names are matched case-insensitively, as lenient readers (and iTunes) do; ToLowerInvariant
    // returns the same instance when the name is already lower case.
    private string Name() => _r.LocalName.ToLowerInvariant();

    /// <summary>Elements that mean the same in feed and entry scope. False when the element is not one of them.</summary>
    private bool CommonField(Ns ns, string name, DraftNode n, Uri? b)
    {
        switch (ns)
        {
            case Ns.Core:
                switch (name)
                {
                    case "title": n.Title = First(n.Title, ReadTitle(b)); return true;
                    case "description" or "abstract": n.Description = First(n.Description, HtmlOrAtom(b)); return true;
                    case "updated" or "modified" or "lastbuilddate" or "lastmod": n.Updated = First(n.Updated, ReadDate()); return true;
                    case "published" or "issued" or "pubdate": n.Published = First(n.Published, ReadDate()); return true;
                    case "author": AddPerson(n, b); return true;
                }
                return false;
            case Ns.Dc:
                switch (name)
                {
                    case "title": n.Title = First(n.Title, PlainOrHtml(b)); return true;
                    case "creator" or "author": AddPerson(n, b); return true;
                    case "date": n.Updated = First(n.Updated, ReadDate()); return true;
                    case "description": n.Description = First(n.Description, HtmlOrAtom(b)); return true;
                }
                return false;
            case Ns.DcTerms:
                switch (name)
                {
                    case "modified": n.Updated = First(n.Updated, ReadDate()); return true;
                    case "issued": n.Published = First(n.Published, ReadDate()); return true;
                }
                return false;
            case Ns.Itunes:
                switch (name)
                {
                    case "author": AddPerson(n, b); return true;
                    case "subtitle": n.ItunesSubtitle = First(n.ItunesSubtitle, PlainOrHtml(b)); return true;
                    case "summary": n.ItunesSummary = First(n.ItunesSummary, PlainOrHtml(b)); return true;
                    case "image": n.Image ??= UrlResolver.Resolve(b, _r.GetAttribute("href") ?? _r.GetAttribute("url")); _r.Skip(); return true;
                }
                return false;
            default:
                return false;
        }
    }

    private void FeedField(Uri? b)
    {
        var f = _feed;
        var ns = NsOf(_r.NamespaceURI);
        var name = Name();
        if (CommonField(ns, name, f, b)) return;
        switch (ns)
        {
            case Ns.Core:
                switch (name)
                {
                    case "channel":
                        if (_r.NamespaceURI == FormatSniffer.Rss090Ns) f.Format = FeedFormat.Rss090;
                        if (f.Format == FeedFormat.Cdf) ReadCdfAttributes(f, b);
                        f.Language ??= _r.GetAttribute("lang", XmlNs);
                        f.Base = b;
                        ReadChildren(null, b);
                        return;
                    case "item" or "entry": ReadEntry(b); return;
                    case "image": ReadRssImage(b); return;
                    case "link": ReadLink(f, null, b); return;
                    case "subtitle" or "tagline": f.Description = First(f.Description, _content.ReadTextConstruct(b, _feed.Format == FeedFormat.Atom10)); return;
                    case "id": f.Id = First(f.Id, ReadId(b)); return;
                    case "managingeditor": AddPerson(f, b); return;
                    case "language": f.Language = NonEmpty(_content.ReadText()) ?? f.Language; return;
                    case "generator": f.Generator = First(f.Generator, NonEmpty(_content.ReadText())); return;
                    case "copyright" or "rights": f.Rights = First(f.Rights, Atom ? _content.ReadTextConstruct(b, _feed.Format == FeedFormat.Atom10) : PlainOrHtml(b)); return;
                    case "logo": f.Image = First(f.Image, UrlResolver.Resolve(b, NonEmpty(_content.ReadText()))); return;
                    case "ttl": f.TtlMinutes = First(f.TtlMinutes, ReadInt()); return;
                    case "skiphours": ReadSkipHours(); return;
                    case "skipdays": ReadSkipDays(); return;
                }
                break;
            case Ns.Dc:
                switch (name)
                {
                    case "language": f.Language = NonEmpty(_content.ReadText()) ?? f.Language; return;
                    case "rights": f.Rights = First(f.Rights, PlainOrHtml(b)); return;
                }
                break;
            case Ns.Sy:
                switch (name)
                {
                    case "updateperiod": f.UpdatePeriod = First(f.UpdatePeriod, NonEmpty(_content.ReadText())); return;
                    case "updatefrequency": f.UpdateFrequency = First(f.UpdateFrequency, ReadInt()); return;
                }
                break;
        }
        _r.Skip();
    }

    private void EntryField(EntryDraft e, Uri? b)
    {
        var ns = NsOf(_r.NamespaceURI);
        var name = Name();
        if (CommonField(ns, name, e, b)) return;
        switch (ns)
        {
            case Ns.Core:
                switch (name)
                {
                    case "link": ReadLink(e, e, b); return;
                    case "id": e.Id = First(e.Id, ReadId(b)); return;
                    case "guid":
                        e.GuidIsPermaLink = !string.Equals(_r.GetAttribute("isPermaLink")?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
                        e.Guid = First(e.Guid, NonEmpty(_content.ReadText()));
                        return;
                    case "summary": e.Description = First(e.Description, _content.ReadTextConstruct(b, _feed.Format == FeedFormat.Atom10)); return;
                    case "content": e.Content = First(e.Content, _content.ReadTextConstruct(b, _feed.Format == FeedFormat.Atom10)); return;
                    case "body": e.Content = First(e.Content, new RawText(_content.ReadMarkup(textIsMarkup: false), true, b)); return;
                    case "fullitem": e.Content = First(e.Content, new RawText(_content.ReadMarkup(textIsMarkup: true), true, b)); return;
                    case "category": ReadCategory(e); return;
                    case "enclosure": ReadEnclosure(e, b); return;
                    case "comments": e.Comments = First(e.Comments, UrlResolver.Resolve(b, NonEmpty(_content.ReadText()))); return;
                }
                break;
            case Ns.Dc:
                if (name == "subject")
                {
                    AddCategory(e, _content.ReadText());
                    return;
                }
                break;
            case Ns.Content:
                if (name == "encoded")
                {
                    e.Content = First(e.Content, new RawText(_content.ReadMarkup(textIsMarkup: true), true, b));
                    return;
                }
                break;
            case Ns.Xhtml:
                if (name == "body")
                {
                    e.Content = First(e.Content, new RawText(_content.ReadMarkup(textIsMarkup: false), true, b));
                    return;
                }
                break;
            case Ns.Media:
                if (ReadMediaField(e, b)) return;
                break;
            case Ns.Itunes:
                if (name == "category")
                {
                    ReadItunesCategory(e);
                    return;
                }
                break;
            case Ns.Feedburner:
                if (name == "origlink")
                {
                    e.OriginalLink = First(e.OriginalLink, UrlResolver.Resolve(b, NonEmpty(_content.ReadText())));
                    return;
                }
                break;
        }
        _r.Skip();
    }

    private bool ReadMediaField(EntryDraft e, Uri? b)
    {
        switch (_r.LocalName)
        {
            case "description":
                e.MediaDescription = First(e.MediaDescription, _content.ReadTextConstruct(b, atom10: false));
                return true;
            case "thumbnail":
                e.Thumbnail ??= UrlResolver.Resolve(b, _r.GetAttribute("url"));
                _r.Skip();
                return true;
            case "content":
                var medium = _r.GetAttribute("medium");
                var type = _r.GetAttribute("type");
                if (medium == "image" || (type?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false))
                    e.Image ??= UrlResolver.Resolve(b, _r.GetAttribute("url"));
                ReadChildren(e, b); // media:content may hold media:thumbnail, media:title...
                return true;
            case "group":
                ReadChildren(e, b);
                return true;
            case "title":
                e.MediaTitle = First(e.MediaTitle, _content.ReadTextConstruct(b, atom10: false));
                return true;
            case "category":
                AddCategory(e, _content.ReadText());
                return true;
            default:
                return false;
        }
    }

    private void ReadEntry(Uri? b)
    {
        var e = new EntryDraft { Base = b };
        _feed.Entries.Add(e);
        if (_r.HasAttributes)
        {
            e.About = NonEmpty(_r.GetAttribute("about", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"));
            if (_feed.Format == FeedFormat.Cdf) ReadCdfAttributes(e, b);
        }
        ReadChildren(e, b);
    }

    private void ReadCdfAttributes(DraftNode node, Uri? b)
    {
        node.Link ??= UrlResolver.Resolve(b, _r.GetAttribute("HREF") ?? _r.GetAttribute("href"));
        node.Updated ??= DateParser.TryParse(_r.GetAttribute("LASTMOD") ?? _r.GetAttribute("lastmod"));
    }

    /// <summary>Atom titles are text constructs; RSS titles are text that may turn out to be HTML.</summary>
    private RawText ReadTitle(Uri? b) => Atom || _r.GetAttribute("type") is not null
        ? _content.ReadTextConstruct(b, _feed.Format == FeedFormat.Atom10)
        : PlainOrHtml(b);

    private RawText PlainOrHtml(Uri? b)
    {
        var v = _content.ReadMarkup(textIsMarkup: true);
        return new RawText(v, TextRenderer.LooksLikeHtml(v), b);
    }

    private RawText HtmlOrAtom(Uri? b) => Atom
        ? _content.ReadTextConstruct(b, _feed.Format == FeedFormat.Atom10)
        : new RawText(_content.ReadMarkup(textIsMarkup: true), true, b);

    private string? ReadId(Uri? b)
    {
        var id = NonEmpty(_content.ReadText());
        // A relative feed id is resolved like a URL (contract); an absolute one stays verbatim.
        return id is null || UrlResolver.HasScheme(id) || b is null ? id : UrlResolver.Resolve(b, id);
    }

    private void ReadLink(DraftNode node, EntryDraft? entry, Uri? b)
    {
        if (!_r.HasAttributes)
        {
            node.Link = First(node.Link, UrlResolver.Resolve(b, NonEmpty(_content.ReadText())));
            return;
        }
        var href = _r.GetAttribute("href");
        if (href is null)
        {
            // An Atom link without href says nothing; an RSS link is its text.
            if (Atom || _r.GetAttribute("rel") is not null) _r.Skip();
            else node.Link = First(node.Link, UrlResolver.Resolve(b, NonEmpty(_content.ReadText())));
            return;
        }
        var rel = _r.GetAttribute("rel")?.Trim().ToLowerInvariant() ?? "alternate";
        if (rel is "alternate" or "http://www.iana.org/assignments/relation/alternate")
            node.Link ??= UrlResolver.Resolve(b, href);
        else if (rel == "enclosure" && entry is not null)
            entry.Enclosures.Add(new ParsedEnclosure(UrlResolver.Resolve(b, href) ?? href, NonEmpty(_r.GetAttribute("type")), ParseLength(_r.GetAttribute("length"))));
        else if (rel is not ("self" or "enclosure" or "license" or "replies" or "edit" or "service.edit" or "service.post" or "service.feed"))
            node.OtherLink ??= UrlResolver.Resolve(b, href);
        _r.Skip();
    }

    private void ReadEnclosure(EntryDraft e, Uri? b)
    {
        var url = _r.GetAttribute("url");
        if (!string.IsNullOrWhiteSpace(url))
            e.Enclosures.Add(new ParsedEnclosure(UrlResolver.Resolve(b, url) ?? url, NonEmpty(_r.GetAttribute("type")), ParseLength(_r.GetAttribute("length"))));
        _r.Skip();
    }

    private static long? ParseLength(string? s) =>
        long.TryParse(s?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private void ReadCategory(EntryDraft e)
    {
        var term = _r.GetAttribute("term");
        if (term is not null)
        {
            AddCategory(e, term);
            _r.Skip();
        }
        else AddCategory(e, _content.ReadText());
    }

    private void ReadItunesCategory(EntryDraft e)
    {
        AddCategory(e, _r.GetAttribute("text"));
        ReadChildElements(() =>
        {
            if (_r.LocalName == "category") ReadItunesCategory(e);
            else _r.Read();
        });
    }

    /// <summary>Walks the children of the current element, calling <paramref name="onElement"/> on each child element
    /// (which must consume it, or step into it), and leaves the reader after the element's end.</summary>
    private void ReadChildElements(Action onElement)
    {
        if (_r.IsEmptyElement)
        {
            _r.Read();
            return;
        }
        int depth = _r.Depth;
        _r.Read();
        while (!(_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth) && !_r.EOF)
        {
            if (_r.NodeType != XmlNodeType.Element) _r.Read();
            else if (!SkippedTooDeep()) onElement();
        }
        _r.Read();
    }

    /// <summary>Skips the element the reader is on when it lies deeper than <see cref="MaxDepth"/>, with a note.</summary>
    private bool SkippedTooDeep()
    {
        if (_r.Depth <= MaxDepth) return false;
        var note = $"XML elements nested more than {MaxDepth} deep were skipped";
        if (!_feed.Notes.Contains(note)) _feed.Notes.Add(note);
        _r.Skip();
        return true;
    }

    private static void AddCategory(EntryDraft e, string? term)
    {
        var t = term?.Trim();
        if (!string.IsNullOrEmpty(t)) e.Categories.Add(t);
    }

    private void AddPerson(DraftNode node, Uri? b)
    {
        var p = _content.ReadPerson(b);
        if (p is not null) node.Authors.Add(p);
    }

    private void ReadRssImage(Uri? b) => ReadChildElements(() =>
    {
        if (_r.LocalName.Equals("url", StringComparison.OrdinalIgnoreCase)) _feed.Image = First(_feed.Image, UrlResolver.Resolve(ElementBase(b), NonEmpty(_content.ReadText())));
        else _r.Skip();
    });

    private void ReadSkipHours()
    {
        foreach (var v in ReadChildTexts("hour"))
            if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and <= 24 && !_feed.SkipHours.Contains(h % 24))
                _feed.SkipHours.Add(h % 24);
    }

    private void ReadSkipDays()
    {
        foreach (var v in ReadChildTexts("day"))
            if (Enum.TryParse<DayOfWeek>(v, ignoreCase: true, out var d) && Enum.IsDefined(d) && v.Length > 0 && !char.IsAsciiDigit(v[0]) && !_feed.SkipDays.Contains(d))
                _feed.SkipDays.Add(d);
    }

    private List<string> ReadChildTexts(string childName)
    {
        var list = new List<string>();
        ReadChildElements(() =>
        {
            if (_r.LocalName == childName) list.Add(_content.ReadText().Trim());
            else _r.Skip();
        });
        return list;
    }

    private DateTimeOffset? ReadDate() => DateParser.TryParse(_content.ReadText());

    private int? ReadInt() =>
        int.TryParse(_content.ReadText().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? NonEmpty(string? s)
    {
        if (s is null) return null;
        var t = s.Trim();
        return t.Length == 0 ? null : t;
    }
}
