using System.Globalization;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Parse;

public sealed class DateParserTests
{
    [Theory]
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("Fri, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")] // wrong weekday
    [InlineData("Thu, 1 Jan 2004 9:48:21 GMT", "2004-01-01T09:48:21Z")] // single digits
    [InlineData("Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z")] // no seconds
    [InlineData("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z")] // two-digit year
    [InlineData("Thu, 01 Jan 99 19:48:21 GMT", "1999-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 EST", "2004-01-02T00:48:21Z")]
    [InlineData("Thu, 01 Jul 2004 19:48:21 EDT", "2004-07-01T23:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 PST", "2004-01-02T03:48:21Z")]
    [InlineData("Thu, 01 Jul 2004 19:48:21 PDT", "2004-07-02T02:48:21Z")]
    [InlineData("Thu, 01 Jul 2004 19:48:21 BST", "2004-07-01T18:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 +0200", "2004-01-01T17:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 -05:00", "2004-01-02T00:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 0200", "2004-01-01T17:48:21Z")] // numeric zone without sign
    [InlineData("Thu, 01 Jan 2004 19:48:21 A", "2004-01-01T20:48:21Z")] // military A = -1 (RFC 822)
    [InlineData("Thu, 01 Jan 2004 19:48:21 N", "2004-01-01T18:48:21Z")] // military N = +1
    [InlineData("Thu, 01 Jan 2004 19:48:21", "2004-01-01T19:48:21Z")] // no zone = UTC
    [InlineData("2004-01-01T19:48:21Z", "2004-01-01T19:48:21Z")]
    [InlineData("2004-01-01T19:48:21+01:00", "2004-01-01T18:48:21Z")]
    [InlineData("2004-01-01T19:48:21.123-08:00", "2004-01-02T03:48:21Z")]
    [InlineData("2004-01-01T19:48Z", "2004-01-01T19:48:00Z")]
    [InlineData("2004-01-01T19:48:21", "2004-01-01T19:48:21Z")]
    [InlineData("2004-01-01", "2004-01-01T00:00:00Z")]
    [InlineData("2004-01", "2004-01-01T00:00:00Z")]
    [InlineData("20040101T194821Z", "2004-01-01T19:48:21Z")]
    [InlineData("2004-01-01 19:48:21", "2004-01-01T19:48:21Z")]
    [InlineData("January 1, 2004", "2004-01-01T00:00:00Z")]
    [InlineData("Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z")] // asctime
    public void Reads_common_forms(string input, string expected)
    {
        var d = DateParser.TryParse(input);
        Assert.NotNull(d);
        Assert.Equal(expected, d!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("32 Jan 2004")]
    [InlineData("2004-13-01")]
    [InlineData("2004-02-30T10:00:00Z")]
    [InlineData("Thu, 01 Foo 2004 19:48:21 GMT")]
    [InlineData("not a date at all, really")]
    public void Garbage_is_null(string? input) => Assert.Null(DateParser.TryParse(input));

    [Theory]
    [InlineData("de-DE")]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    public void Does_not_depend_on_the_current_culture(string culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Equal(new DateTimeOffset(2004, 1, 1, 19, 48, 21, TimeSpan.Zero), DateParser.TryParse("Thu, 01 Jan 2004 19:48:21 GMT"));
            Assert.Equal(new DateTimeOffset(2004, 1, 1, 18, 48, 21, TimeSpan.Zero), DateParser.TryParse("2004-01-01T19:48:21.5+01:00")!.Value.AddMilliseconds(-500));
            var json = ParsedFeedJson.Write(new FeedParser().Parse("<rss version=\"2.0\"><channel><lastBuildDate>Thu, 01 Jan 2004 19:48:21 GMT</lastBuildDate></channel></rss>"u8.ToArray()));
            Assert.Contains("\"updated\":\"2004-01-01T19:48:21Z\"", json);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }
}
