namespace FeedAggregator.Parse;

/// <summary>
/// Reads the dates feeds contain: ISO 8601 / W3C-DTF and RFC 822/1123 with their common
/// variants. Hand-written token parsing rather than DateTime.TryParse so that the result never
/// depends on the machine's culture and never throws: what cannot be read is null.
/// </summary>
public static class DateParser
{
    public static DateTimeOffset? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var s = value.AsSpan().Trim();
        if (s.Length > 100) return null;
        try
        {
            return TryIso(s) ?? TryRfc822(s);
        }
        catch (ArgumentException)
        {
            // An out-of-range field combination (e.g. year 0 with a negative offset) is "unreadable".
            return null;
        }
    }

    // ---------- ISO 8601 / W3C-DTF: YYYY[-MM[-DD]][(T| )hh:mm[:ss[.fff]]][zone], also compact YYYYMMDD[Thhmmss]

    private static DateTimeOffset? TryIso(ReadOnlySpan<char> s)
    {
        int i = 0;
        if (!Digits(s, ref i, 4, out int year)) return null;
        int month = 1, day = 1;
        bool compact = i < s.Length && char.IsAsciiDigit(s[i]);
        if (compact)
        {
            if (!Digits(s, ref i, 2, out month) || !Digits(s, ref i, 2, out day)) return null;
        }
        else if (i < s.Length && s[i] == '-')
        {
            i++;
            if (!DigitsFlexible(s, ref i, out month)) return null;
            if (i < s.Length && s[i] == '-')
            {
                i++;
                if (!DigitsFlexible(s, ref i, out day)) return null;
            }
        }
        else if (i < s.Length) return null;

        int hour = 0, minute = 0, second = 0;
        double fraction = 0;
        TimeSpan offset = TimeSpan.Zero;
        if (i < s.Length && (s[i] is 'T' or 't' or ' '))
        {
            i++;
            while (i < s.Length && s[i] == ' ') i++;
            if (!DigitsFlexible(s, ref i, out hour)) return null;
            if (i < s.Length && s[i] == ':') i++;
            if (!DigitsFlexible(s, ref i, out minute)) return null;
            if (i < s.Length && (s[i] == ':' || (compact && char.IsAsciiDigit(s[i]))))
            {
                if (s[i] == ':') i++;
                if (!DigitsFlexible(s, ref i, out second)) return null;
                if (i < s.Length && (s[i] == '.' || s[i] == ','))
                {
                    int start = ++i;
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                    if (i > start) fraction = double.Parse("0." + s[start..Math.Min(i, start + 7)].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            var rest = s[i..].Trim();
            if (rest.Length > 0)
            {
                var zone = ParseZone(rest.ToString());
                if (zone is null) return null;
                offset = zone.Value;
            }
        }
        else if (i < s.Length) return null;

        return Build(year, month, day, hour, minute, second, offset)?.AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length) return false;
        for (int k = 0; k < count; k++)
        {
            char c = s[i + k];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        i += count;
        return true;
    }

    // One or two digits: "2004-1-5" and "9:05" occur in the wild.
    private static bool DigitsFlexible(ReadOnlySpan<char> s, ref int i, out int value)
    {
        value = 0;
        int start = i;
        while (i < s.Length && i - start < 2 && char.IsAsciiDigit(s[i])) value = value * 10 + (s[i++] - '0');
        return i > start;
    }

    // ---------- RFC 822 / 1123 and loose relatives ("Sun, 4 Jan 2004 16:29:06 PST", "Jan 4 2004", asctime)

    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static DateTimeOffset? TryRfc822(ReadOnlySpan<char> s)
    {
        int? day = null, month = null, year = null, hour = null, minute = null, second = null;
        TimeSpan? offset = null;
        foreach (var range in s.SplitAny(" ,\t\r\n"))
        {
            var tok = s[range];
            if (tok.IsEmpty) continue;
            if (tok.Contains(':') && hour is null && char.IsAsciiDigit(tok[0]))
            {
                if (!ParseTime(tok, out var h, out var m, out var sec, out var tokZone)) return null;
                (hour, minute, second) = (h, m, sec);
                if (tokZone is not null) offset = tokZone;
                continue;
            }
            if (char.IsAsciiLetter(tok[0]))
            {
                var word = tok.TrimEnd('.').ToString().ToLowerInvariant();
                int mi = word.Length >= 3 ? Array.IndexOf(MonthNames, word[..3]) : -1;
                if (mi >= 0 && month is null && (word.Length == 3 || IsFullMonthName(word, mi))) { month = mi + 1; continue; }
                if (word.Length >= 3 && Array.IndexOf(DayNames, word[..3]) >= 0 && hour is null) continue;
                var z = ParseZone(tok.ToString());
                if (z is not null && offset is null) { offset = z; continue; }
                if (word is "am" or "pm" && hour is not null)
                {
                    if (word == "pm" && hour < 12) hour += 12;
                    if (word == "am" && hour == 12) hour = 0;
                    continue;
                }
                return null;
            }
            if (tok[0] is '+' or '-')
            {
                var z = ParseZone(tok.ToString());
                if (z is null) return null;
                offset = z;
                continue;
            }
            if (!int.TryParse(tok, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
            {
                // "2004-01-04" inside an RFC-style string, or "04-Jan-2004".
                if (TryDashedDate(tok, ref day, ref month, ref year)) continue;
                return null;
            }
            if (tok.Length == 4 && hour is not null && year is not null && offset is null)
                offset = ParseZone("+" + tok.ToString()); // numeric zone written without its sign
            else if (tok.Length >= 3 || n > 31 || (day is not null && year is null)) year = n < 100 && tok.Length <= 2 ? TwoDigitYear(n) : n;
            else if (day is null) day = n;
            else return null;
        }
        if (day is null || month is null || year is null) return null;
        return Build(year.Value, month.Value, day.Value, hour ?? 0, minute ?? 0, second ?? 0, offset ?? TimeSpan.Zero);
    }

    private static bool IsFullMonthName(string word, int index)
    {
        string[] full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
        return word == full[index] || (index == 8 && word == "sept");
    }

    private static bool TryDashedDate(ReadOnlySpan<char> tok, ref int? day, ref int? month, ref int? year)
    {
        var parts = tok.ToString().Split('-', '/');
        if (parts.Length != 3) return false;
        int m = Array.IndexOf(MonthNames, parts[1].ToLowerInvariant()[..Math.Min(3, parts[1].Length)]);
        if (m >= 0 && int.TryParse(parts[0], out int d) && int.TryParse(parts[2], out int y))
        {
            (day, month, year) = (d, m + 1, parts[2].Length <= 2 ? TwoDigitYear(y) : y);
            return true;
        }
        return false;
    }

    // RFC 2822 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999.
    private static int TwoDigitYear(int y) => y < 50 ? 2000 + y : 1900 + y;

    private static bool ParseTime(ReadOnlySpan<char> tok, out int hour, out int minute, out int second, out TimeSpan? zone)
    {
        hour = minute = second = 0;
        zone = null;
        // A zone glued to the time: "16:29:06Z", "16:29:06+0100".
        int zoneStart = tok.IndexOfAny('+', '-');
        if (zoneStart < 0 && char.IsAsciiLetter(tok[^1])) zoneStart = tok.Length - 1;
        if (zoneStart > 0)
        {
            zone = ParseZone(tok[zoneStart..].ToString());
            if (zone is null) return false;
            tok = tok[..zoneStart];
        }
        int i = 0;
        if (!DigitsFlexible(tok, ref i, out hour) || i >= tok.Length || tok[i++] != ':') return false;
        if (!DigitsFlexible(tok, ref i, out minute)) return false;
        if (i < tok.Length && tok[i] == ':')
        {
            i++;
            if (!DigitsFlexible(tok, ref i, out second)) return false;
            if (i < tok.Length && tok[i] == '.') { i++; while (i < tok.Length && char.IsAsciiDigit(tok[i])) i++; }
        }
        return i == tok.Length;
    }

    private static TimeSpan? ParseZone(string z)
    {
        z = z.Trim();
        if (z.Length == 0) return null;
        switch (z.ToUpperInvariant())
        {
            case "Z" or "UT" or "UTC" or "GMT" or "WET": return TimeSpan.Zero;
            case "BST" or "CET" or "MET" or "WEST" or "IST": return TimeSpan.FromHours(1);
            case "CEST" or "MEST" or "EET": return TimeSpan.FromHours(2);
            case "EEST": return TimeSpan.FromHours(3);
            case "AST": return TimeSpan.FromHours(-4);
            case "ADT" or "EDT": return TimeSpan.FromHours(-4);
            case "EST" or "CDT": return TimeSpan.FromHours(-5);
            case "CST" or "MDT": return TimeSpan.FromHours(-6);
            case "MST" or "PDT": return TimeSpan.FromHours(-7);
            case "PST" or "AKDT": return TimeSpan.FromHours(-8);
            case "AKST": return TimeSpan.FromHours(-9);
            case "HST": return TimeSpan.FromHours(-10);
            case "JST" or "KST": return TimeSpan.FromHours(9);
        }
        if (z.Length == 1 && char.IsAsciiLetter(z[0])) return MilitaryZone(char.ToUpperInvariant(z[0]));
        // "GMT+01:00", "UTC-5"
        if (z.Length > 3 && (z.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || z.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)))
            z = z[3..];
        if (z[0] is not ('+' or '-')) return null;
        int sign = z[0] == '-' ? -1 : 1;
        var digits = z[1..].Replace(":", "");
        if (digits.Length is not (1 or 2 or 3 or 4) || !digits.All(char.IsAsciiDigit)) return null;
        int h, m = 0;
        if (digits.Length <= 2) h = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        else
        {
            h = int.Parse(digits[..^2], System.Globalization.CultureInfo.InvariantCulture);
            m = int.Parse(digits[^2..], System.Globalization.CultureInfo.InvariantCulture);
        }
        if (h > 14 || m > 59) return null;
        return sign * new TimeSpan(h, m, 0);
    }

    // RFC 822 military zones as the RFC writes them: A..I, K..M are -1..-12, N..Y are +1..+12, Z is UTC.
    private static TimeSpan? MilitaryZone(char c) => c switch
    {
        'Z' => TimeSpan.Zero,
        >= 'A' and <= 'I' => TimeSpan.FromHours(-(c - 'A' + 1)),
        >= 'K' and <= 'M' => TimeSpan.FromHours(-(c - 'K' + 10)),
        >= 'N' and <= 'Y' => TimeSpan.FromHours(c - 'N' + 1),
        _ => null,
    };

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        // 24:00 is the end of the day; a leap second 60 is read as 59.
        bool endOfDay = hour == 24 && minute == 0 && second == 0;
        if ((hour > 23 && !endOfDay) || minute > 59 || second > 60) return null;
        var local = new DateTime(year, month, day, endOfDay ? 0 : hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        if (endOfDay) local = local.AddDays(1);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
