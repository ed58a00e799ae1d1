using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests;

/// <summary>A bad setting stops the start with one line naming the key, the value and what is expected, exit code 2,
/// no stack trace unless --verbose; an unknown key is a warning naming the nearest known one. Through the real
/// executable, for the service (`run`) and a verb.</summary>
public sealed class SettingsValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<FeedaggProcess.Result> Run(params string[] args) =>
        FeedaggProcess.RunAsync(_dir.Path, [.. args, .. args[0] == "run" ? new[] { "--urls", "http://127.0.0.1:0" } : [],
            $"--Storage:Path={_dir.File("v.db")}", "--Feeds:Opml="]);

    [Theory]
    [InlineData("--Polling:Tick=fivemin", "invalid setting Polling:Tick = 'fivemin': expected a time span as [d.]hh:mm[:ss]")]
    [InlineData("--Digest:Time=25:99", "invalid setting Digest:Time = '25:99': expected a time of day as HH:mm")]
    [InlineData("--Polling:Concurrency=0", "invalid setting Polling:Concurrency = '0': expected a whole number of at least 1")]
    [InlineData("--Publishing:Items=-5", "invalid setting Publishing:Items = '-5': expected a whole number from 1 to 10000")]
    [InlineData("--Digest:TimeZone=Mars/Olympus", "invalid setting Digest:TimeZone = 'Mars/Olympus': expected an IANA time zone")]
    [InlineData("--Polling:Timeout=-00:00:05", "invalid setting Polling:Timeout = '-00:00:05': expected a time span longer than zero")]
    [InlineData("--Retention:KeepPerFeed=lots", "invalid setting Retention:KeepPerFeed = 'lots': expected a whole number")]
    [InlineData("--Smtp:Username=me", "invalid setting Smtp:Host = '': expected the SMTP server's host name, since Smtp:Username is set")]
    [InlineData("--Digest:CatchUp=Sometimes", "invalid setting Digest:CatchUp = 'Sometimes': expected one of Latest, Each, Skip")]
    [InlineData("--WebSub:Tick=fivemin", "invalid setting WebSub:Tick = 'fivemin': expected a time span as [d.]hh:mm[:ss]")]
    [InlineData("--WebSub:MaxAttempts=0", "invalid setting WebSub:MaxAttempts = '0': expected a whole number of at least 1")]
    [InlineData("--Rules:MatchTimeout=00:00:00", "invalid setting Rules:MatchTimeout = '00:00:00': expected a time span above zero")]
    [InlineData("--Rules:Block:0:Regex=maybe", "invalid setting Rules:Block:0:Regex = 'maybe': expected true or false")]
    [InlineData("--Polling:FullTextConcurrency=0", "invalid setting Polling:FullTextConcurrency = '0': expected a whole number of at least 1")]
    [InlineData("--WebSub:MaxSubscriptions=-1", "invalid setting WebSub:MaxSubscriptions = '-1': expected a whole number of at least 0")]
    [InlineData("--WebSub:DefaultLeaseSeconds=60", "invalid setting WebSub:DefaultLeaseSeconds = '60': expected from WebSub:MinLeaseSeconds to WebSub:MaxLeaseSeconds (300 to 2592000)")]
    public async Task A_bad_value_stops_the_service_and_a_verb_with_one_line_naming_it_and_exit_code_2(string setting, string expected)
    {
        foreach (var verb in new[] { "run", "poll" })
        {
            var result = await Run(verb, setting);
            Assert.Equal(2, result.ExitCode);
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(expected, line);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
    }

    [Fact]
    public async Task An_unwritable_storage_path_names_the_folder_and_verbose_adds_the_stack_trace()
    {
        File.WriteAllText(_dir.File("a-file"), "not a folder");
        var path = Path.Combine(_dir.File("a-file"), "feedagg.db");
        var result = await FeedaggProcess.RunAsync(_dir.Path, "poll", $"--Storage:Path={path}", "--Feeds:Opml=");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"invalid setting Storage:Path = '{path}': expected a file in a folder this process can write", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);

        var verbose = await FeedaggProcess.RunAsync(_dir.Path, "poll", "--verbose", $"--Storage:Path={path}", "--Feeds:Opml=");
        Assert.Equal(2, verbose.ExitCode);
        Assert.Contains("   at FeedAggregator.", verbose.Stderr);
    }

    [Fact]
    public async Task Several_bad_values_are_each_named_on_their_own_line()
    {
        var result = await Run("poll", "--Polling:Tick=0", "--Digest:MaxItems=0");
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("invalid setting Polling:Tick = '0'"));
        Assert.Contains(lines, l => l.StartsWith("invalid setting Digest:MaxItems = '0'"));
    }

    [Fact]
    public async Task An_unknown_key_in_one_of_our_sections_is_a_warning_naming_the_nearest_known_key_and_the_verb_still_runs()
    {
        var result = await Run("poll", "--Storage:Pth=x.db", "--Polling:Intervall=00:10:00");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("unknown setting Storage:Pth is ignored; did you mean Storage:Path?", result.Stderr);
        Assert.Contains("unknown setting Polling:Intervall is ignored; did you mean Polling:Interval?", result.Stderr);

        var env = await FeedaggProcess.RunWithEnvironmentAsync(_dir.Path, null, new Dictionary<string, string> { ["FEEDAGG_Retention__KepPerFeed"] = "10" },
            "poll", $"--Storage:Path={_dir.File("v.db")}", "--Feeds:Opml=");
        Assert.Contains("unknown setting Retention:KepPerFeed is ignored; did you mean Retention:KeepPerFeed?", env.Stderr);
    }

    [Fact]
    public async Task A_misspelt_key_inside_a_list_item_or_in_place_of_a_required_one_is_named_with_the_key_meant()
    {
        var result = await Run("poll", "--Rules:Block:0:Pattern=bridge", "--Rules:Block:0:Feilds=title", "--WebSub:Subscrbe=true", "--Smtp:Hots=mail.example.org");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("unknown setting Rules:Block:0:Feilds is ignored; did you mean Rules:Block:0:Fields?", result.Stderr);
        Assert.Contains("unknown setting WebSub:Subscrbe is ignored; did you mean WebSub:Subscribe?", result.Stderr);
        // Only the misspelt key was given, so there is no half-done Smtp block to refuse: a warning, and no mail.
        Assert.Contains("unknown setting Smtp:Hots is ignored; did you mean Smtp:Host?", result.Stderr);

        // Beside a real problem the warning is printed too: it is often the reason.
        var stopped = await Run("poll", "--Smtp:Hots=mail.example.org", "--Smtp:Port=25");
        Assert.Equal(2, stopped.ExitCode);
        Assert.Equal(new[] { "invalid setting Smtp:Host = '': expected the SMTP server's host name, since Smtp:Port is set",
            "unknown setting Smtp:Hots is ignored; did you mean Smtp:Host?" }, stopped.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
