using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;

namespace FeedAggregator.Digest;

/// <summary>Renders a digest as email HTML and as plain text from the Liquid templates in Digest/Templates.
/// Fluid (Liquid) rather than Razor components: it lives in this plain class library without pulling ASP.NET
/// into Core, the templates are data files a user could read or change, and its HTML encoder escapes every
/// value by default.</summary>
public sealed partial class DigestRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly IFluidTemplate _body = Load("digest.body.liquid");
    private readonly IFluidTemplate _text = Load("digest.txt.liquid");
    private readonly TemplateOptions _options = CreateOptions();

    /// <summary><see cref="Body"/> is the HTML fragment (the 600 px column); <see cref="Html"/> the whole email document.</summary>
    public sealed record Rendered(string Html, string Text, string Body);

    public Rendered Render(DigestModel model)
    {
        var body = _body.Render(new TemplateContext(model, _options), HtmlEncoder.Default).Trim();
        var text = _text.Render(new TemplateContext(model, _options), NullEncoder.Default);
        return new Rendered(Document(model.Title, body), Tidy(text), body);
    }

    /// <summary>A complete HTML document around a digest body (and, on the web page, its navigation above it).</summary>
    public static string Document(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light\">\n" +
        $"<title>{HtmlEncoder.Default.Encode(title)}</title>\n</head>\n<body style=\"margin:0;padding:0;background-color:#f0efeb;\">\n" +
        body + "\n</body>\n</html>\n";

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        foreach (var type in new[] { typeof(DigestModel), typeof(DigestItem), typeof(DigestSource), typeof(DigestSection), typeof(DigestHealth) })
            options.MemberAccessStrategy.Register(type);
        return options;
    }

    private static IFluidTemplate Load(string name)
    {
        using var stream = typeof(DigestRenderer).Assembly.GetManifestResourceStream("FeedAggregator.Digest.Templates." + name)
            ?? throw new InvalidOperationException($"template {name} is not embedded");
        var source = new StreamReader(stream).ReadToEnd();
        return Parser.TryParse(source, out var template, out var error)
            ? template : throw new InvalidOperationException($"template {name}: {error}");
    }

    /// <summary>Trailing spaces off, at most one blank line in a row, no leading blank lines.</summary>
    private static string Tidy(string text) =>
        BlankRuns().Replace(TrailingSpaces().Replace(text.Replace("\r\n", "\n"), ""), "\n\n").Trim() + "\n";

    [GeneratedRegex(@"[ \t]+$", RegexOptions.Multiline)]
    private static partial Regex TrailingSpaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRuns();
}
