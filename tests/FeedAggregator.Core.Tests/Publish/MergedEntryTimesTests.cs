using FeedAggregator.Feeds;
using FeedAggregator.Publish;

namespace FeedAggregator.Core.Tests.Publish;

public sealed class MergedEntryTimesTests
{
    private static readonly DateTimeOffset Placed = new(2026, 12, 1, 13, 3, 24, 381, TimeSpan.Zero);

    private static MergedEntry Entry(int id, DateTimeOffset sortAt, DateTimeOffset? published = null, DateTimeOffset? updated = null) =>
        MergedEntry.FromArticle(new Article
        {
            Id = id, EntryKey = $"e{id}", FeedUrl = "https://example.org/feed", SortAt = sortAt, ChangedAt = Placed.AddHours(1),
            PublishedAt = published, UpdatedAt = updated,
        });

    [Fact]
    public void Two_entries_placed_in_the_same_millisecond_get_distinct_times_in_page_order()
    {
        var page = MergedEntry.WithDistinctTimes([Entry(1, Placed), Entry(2, Placed), Entry(3, Placed.AddMilliseconds(-1))]);

        Assert.Equal([Placed, Placed.AddMilliseconds(-1), Placed.AddMilliseconds(-2)], page.Select(e => e.Published));
        Assert.Equal(page.Select(e => e.Published), page.Select(e => e.Updated));
        Assert.Equal(3, page.Select(e => e.Updated).Distinct().Count());
    }

    [Fact]
    public void Distinct_times_leave_an_entry_alone_and_never_put_updated_before_published()
    {
        var own = Placed.AddHours(-2);
        var first = Entry(1, own, own, Placed);
        // Published two hours ago and updated at the same moment as the first: only its updated moves.
        var second = Entry(2, own.AddMinutes(1), own.AddMinutes(1), Placed);
        var page = MergedEntry.WithDistinctTimes([first, second]);

        Assert.Same(first, page[0]);
        Assert.Equal(own.AddMinutes(1), page[1].Published);
        Assert.Equal(Placed.AddMilliseconds(-1), page[1].Updated);
        Assert.All(page, e => Assert.True(e.Updated >= e.Published));
    }
}
