namespace FeedAggregator.Parse;

/// <summary>RSS gives a person as one string: "Name (mail@x)", "mail@x (Name)", "Name &lt;mail@x&gt;",
/// or a bare address. Anything else is a name.</summary>
internal static class PersonString
{
    public static ParsedPerson? Parse(string? value)
    {
        var s = value?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        // "Name <mail@x>"
        int lt = s.LastIndexOf('<');
        if (lt >= 0 && s.EndsWith('>'))
        {
            var mail = s[(lt + 1)..^1].Trim();
            if (mail.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) mail = mail[7..];
            if (IsEmail(mail)) return new ParsedPerson(NullIfEmpty(s[..lt].Trim().Trim('"')), mail, null);
        }
        // "mail@x (Name)" or "Name (mail@x)"
        int open = s.IndexOf('(');
        if (open >= 0 && s.EndsWith(')'))
        {
            var outside = s[..open].Trim();
            var inside = s[(open + 1)..^1].Trim();
            if (IsEmail(outside)) return new ParsedPerson(NullIfEmpty(inside), outside, null);
            if (IsEmail(inside)) return new ParsedPerson(NullIfEmpty(outside), inside, null);
        }
        if (IsEmail(s)) return new ParsedPerson(null, s, null);
        // "Name mail@x": an address at the end of the string.
        int space = s.LastIndexOf(' ');
        if (space > 0 && IsEmail(s[(space + 1)..])) return new ParsedPerson(s[..space].Trim(), s[(space + 1)..], null);
        return new ParsedPerson(s, null, null);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static bool IsEmail(string s)
    {
        int at = s.IndexOf('@');
        return at > 0 && at < s.Length - 1 && s.IndexOfAny([' ', '(', ')', '<', '>']) < 0 && s.IndexOf('@', at + 1) < 0;
    }
}
