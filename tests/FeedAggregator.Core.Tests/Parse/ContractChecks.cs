using System.Text.Json;

namespace FeedAggregator.Core.Tests.Parse;

/// <summary>One conformance check (path, op, value) against a parser's JSON output, with the ops of
/// the kit's runner: eq, text, html, url, date, lang, len, notnull. A value null means absent or empty.</summary>
internal static class ContractChecks
{
    /// <summary>Null when the check holds, else a short reason.</summary>
    public static string? Check(JsonElement output, string path, string op, JsonElement expected)
    {
        var actual = GetPath(output, path);
        bool expNull = expected.ValueKind == JsonValueKind.Null;
        string? actualString = actual is { ValueKind: JsonValueKind.String } a ? a.GetString() : null;
        bool ok = op switch
        {
            "eq" => expNull ? Blank(actual) : Eq(actual, expected),
            "text" => expNull ? Blank(actual) : actualString is not null && ContractValues.NormText(actualString) == ContractValues.NormText(expected.GetString()),
            "url" => expNull ? Blank(actual) : actualString is not null && ContractValues.NormUrl(actualString) == ContractValues.NormUrl(expected.GetString()),
            "lang" => expNull ? Blank(actual) : actualString is not null && Lang(actualString) == Lang(expected.GetString()!),
            "html" => Blank(actual)
                ? HtmlCanonicalizer.Canonical(expNull ? null : expected.GetString()).Count == 0
                : actualString is not null && HtmlCanonicalizer.Canonical(actualString).SequenceEqual(HtmlCanonicalizer.Canonical(expected.GetString())),
            "date" => expNull ? Blank(actual) : actualString is not null && ContractValues.ParseIsoUtc(actualString) is { } d && d == ContractValues.ParseIsoUtc(expected.GetString()),
            "len" => (Blank(actual) ? 0 : actual!.Value.ValueKind == JsonValueKind.Array ? actual.Value.GetArrayLength() : -1) == expected.GetInt32(),
            "notnull" => !Blank(actual),
            _ => false,
        };
        if (ok) return null;
        var shown = actual is null ? "<absent>" : actual.Value.GetRawText();
        if (shown.Length > 300) shown = shown[..300] + "...";
        return $"{path} {op} {expected.GetRawText()}; got {shown}";
    }

    private static string Lang(string s) => s.Trim().ToLowerInvariant().Replace('_', '-');

    private static bool Blank(JsonElement? v) =>
        v is null || v.Value.ValueKind == JsonValueKind.Null || (v.Value.ValueKind == JsonValueKind.String && v.Value.GetString() == "");

    private static bool Eq(JsonElement? actual, JsonElement exp)
    {
        if (actual is not { } a) return false;
        switch (exp.ValueKind)
        {
            case JsonValueKind.Number:
                if (a.ValueKind == JsonValueKind.Number) return a.GetRawText() == exp.GetRawText();
                var s = a.ValueKind == JsonValueKind.String ? a.GetString()!.Trim() : null;
                return s is { Length: > 0 } && s.All(char.IsAsciiDigit) && long.TryParse(s, out var n) && n == exp.GetInt64();
            case JsonValueKind.String:
                return a.ValueKind == JsonValueKind.String && a.GetString()!.Trim() == exp.GetString()!.Trim();
            default:
                return JsonElement.DeepEquals(a, exp);
        }
    }

    /// <summary>"entries[0].authors[1].name" into the output, or null when absent.</summary>
    private static JsonElement? GetPath(JsonElement obj, string path)
    {
        var cur = obj;
        foreach (var part in path.Split('.'))
        {
            int bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                if (cur.ValueKind != JsonValueKind.Object || !cur.TryGetProperty(name, out cur)) return null;
            }
            if (bracket < 0) continue;
            foreach (var idx in part[(bracket + 1)..].TrimEnd(']').Split("]["))
            {
                int i = int.Parse(idx, System.Globalization.CultureInfo.InvariantCulture);
                if (cur.ValueKind != JsonValueKind.Array || i >= cur.GetArrayLength()) return null;
                cur = cur[i];
            }
        }
        return cur;
    }
}
