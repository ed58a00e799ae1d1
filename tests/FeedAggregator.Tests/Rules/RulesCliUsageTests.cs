using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests.Rules;

/// <summary>The exit codes of `feedagg rules` through the real executable: a wrong argument of any verb is a usage
/// error (exit 1, one line saying what is wrong, nothing changed), while a bad rule in the configuration is a bad
/// setting (exit 2, naming its key), as for every other setting.</summary>
public sealed class RulesCliUsageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<FeedaggProcess.Result> Cli(params string[] args) =>
        FeedaggProcess.RunAsync(_dir.Path, [.. args, $"--Storage:Path={_dir.File("feedagg.db")}", $"--Feeds:Opml={_dir.WriteOpml()}"]);

    [Theory]
    [InlineData("the action is keep or block, not 'foo'", "rules", "add", "foo", "x")]
    [InlineData("unknown field 'colour'", "rules", "add", "block", "x", "--field", "colour")]
    [InlineData("invalid regular expression \"(unclosed\"", "rules", "add", "block", "(unclosed", "--regex")]
    [InlineData("invalid word list \" , \"", "rules", "add", "keep", " , ")]
    [InlineData("give --feed or --category, not both", "rules", "add", "block", "x", "--feed", "https://a.example/f", "--category", "News")]
    [InlineData("Required argument missing", "rules", "add", "block")]
    [InlineData("invalid regular expression \"[a-\"", "rules", "test", "[a-", "--regex")]
    [InlineData("--days is a number of days, at least 1, not 0", "rules", "test", "x", "--days", "0")]
    [InlineData("no rule #99", "rules", "remove", "99")]
    [InlineData("abc", "rules", "remove", "abc")]
    [InlineData("extra", "rules", "list", "extra")]
    public async Task A_wrong_argument_to_a_rules_verb_exits_with_1_and_says_what_is_wrong(string said, params string[] args)
    {
        var r = await Cli(args);
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(said, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task A_refused_rule_changes_nothing_and_a_good_one_is_added_with_exit_0()
    {
        Assert.Equal(1, (await Cli("rules", "add", "block", "(unclosed", "--regex")).ExitCode);
        Assert.Contains("0 rules", (await Cli("rules", "list")).Stdout);
        var add = await Cli("rules", "add", "block", @"^crypto\b", "--regex", "--field", "title");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("1 rules", (await Cli("rules", "list")).Stdout);
    }

    [Fact]
    public async Task A_bad_regular_expression_in_the_configuration_is_a_bad_setting_for_the_rules_verbs_too_exit_2_naming_its_key()
    {
        var r = await Cli("rules", "add", "block", "x", "--Rules:Block:0:Pattern=(unclosed", "--Rules:Block:0:Regex=true");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Rules:Block:0:Pattern: invalid regular expression \"(unclosed\"", r.Stderr);
    }
}
