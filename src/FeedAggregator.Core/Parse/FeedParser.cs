using System.Xml;

namespace FeedAggregator.Parse;

/// <summary>
/// Reads a feed document of any supported format (RSS 0.90-2.0, RDF, Atom 0.3/1.0, CDF, JSON Feed
/// 1.0/1.1) into the normalized <see cref="ParsedFeed"/> of shared/conformance/CONTRACT.md.
/// The format is decided by content. Not-well-formed XML is repaired and read again once (the
/// result is then bozo); a document that cannot be read at all throws <see cref="FeedParseException"/>
/// with line and column. Stateless apart from immutable configuration: safe to share as a singleton.
/// </summary>
public sealed class FeedParser
{
    // Never resolve external entities or DTDs; a DOCTYPE is skipped, not processed.
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CheckCharacters = true,
    };

    private readonly HtmlCleaner _cleaner = new();

    public ParsedFeed Parse(byte[] document, Uri? documentUrl = null, string? httpCharset = null, CancellationToken ct = default) =>
        Parse(document, documentUrl, httpCharset, sanitize: true, ct);

    /// <summary>As <see cref="Parse(byte[], Uri?, string?, CancellationToken)"/>, within a time budget (Polling:ParseTimeout):
    /// a document that takes longer is a <see cref="FeedParseException"/> saying so. The budget is real time, not the
    /// scheduling clock: it bounds CPU spent on one document.</summary>
    public ParsedFeed Parse(byte[] document, Uri? documentUrl, string? httpCharset, TimeSpan budget, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(budget);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return Parse(document, documentUrl, httpCharset, sanitize: true, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new FeedParseException($"reading the document took longer than Polling:ParseTimeout ({budget.TotalSeconds:0.#} s); it was abandoned");
        }
    }

    /// <summary>
    /// As <see cref="Parse(byte[], Uri?, string?)"/>; with <paramref name="sanitize"/> false the HTML of
    /// summaries and content is left as found (not sanitized, relative URLs not resolved). That is
    /// the parse stage alone, for measuring it; anything stored or shown must be sanitized.
    /// </summary>
    public ParsedFeed Parse(byte[] document, Uri? documentUrl, string? httpCharset, bool sanitize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var cleaner = sanitize ? _cleaner : null;
        // The common case (UTF-8 XML) is read straight from the bytes; the decoded string is only
        // built for other encodings, JSON, and the repair pass.
        bool plainUtf8 = EncodingDetector.IsPlainUtf8(document, httpCharset) && !FormatSniffer.LooksLikeJson(document);
        EncodingDetector.Decoded? decoded = null;
        if (!plainUtf8)
        {
            decoded = EncodingDetector.Decode(document, httpCharset);
            if (FormatSniffer.LooksLikeJson(decoded.Value.Text)) return JsonFeedParser.Parse(decoded.Value.Text, documentUrl, cleaner, ct);
        }

        var draft = new FeedDraft();
        string? problem = decoded?.Problem;
        try
        {
            using var reader = plainUtf8
                ? XmlReader.Create(new MemoryStream(document, writable: false), Settings)
                : XmlReader.Create(new StringReader(decoded!.Value.Text), Settings);
            XmlFeedReader.Read(reader, documentUrl, draft, ct);
        }
        catch (XmlException first)
        {
            decoded ??= EncodingDetector.Decode(document, httpCharset);
            problem = Describe(first);
            var retry = new FeedDraft();
            var repaired = XmlRepair.Repair(decoded.Value.Text);
            try
            {
                ReadXml(repaired, documentUrl, retry, ct);
                draft = retry;
            }
            catch (XmlException) when (TryRestructured(repaired, documentUrl, ct) is { } restructured)
            {
                draft = restructured;
            }
            catch (XmlException)
            {
                // Keep what was read before the break, as a lenient reader would; with no root element
                // there is nothing to keep.
                if (!retry.RootSeen && !draft.RootSeen) throw new FeedParseException(problem, first);
                if (retry.RootSeen) draft = retry;
            }
        }
        return FeedFinisher.Finish(draft, problem is not null, problem, cleaner, ct);
    }

    /// <summary>The repaired text with its element structure balanced and prefixes declared, read in full; null when
    /// even that breaks.</summary>
    private static FeedDraft? TryRestructured(string repaired, Uri? documentUrl, CancellationToken ct)
    {
        var draft = new FeedDraft();
        try
        {
            ReadXml(XmlRepair.Restructure(repaired), documentUrl, draft, ct);
            return draft;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static void ReadXml(string text, Uri? documentUrl, FeedDraft draft, CancellationToken ct)
    {
        using var reader = XmlReader.Create(new StringReader(text), Settings);
        XmlFeedReader.Read(reader, documentUrl, draft, ct);
    }

    private static string Describe(XmlException e) =>
        $"not well-formed XML at line {e.LineNumber}, column {e.LinePosition}: {e.Message}";
}
