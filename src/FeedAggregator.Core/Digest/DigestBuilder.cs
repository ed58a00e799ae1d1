using System.Globalization;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;

namespace FeedAggregator.Digest;

/// <summary>Turns one window's stories into the digest model: "Top stories" (the stories most sources carried),
/// then the rest by category and feed, capped at Digest:MaxItems with "and N more" lines, then feed health.</summary>
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

    public static DigestModel Build(Input input, DigestOptions options, DigestSchedule schedule)
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

        var groups = input.Stories.Where(s => !topIds.Contains(s.Id))
            .GroupBy(s => (Category: s.Lead.FeedCategory ?? Uncategorized, Feed: s.Lead.FeedId))
            .Select(g => (g.Key.Category, Feed: g.First().Lead, Stories: g.OrderByDescending(s => s.SortAt).ThenByDescending(s => s.Id).ToList()))
            .OrderBy(g => g.Category == Uncategorized).ThenBy(g => g.Category, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.Feed.FeedName, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var shownPerGroup = Allot(groups.Select(g => g.Stories.Count).ToList(), Math.Max(0, options.MaxItems - top.Count));
        var categories = groups.Select((g, i) => (g, shown: shownPerGroup[i]))
            .GroupBy(x => x.g.Category)
            .Select(c => new DigestCategory(c.Key, c.Select(x => new DigestFeedGroup(
                x.g.Feed.FeedName,
                x.g.Feed.FeedSiteUrl ?? x.g.Feed.FeedUrl,
                x.g.Stories.Take(x.shown).Select(s => Item(s, schedule, localDate)).ToList(),
                x.g.Stories.Count - x.shown)).ToList()))
            .ToList();

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
            Categories: categories,
            Shown: top.Count + shownPerGroup.Sum(),
            Health: health);
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
        var sources = new[] { lead }.Concat(story.AlsoCoveredBy).Select(a => new DigestSource(a.FeedName, a.Link)).ToList();
        return new DigestItem(title, lead.Link, time, SentenceCutter.Cut(text), lead.FeedName, sources);
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
