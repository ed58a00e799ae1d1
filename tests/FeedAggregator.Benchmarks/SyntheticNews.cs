using System.Text;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// Deterministic news-like articles for the clustering benchmark: each original story has its own
/// names (from a large generated pool), topic words and a figure, told in a headline and a two-sentence
/// summary over a shared vocabulary, so that unrelated articles overlap in common words only, as real ones do.
/// Common words follow a Zipf–Mandelbrot law (p ∝ 1/(rank + 10)) over 5,000 words, like the content
/// words of real news: a few very frequent, most rare.
/// Syndicated copies are the same text with agency-style edits; paraphrases swap a third of the common words.
/// </summary>
internal sealed class SyntheticNews(int seed)
{
    private static readonly string[] Verbs =
        "raises cuts holds warns approves rejects launches wins loses signs blocks delays unveils recalls fines sues buys sells opens closes bans backs expands suspends probes targets".Split(' ');
    private static readonly string[] Nouns =
        ("rates prices jobs profit forecast deal plan talks vote election budget tax tariffs strike protest inquiry lawsuit merger shares bonds " +
         "exports imports inflation growth output sales factory plant mine port airport bridge railway hospital school court parliament ministry " +
         "army troops ceasefire border refugees floods wildfire storm earthquake drought heatwave vaccine virus outbreak trial verdict sentence " +
         "satellite rocket reactor pipeline grid battery chip software outage breach hackers data privacy subscribers users fans stadium league cup title").Split(' ');
    private static readonly string[] Common =
        ("government officials people country week month year report data market company companies group leaders state city region national " +
         "international public local new first second third major key record high low amid after following despite under over against " +
         "million billion percent on Monday on Tuesday on Wednesday on Thursday on Friday said says according statement spokesperson agency " +
         "expected analysts warned announced confirmed reported earlier later since ahead further more than least about nearly around").Split(' ');
    private static readonly string[] Syllables =
        "ka ro mi ta lu ne sa vo ri da pe zo ha ki mo tu bel gar wen dor fin lis mar sto quen vik ul an er os".Split(' ');

    private readonly Random _random = new(seed);
    private readonly string[] _names = BuildNames(new Random(seed + 1), 20_000, capitalized: true);
    private readonly string[] _vocabulary = [.. Common, .. Nouns, .. BuildNames(new Random(seed + 2), 5_000 - Common.Length - Nouns.Length, capitalized: false)];
    private double[]? _cumulative;

    public Story NewStory()
    {
        var names = new[] { Pick(_names), Pick(_names), Pick(_names) };
        var verb = Pick(Verbs);
        var topic = new[] { Pick(Nouns), Pick(Nouns), Pick(Nouns), Pick(Nouns) };
        var figure = _random.Next(2, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var title = $"{names[0]} {verb} {topic[0]} {Pick(Common)} {topic[1]} {figure} {names[1]}";
        var summary = new StringBuilder()
            .Append($"{names[0]} {verb} {topic[0]} and {topic[1]} by {figure} {Pick(Common)} {Pick(Common)}, {names[2]} {Pick(Common)} {Pick(Common)}. ")
            .Append($"The {topic[2]} {Pick(Common)} {names[1]} {Pick(Common)} {topic[3]} {Pick(Common)} {Pick(Common)} {Pick(Common)}.")
            .ToString();
        return new Story(title, summary);
    }

    /// <summary>The same copy as another outlet prints it: a tag, a dateline, a cut sentence.</summary>
    public Story Syndicate(Story source) => _random.Next(3) switch
    {
        0 => new Story("UPDATE 1-" + source.Title, "(Reuters) - " + source.Summary),
        1 => new Story(source.Title, source.Summary[..(source.Summary.IndexOf(". ", StringComparison.Ordinal) + 1)]),
        _ => new Story(source.Title + " | Daily Courier", source.Summary + " This story has been updated."),
    };

    /// <summary>The same news in partly other words: about a third of the words replaced, names and figures kept.</summary>
    public Story Paraphrase(Story source) => new(Reword(source.Title), Reword(source.Summary));

    private string Reword(string text)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var isNameOrFigure = char.IsUpper(words[i][0]) || char.IsDigit(words[i][0]);
            if (!isNameOrFigure && _random.Next(3) == 0) words[i] = Pick(Common);
        }
        return string.Join(' ', words);
    }

    public int Next(int max) => _random.Next(max);

    public double NextDouble() => _random.NextDouble();

    private string Pick(string[] words) => words == Common ? Frequent() : words[_random.Next(words.Length)];

    /// <summary>A vocabulary word drawn by its Zipf–Mandelbrot frequency.</summary>
    private string Frequent()
    {
        if (_cumulative is null)
        {
            _cumulative = new double[_vocabulary.Length];
            var sum = 0.0;
            for (var rank = 0; rank < _vocabulary.Length; rank++) _cumulative[rank] = sum += 1.0 / (rank + 11);
            for (var rank = 0; rank < _cumulative.Length; rank++) _cumulative[rank] /= sum;
        }
        var position = Array.BinarySearch(_cumulative, _random.NextDouble());
        return _vocabulary[Math.Min(position < 0 ? ~position : position, _vocabulary.Length - 1)];
    }

    private static string[] BuildNames(Random random, int count, bool capitalized)
    {
        var names = new HashSet<string>();
        while (names.Count < count)
        {
            var name = new StringBuilder();
            for (var i = random.Next(2, 4); i > 0; i--) name.Append(Syllables[random.Next(Syllables.Length)]);
            if (capitalized) name[0] = char.ToUpperInvariant(name[0]);
            names.Add(name.ToString());
        }
        return [.. names];
    }
}

internal sealed record Story(string Title, string Summary);
