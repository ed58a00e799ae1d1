namespace FeedAggregator.Parse;

/// <summary>Makes references absolute. A reference counts as absolute only when it has a scheme:
/// on Unix, Uri.TryCreate("/path", Absolute) would otherwise yield a file: URI.</summary>
internal static class UrlResolver
{
    public static bool HasScheme(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0])) return false;
        for (int i = 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == ':') return true;
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return false;
    }

    /// <summary>The reference made absolute against <paramref name="baseUri"/> where possible, else as written.</summary>
    public static string? Resolve(Uri? baseUri, string? reference)
    {
        if (reference is null) return null;
        var r = reference.Trim();
        if (r.Length == 0) return baseUri is null ? null : baseUri.AbsoluteUri;
        if (HasScheme(r) || baseUri is null) return r;
        return Uri.TryCreate(baseUri, r, out var abs) ? abs.AbsoluteUri : r;
    }

    /// <summary>A base URI from an xml:base value, itself resolved against the enclosing base.</summary>
    public static Uri? ResolveBase(Uri? parent, string xmlBase)
    {
        var resolved = Resolve(parent, xmlBase);
        return resolved is not null && HasScheme(resolved) && Uri.TryCreate(resolved, UriKind.Absolute, out var u) ? u : parent;
    }
}
