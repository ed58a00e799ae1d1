using FeedAggregator.Digest;

namespace FeedAggregator.Core.Tests.Digest;

public sealed class SentenceCutterTests
{
    [Fact]
    public void Keeps_the_first_two_sentences()
    {
        Assert.Equal("The bridge reopened on Monday. Traffic is flowing again.",
            SentenceCutter.Cut("The bridge reopened on Monday. Traffic is flowing again. Officials thanked the crews. More later."));
    }

    [Fact]
    public void Does_not_cut_at_abbreviations_initials_or_decimals()
    {
        Assert.Equal("Mr. Smith met J. R. Doe at 3.5 p.m. in the U.S. capital. They talked.",
            SentenceCutter.Cut("Mr. Smith met J. R. Doe at 3.5 p.m. in the U.S. capital. They talked. Then they left."));
    }

    [Fact]
    public void Keeps_closing_quotes_with_their_sentence()
    {
        Assert.Equal("\"We are done,\" she said. \"Really done.\"",
            SentenceCutter.Cut("\"We are done,\" she said. \"Really done.\" Nobody believed her."));
    }

    [Fact]
    public void Drops_a_second_sentence_that_would_pass_the_limit()
    {
        var first = "Short first sentence.";
        Assert.Equal(first, SentenceCutter.Cut(first + " Then " + new string('x', 400) + ".", maxChars: 100));
    }

    [Fact]
    public void Cuts_an_overlong_sentence_at_a_word_and_marks_it()
    {
        var cut = SentenceCutter.Cut(string.Join(' ', Enumerable.Repeat("word", 100)), maxChars: 50);
        Assert.EndsWith("word…", cut);
        Assert.True(cut.Length <= 50, cut);
    }

    [Fact]
    public void Text_without_end_punctuation_is_kept_whole_when_short()
    {
        Assert.Equal("Live updates from the summit", SentenceCutter.Cut("  Live updates from the summit "));
        Assert.Equal("", SentenceCutter.Cut(""));
    }
}
