using System.Globalization;

namespace FeedAggregator.Digest;

/// <summary>When digests are due: Digest:Time on Digest:Days in Digest:TimeZone. The host's Quartz cron trigger
/// fires at these instants (<see cref="CronExpression"/>); this class answers the questions Quartz cannot —
/// "which scheduled time did we miss while down?" — with the same rules, so catch-up and the trigger agree
/// (a host test compares both across DST changes).</summary>
public sealed class DigestSchedule
{
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public TimeZoneInfo TimeZone { get; }
    public TimeOnly TimeOfDay { get; }
    public IReadOnlySet<DayOfWeek> Days { get; }

    public DigestSchedule(DigestOptions options)
    {
        TimeZone = string.IsNullOrWhiteSpace(options.TimeZone) ? TimeZoneInfo.Local : FindZone(options.TimeZone.Trim());
        TimeOfDay = TimeOnly.TryParseExact(options.Time.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t : throw new FormatException($"Digest:Time must be HH:mm, not '{options.Time}'");
        Days = ParseDays(options.Days);
    }

    /// <summary>Quartz cron: seconds minutes hours day-of-month month day-of-week.</summary>
    public string CronExpression => $"0 {TimeOfDay.Minute} {TimeOfDay.Hour} ? * " +
        (Days.Count == 7 ? "*" : string.Join(',', Days.Order().Select(d => DayNames[(int)d])));

    /// <summary>The latest scheduled instant at or before <paramref name="instant"/>, if any in the last two weeks.</summary>
    public DateTimeOffset? LastAtOrBefore(DateTimeOffset instant)
    {
        var today = LocalDate(instant);
        for (var d = 0; d <= 14; d++)
            if (At(today.AddDays(-d)) is { } at && at <= instant) return at;
        return null;
    }

    /// <summary>The first scheduled instant strictly after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset instant)
    {
        var today = LocalDate(instant);
        for (var d = -1; d <= 8; d++)
            if (At(today.AddDays(d)) is { } at && at > instant) return at;
        throw new InvalidOperationException("no scheduled day in a week"); // ParseDays never allows an empty set
    }

    /// <summary>Scheduled instants in (after, upTo], oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset upTo)
    {
        for (var at = NextAfter(after); at <= upTo; at = NextAfter(at)) yield return at;
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>The instant of the digest time on one local date, or null if that weekday is not scheduled.
    /// A time skipped by a spring-forward change fires at the same wall-clock time in the old offset (one hour
    /// late in the new); a time repeated by a fall-back change fires once, at its first occurrence.</summary>
    private DateTimeOffset? At(DateOnly date)
    {
        if (!Days.Contains(date.DayOfWeek)) return null;
        var local = date.ToDateTime(TimeOfDay, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (TimeZone.IsInvalidTime(local)) offset = TimeZone.GetUtcOffset(local.AddHours(-3));
        else if (TimeZone.IsAmbiguousTime(local)) offset = TimeZone.GetAmbiguousTimeOffsets(local).Max();
        else offset = TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { throw new FormatException($"Digest:TimeZone '{id}' is not a known IANA time zone"); }
    }

    private static HashSet<DayOfWeek> ParseDays(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim() == "*") return [.. Enum.GetValues<DayOfWeek>()];
        var days = new HashSet<DayOfWeek>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            var from = Day(range[0]);
            var to = range.Length == 2 ? Day(range[1]) : from;
            for (var d = from; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == to) break;
            }
        }
        return days;

        int Day(string name) => Array.FindIndex(DayNames, n => name.Length >= 3 && name[..3].Equals(n, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? i : throw new FormatException($"Digest:Days: '{name}' is not a day (use MON-FRI or MON,WED,FRI)");
    }
}
