using System.Globalization;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;

namespace FeedAggregator.Digest;

/// <summary>Turns one window's stories into the digest model: "Top stories" (the stories most sources carried),
/// then one section per category, capped at Digest:MaxItems with "and N more" links, then feed health.</summary>
public static class DigestBuilder
{
    public const string Uncategorized = "Other";

    public sealed record Input(
        IReadOnlyList<Story> Stories,
        DateTimeOffset WindowStart,
        DateTimeOffset WindowEnd,
        string SiteTitle,
        string? WebUrl,
        IReadOnlyList<Feed> FailingFeeds,
        IReadOnlyList<Feed> SilentFeeds);

    /// <summary>The digest of one window. <paramref name="maxItems"/> overrides Digest:MaxItems (int.MaxValue: the web
    /// page, which lists everything).</summary>
    public static DigestModel Build(Input input, DigestOptions options, DigestSchedule schedule, int? maxItems = null)
    {
        var localDate = schedule.LocalDate(input.WindowEnd);
        var dateLabel = localDate.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        var count = input.Stories.Count;
        var subject = $"{input.SiteTitle} digest, {localDate.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)}: " +
                      (count == 1 ? "1 story" : $"{count} stories");

        // Top: only stories several sources carried; ties go to the more recent.
        var top = input.Stories.Where(s => s.SourceCount > 1)
            .OrderByDescending(s => s.SourceCount).ThenByDescending(s => s.SortAt).ThenByDescending(s => s.Id)
            .Take(Math.Max(0, options.TopStories)).ToList();
        var topIds = top.Select(s => s.Id).ToHashSet();

        // Sections: Digest:Sections order first, then the categories with the most stories; uncategorized last.
        var listed = options.Sections.Select(x => x.Trim()).ToList();
        var sections = input.Stories.Where(s => !topIds.Contains(s.Id))
            .GroupBy(s => s.Lead.FeedCategory?.Trim() is { Length: > 0 } c ? c : Uncategorized, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Name: g.Key, Stories: g.OrderByDescending(s => s.SortAt).ThenByDescending(s => s.Id).ToList()))
            .OrderBy(g => Rank(listed, g.Name)).ThenBy(g => g.Name == Uncategorized).ThenByDescending(g => g.Stories.Count)
            .ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        // The email's budget is shared round-robin, so one busy category cannot push the others out; what does not fit
        // stays reachable (see DigestSection).
        var budget = Math.Max(0, (maxItems ?? options.MaxItems) - top.Count);
        var shownPerSection = Allot(sections.Select(g => g.Stories.Count).ToList(), budget);
        var anchors = new HashSet<string>(StringComparer.Ordinal) { "top-stories" };
        var digestSections = sections.Select((g, i) =>
        {
            var anchor = Anchor(g.Name, anchors);
            var items = g.Stories.Select(s => Item(s, schedule, localDate)).ToList();
            var shown = shownPerSection[i];
            return new DigestSection(g.Name, anchor, items[..shown], items[shown..], input.WebUrl is null ? null : $"{input.WebUrl}#{Uri.EscapeDataString(anchor)}");
        }).ToList();

        var health = new DigestHealth(
            input.FailingFeeds.Select(f => f.LastError is null ? f.DisplayName : $"{f.DisplayName} ({Shorten(f.LastError)})").ToList(),
            input.SilentFeeds.Select(f => f.DisplayName).ToList());

        return new DigestModel(
            SiteTitle: input.SiteTitle,
            Title: $"{input.SiteTitle} digest — {dateLabel}",
            Subject: subject,
            DateLabel: dateLabel,
            LocalDate: localDate,
            WindowStart: input.WindowStart,
            WindowEnd: input.WindowEnd,
            Period: Period(input.WindowStart, input.WindowEnd, schedule),
            StoryCount: count,
            WebUrl: input.WebUrl,
            TopStories: top.Select(s => Item(s, schedule, localDate)).ToList(),
            Sections: digestSections,
            Shown: top.Count + shownPerSection.Sum(),
            Health: health);
    }

    private static int Rank(List<string> listed, string name)
    {
        var i = listed.FindIndex(x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>"World news" → "world-news": the section's fragment on the web page, unique within the digest.</summary>
    internal static string Anchor(string name, HashSet<string> taken)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length == 0) slug = "section";
        var unique = slug;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{slug}-{n}";
        return unique;
    }

    /// <summary>Shares <paramref name="budget"/> items between groups round-robin, so one busy feed cannot push
    /// every other feed out of the digest.</summary>
    internal static int[] Allot(IReadOnlyList<int> sizes, int budget)
    {
        var shown = new int[sizes.Count];
        for (var round = 0; budget > 0; round++)
        {
            var any = false;
            for (var i = 0; i < sizes.Count && budget > 0; i++)
            {
                if (sizes[i] <= round) continue;
                shown[i]++;
                budget--;
                any = true;
            }
            if (!any) break;
        }
        return shown;
    }

    private static DigestItem Item(Story story, DigestSchedule schedule, DateOnly digestDate)
    {
        var lead = story.Lead;
        var local = schedule.ToLocal(story.SortAt);
        var time = DateOnly.FromDateTime(local.DateTime) == digestDate
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("ddd HH:mm", CultureInfo.InvariantCulture);
        var text = TextRenderer.HtmlToText(lead.Summary ?? lead.Content ?? "");
        var title = Publish.EntryTitle.For(lead);
        // Many feeds repeat the title as the summary's first words; skip it rather than print it twice.
        if (text.StartsWith(title, StringComparison.OrdinalIgnoreCase)) text = text[title.Length..].TrimStart(' ', '.', ':', '-', '—');
        var sources = new[] { lead }.Concat(story.AlsoCoveredBy).Select(a => new DigestSource(a.FeedName, Publish.WebUrl.OrNull(a.Link))).ToList();
        return new DigestItem(title, Publish.WebUrl.OrNull(lead.Link), time, SentenceCutter.Cut(text), lead.FeedName, sources);
    }

    /// <summary>"since Mon 23 Nov 07:00 until Tue 24 Nov 07:00 (Europe/London)"; the first digest has no start.</summary>
    private static string Period(DateTimeOffset start, DateTimeOffset end, DigestSchedule schedule)
    {
        const string format = "ddd d MMM HH:mm";
        var until = schedule.ToLocal(end).ToString(format, CultureInfo.InvariantCulture);
        return (start.ToUnixTimeMilliseconds() <= 0 ? $"until {until}" : $"since {schedule.ToLocal(start).ToString(format, CultureInfo.InvariantCulture)} until {until}")
               + $" ({schedule.TimeZone.Id})";
    }

    private static string Shorten(string error) => error.Length <= 80 ? error : error[..79].TrimEnd() + "…";
}
