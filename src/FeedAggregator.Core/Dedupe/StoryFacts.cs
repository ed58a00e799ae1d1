using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedAggregator.Dedupe;

/// <summary>
/// What story matching reads off an article besides its embedding: the headline reduced to a key (so that
/// wire copies with an outlet suffix, "U.S."/"US" or British/American spelling meet), its words, and the facts
/// that tell two similar-sounding stories apart — figures with their unit ("2.2%", "€12m"), months, countries,
/// and names (capitalized words inside a sentence).
/// </summary>
public sealed partial class StoryFacts
{
    /// <summary>The headline folded to lower-case words joined by spaces, outlet suffix and wire prefix removed.</summary>
    public required string TitleKey { get; init; }

    /// <summary>Distinct stemmed content words of the headline.</summary>
    public required HashSet<string> TitleWords { get; init; }

    /// <summary>Distinct stemmed content words of headline and summary.</summary>
    public required HashSet<string> Words { get; init; }

    /// <summary>Figures as "unit:value" ("pct:2.2", "eur:12000000", "n:350", "score:4-1"); headline's and all.</summary>
    public required HashSet<string> TitleFigures { get; init; }
    public required HashSet<string> Figures { get; init; }

    /// <summary>The headline's plain counts ("n:" figures) as numbers.</summary>
    public required decimal[] TitleCounts { get; init; }

    /// <summary>The summary's figures that its headline does not state (years left out: every text has dates).</summary>
    public required HashSet<string> BodyFigures { get; init; }

    /// <summary>The days of the week the summary names and its headline does not ("monday"): a copy repeats the day
    /// of its text; another event under one headline was confirmed on another.</summary>
    public required HashSet<string> BodyWeekdays { get; init; }

    /// <summary>Months named (1–12), headline's and all.</summary>
    public required HashSet<int> TitleMonths { get; init; }
    public required HashSet<int> Months { get; init; }

    /// <summary>Countries named, as a short code ("gb", "us", "eu"), headline's and all.</summary>
    public required HashSet<string> TitleCountries { get; init; }
    public required HashSet<string> Countries { get; init; }

    /// <summary>Which way the headline says something moved: "up" (raises, rises, jumps), "down" (cuts, falls), "flat"
    /// (holds, keeps, unchanged). "Bank raises rates" and "Bank cuts rates" are two decisions.</summary>
    public required HashSet<string> TitleDirections { get; init; }

    /// <summary>The subset of <see cref="TitleNames"/> written inside the headline, not as its first word: these are
    /// names whatever the headline's style ("Rania Walsh resigns after …" → walsh).</summary>
    public required HashSet<string> TitleInnerNames { get; init; }

    /// <summary>The headline's folded words in order, and for each whether it is written as a name (capitalized in a
    /// sentence-case headline; in a title-case one, capitalized wherever its summary uses it) or is a country.</summary>
    public required string[] TitleSequence { get; init; }

    /// <summary>For each word of <see cref="TitleSequence"/>, its content word (as in <see cref="TitleWords"/>), or null
    /// for a stop word.</summary>
    public required string?[] TitleStems { get; init; }
    public required bool[] TitleNameAt { get; init; }

    /// <summary>What the headline says happened to people: "dead" (killed, dies), "injured" (hurt, wounded),
    /// "displaced" (evacuated, homeless), "missing". "4,000 dead" and "4,000 injured" are two reports.</summary>
    public required HashSet<string> TitleOutcomes { get; init; }

    /// <summary>Stems of the headline's capitalized words (see <see cref="NamesIn"/>).</summary>
    public required HashSet<string> TitleNames { get; init; }

    /// <summary>Headline words written as acronyms ("BoE", "EU", "FAA"), folded; and the initials of all headline words
    /// in order ("bank of england" → "boe"), so that an acronym in one headline explains the words of another.</summary>
    public required HashSet<string> TitleAcronyms { get; init; }
    public required string TitleInitials { get; init; }

    /// <summary>Distinct stemmed content words of the summary that the headline does not use: what the article says
    /// beyond its headline.</summary>
    public required HashSet<string> BodyWords { get; init; }

    /// <summary>The same words in the order the summary has them, repeats kept: a copy cut shorter is the other's
    /// opening.</summary>
    public required string[] BodySequence { get; init; }

    /// <summary>Whether the article has a summary (a headline-only copy has none).</summary>
    public required bool HasSummary { get; init; }

    public static StoryFacts Extract(string? title, string? summary)
    {
        title = CleanTitle(title ?? "");
        summary ??= "";
        var titleTokens = Tokens(title);
        var summaryTokens = Tokens(summary);
        var titleWords = ContentWords(titleTokens);
        var bodySequence = ContentWordsInOrder(summaryTokens);
        bodySequence.RemoveAll(titleWords.Contains);
        var bodyWords = new HashSet<string>(bodySequence, StringComparer.Ordinal);
        var words = new HashSet<string>(titleWords, StringComparer.Ordinal);
        words.UnionWith(bodyWords);

        var casing = TitleCasing.Of(titleTokens, summaryTokens);
        var titleFigures = FiguresIn(title);
        var figures = new HashSet<string>(titleFigures, StringComparer.Ordinal);
        figures.UnionWith(FiguresIn(summary));
        var titleMonths = MonthsIn(titleTokens);
        var months = new HashSet<int>(titleMonths);
        months.UnionWith(MonthsIn(summaryTokens));
        var titleCountries = CountriesIn(title);
        var countries = new HashSet<string>(titleCountries, StringComparer.Ordinal);
        countries.UnionWith(CountriesIn(summary));

        return new StoryFacts
        {
            TitleKey = string.Join(' ', titleTokens.Select(t => t.Folded)),
            TitleWords = titleWords,
            Words = words,
            BodyWords = bodyWords,
            BodySequence = [.. bodySequence],
            TitleFigures = titleFigures,
            Figures = figures,
            TitleCounts = [.. titleFigures.Where(x => x.StartsWith("n:", StringComparison.Ordinal)).Select(x => decimal.Parse(x[2..], CultureInfo.InvariantCulture))],
            BodyFigures = [.. figures.Where(x => !titleFigures.Contains(x) && !x.StartsWith("year:", StringComparison.Ordinal))],
            BodyWeekdays = [.. summaryTokens.Select(t => t.Folded).Where(w => Weekdays.Contains(w) && !titleTokens.Any(t => t.Folded == w))],
            TitleMonths = titleMonths,
            Months = months,
            TitleCountries = titleCountries,
            Countries = countries,
            TitleNames = NamesIn(titleTokens, casing),
            TitleSequence = [.. titleTokens.Select(t => t.Folded)],
            TitleStems = [.. titleTokens.Select(t => ContentWord(t.Folded))],
            TitleNameAt = [.. titleTokens.Select(t => CountryByName.ContainsKey(t.Folded) || casing.IsName(t, unconfirmed: false))],
            TitleInnerNames = NamesIn(titleTokens.Where(t => !t.SentenceStart), casing),
            TitleOutcomes = OutcomesIn(titleTokens),
            TitleDirections = [.. titleTokens.Select(t => Directions.GetValueOrDefault(t.Folded)).OfType<string>()],
            TitleAcronyms = [.. WordPattern().Matches(title).Select(m => m.Value.Replace(".", "", StringComparison.Ordinal))
                .Where(w => w.Length is >= 2 and <= 6 && w.Count(char.IsUpper) >= 2).Select(w => w.ToLowerInvariant())],
            TitleInitials = string.Concat(titleTokens.Select(t => t.Folded[0])),
            HasSummary = summaryTokens.Count > 0,
        };
    }

    // ---- headline -------------------------------------------------------------------------------------------

    /// <summary>"UPDATE 2-Fed holds rates - Harbour Herald" → "Fed holds rates": agencies' prefixes and an outlet
    /// name after a dash or bar (short, and after a headline of several words) are not the story.</summary>
    internal static string CleanTitle(string title)
    {
        title = WirePrefix().Replace(title.Trim(), "");
        var cut = Math.Max(title.LastIndexOf(" - ", StringComparison.Ordinal), Math.Max(title.LastIndexOf(" | ", StringComparison.Ordinal), title.LastIndexOf(" — ", StringComparison.Ordinal)));
        if (cut > 0)
        {
            var tail = title[(cut + 3)..];
            var tailWords = tail.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var headWords = title[..cut].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (tailWords.Length is > 0 and <= 4 && headWords >= 4 && tailWords.All(w => char.IsUpper(w[0]) || !char.IsLetter(w[0])))
                title = title[..cut];
        }
        return title;
    }

    [GeneratedRegex(@"^(?:(?:UPDATE|REFILE|CORRECTED|WRAPUP|EXCLUSIVE|BREAKING)(?:\s*\d+)?\s*[-:]\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex WirePrefix();

    // ---- tokens ---------------------------------------------------------------------------------------------

    internal readonly record struct Token(string Folded, bool Capitalized, bool SentenceStart);

    /// <summary>Words folded to lower case without diacritics; "U.S." → "us"; British spelling → American
    /// ("organisation" → "organization", "labour" → "labor") so copies of one wire text meet.</summary>
    internal static List<Token> Tokens(string text)
    {
        var tokens = new List<Token>();
        var sentenceStart = true;
        foreach (Match m in WordPattern().Matches(text))
        {
            var raw = m.Value;
            // "U.S." → "us", but "2.5" stays "2.5": "rates at 2.5%" and "rates at 25%" are two headlines.
            var folded = char.IsAsciiDigit(raw[0]) ? raw.TrimEnd('.', ',')
                : Fold(raw.Replace(".", "", StringComparison.Ordinal).Replace("'s", "", StringComparison.Ordinal).Replace("’s", "", StringComparison.Ordinal));
            if (folded.Length == 0) continue;
            tokens.Add(new Token(Spelling(folded), char.IsUpper(raw[0]), sentenceStart));
            var end = m.Index + m.Length;
            sentenceStart = end < text.Length && IsSentenceEnd(text, end);
        }
        return tokens;
    }

    private static bool IsSentenceEnd(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or ':' or ';') return true;
            if (char.IsLetterOrDigit(c)) return false;
        }
        return false;
    }

    // Letters with inner apostrophes/dots ("U.S.", "O'Brien"), or a figure.
    [GeneratedRegex(@"(?:\p{L}\.){2,}|\p{L}[\p{L}\p{Mn}'’]*|\d[\d.,]*")]
    private static partial Regex WordPattern();

    private static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c is not ('\'' or '’')) sb.Append(c);
        return sb.ToString();
    }

    private static string Spelling(string w)
    {
        if (w.Length > 6 && (w.EndsWith("isation", StringComparison.Ordinal) || w.EndsWith("isations", StringComparison.Ordinal)))
            return w.Replace("isation", "ization", StringComparison.Ordinal);
        if (w.Length > 5 && (w.EndsWith("ise", StringComparison.Ordinal) || w.EndsWith("ised", StringComparison.Ordinal) || w.EndsWith("ises", StringComparison.Ordinal) || w.EndsWith("ising", StringComparison.Ordinal)))
            return w.Replace("is", "iz", StringComparison.Ordinal);
        if (w.EndsWith("our", StringComparison.Ordinal) && w.Length > 5) return w[..^3] + "or";
        return w;
    }

    private static HashSet<string> ContentWords(List<Token> tokens) => new(ContentWordsInOrder(tokens), StringComparer.Ordinal);

    private static List<string> ContentWordsInOrder(List<Token> tokens)
    {
        var words = new List<string>(tokens.Count);
        foreach (var t in tokens)
            if (ContentWord(t.Folded) is { } word) words.Add(word);
        return words;
    }

    /// <summary>A folded word's stem (British spellings and headline synonyms made one), or null for a stop word.</summary>
    private static string? ContentWord(string folded)
    {
        if (folded.Length > 48 || StopWords.Contains(folded)) return null;
        Span<char> buffer = stackalloc char[64];
        folded.AsSpan().CopyTo(buffer);
        var stem = buffer[..Stemmer.Stem(buffer[..folded.Length])];
        return HeadlineSynonyms.Canonical(stem) ?? stem.ToString();
    }

    // ---- figures --------------------------------------------------------------------------------------------

    [GeneratedRegex(@"(?<score>\b\d{1,2}-\d{1,2}\b)|(?:(?<cur>US\$|\$|€|£|¥|₹)\s?)?(?<num>\d+(?:[.,]\d+)*)\s?(?<mag>tn|trillion|bn|billion|million|mn|m|k|thousand)?\b\s?(?<unit>%|per ?cent|percent|basis points|bps|points)?(?:\s(?<cur2>dollars|euros|pounds|yen))?", RegexOptions.IgnoreCase)]
    private static partial Regex FigurePattern();

    private static string Score(string score)
    {
        var dash = score.IndexOf('-', StringComparison.Ordinal);
        var (x, y) = (int.Parse(score[..dash], CultureInfo.InvariantCulture), int.Parse(score[(dash + 1)..], CultureInfo.InvariantCulture));
        return x >= y ? $"{x}-{y}" : $"{y}-{x}";
    }

    /// <summary>"2.2%" → "pct:2.2"; "€12m" → "eur:12000000"; "$1tn" and "$1 trillion" → "usd:1000000000000";
    /// "4-1" and "1-4" → "score:4-1"; a year stays "year:2022"; other numbers "n:350".</summary>
    internal static HashSet<string> FiguresIn(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in FigurePattern().Matches(text))
        {
            // "beat B 3-2" and "fall 2-3 to A" are one result: the higher score first.
            if (m.Groups["score"].Success) { set.Add("score:" + Score(m.Groups["score"].Value)); continue; }
            var digits = m.Groups["num"].Value.TrimEnd('.', ',');
            // "1,000" is a thousand; "2,5" (a decimal comma) is rare in English feeds and read as 25.
            if (!decimal.TryParse(digits.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) continue;
            value *= m.Groups["mag"].Value.ToLowerInvariant() switch
            {
                "tn" or "trillion" => 1_000_000_000_000m,
                "bn" or "billion" => 1_000_000_000m,
                "m" or "mn" or "million" => 1_000_000m,
                "k" or "thousand" => 1_000m,
                _ => 1m,
            };
            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            var currency = (m.Groups["cur"].Value + m.Groups["cur2"].Value).ToLowerInvariant();
            var kind = unit switch
            {
                "%" or "per cent" or "percent" or "percent " or "per cent " => "pct",
                "basis points" or "bps" => "bp",
                _ when currency.Length > 0 => currency switch
                {
                    "$" or "us$" or "dollars" => "usd", "€" or "euros" => "eur", "£" or "pounds" => "gbp", "¥" or "yen" => "jpy", _ => "inr",
                },
                _ when m.Groups["mag"].Success == false && value is >= 1900 and <= 2100 && value == decimal.Truncate(value) && digits.Length == 4 => "year",
                _ => "n",
            };
            set.Add(kind + ":" + value.ToString("0.###", CultureInfo.InvariantCulture));
        }
        return set;
    }

    // ---- months, countries, names ---------------------------------------------------------------------------

    private static readonly Dictionary<string, int> MonthNames = new(StringComparer.Ordinal)
    {
        ["january"] = 1, ["jan"] = 1, ["february"] = 2, ["feb"] = 2, ["march"] = 3, ["april"] = 4, ["apr"] = 4,
        ["june"] = 6, ["july"] = 7, ["august"] = 8, ["aug"] = 8, ["september"] = 9, ["sept"] = 9,
        ["october"] = 10, ["oct"] = 10, ["november"] = 11, ["nov"] = 11, ["december"] = 12, ["dec"] = 12,
    };

    private static readonly HashSet<string> Weekdays = new(StringComparer.Ordinal)
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    };

    private static HashSet<int> MonthsIn(List<Token> tokens)
    {
        var set = new HashSet<int>();
        // "may" and "march" are verbs too: only capitalized inside a sentence, or in a title-case text.
        foreach (var t in tokens)
        {
            if (MonthNames.TryGetValue(t.Folded, out var month)) set.Add(month);
            else if (t.Folded is "may" && t.Capitalized && !t.SentenceStart) set.Add(5);
        }
        if (set.Contains(3) && !tokens.Any(t => t.Folded == "march" && t.Capitalized && !t.SentenceStart)) set.Remove(3);
        return set;
    }

    /// <summary>Countries and unions by their names, short forms and adjectives; several names of one country
    /// (UK, Britain, British, England) share a code. Only countries an outlet may write either way are listed. A central
    /// bank named for one country ("Norges Bank", "Riksbank", "BoJ") stands for it: "The Bank of Japan cuts rates" and
    /// "Norges Bank cuts rates" are two countries' decisions.</summary>
    private static readonly (string Code, string[] Names)[] CountryNames =
    [
        ("gb", ["uk", "britain", "british", "england", "english", "scotland", "scottish", "wales", "welsh"]),
        ("us", ["us", "usa", "america", "american", "americans"]),
        ("eu", ["eu", "european union", "eurozone", "euro area", "euro-area"]),
        ("cn", ["china", "chinese", "beijing"]), ("jp", ["japan", "japanese", "tokyo", "boj"]), ("in", ["india", "indian", "rbi"]),
        ("de", ["germany", "german", "berlin", "bundesbank"]), ("fr", ["france", "french", "paris"]), ("it", ["italy", "italian", "rome"]),
        ("es", ["spain", "spanish", "madrid"]), ("ru", ["russia", "russian", "moscow", "kremlin"]), ("ua", ["ukraine", "ukrainian", "kyiv", "kiev"]),
        ("ca", ["canada", "canadian"]), ("au", ["australia", "australian"]), ("br", ["brazil", "brazilian"]),
        ("mx", ["mexico", "mexican"]), ("za", ["south africa", "south african"]), ("kr", ["south korea", "south korean", "seoul"]),
        ("kp", ["north korea", "north korean", "pyongyang"]), ("ie", ["ireland", "irish"]), ("tr", ["turkey", "turkish"]),
        ("ch", ["switzerland", "swiss"]), ("se", ["sweden", "swedish", "riksbank"]), ("nl", ["netherlands", "dutch"]),
        ("pl", ["poland", "polish"]), ("gr", ["greece", "greek"]), ("il", ["israel", "israeli"]), ("ir", ["iran", "iranian"]),
        ("sa", ["saudi arabia", "saudi"]), ("ng", ["nigeria", "nigerian"]), ("ar", ["argentina", "argentine", "argentinian"]),
        ("nz", ["new zealand"]), ("pk", ["pakistan", "pakistani"]), ("eg", ["egypt", "egyptian"]),
        ("pt", ["portugal", "portuguese"]), ("no", ["norway", "norwegian", "norges"]), ("fi", ["finland", "finnish"]),
        ("dk", ["denmark", "danish"]), ("at", ["austria", "austrian"]), ("be", ["belgium", "belgian"]),
        ("cz", ["czech republic", "czechia", "czech"]), ("hu", ["hungary", "hungarian"]), ("ro", ["romania", "romanian"]),
        ("ke", ["kenya", "kenyan"]), ("gh", ["ghana", "ghanaian"]), ("et", ["ethiopia", "ethiopian"]), ("ma", ["morocco", "moroccan"]),
        ("cl", ["chile", "chilean"]), ("co", ["colombia", "colombian"]), ("pe", ["peru", "peruvian"]), ("ve", ["venezuela", "venezuelan"]),
        ("cu", ["cuba", "cuban"]), ("vn", ["vietnam", "vietnamese"]), ("id", ["indonesia", "indonesian"]), ("th", ["thailand", "thai"]),
        ("ph", ["philippines", "filipino"]), ("my", ["malaysia", "malaysian"]), ("sg", ["singapore", "singaporean"]),
        ("bd", ["bangladesh", "bangladeshi"]), ("iq", ["iraq", "iraqi"]), ("sy", ["syria", "syrian"]), ("af", ["afghanistan", "afghan"]),
        ("lb", ["lebanon", "lebanese"]), ("qa", ["qatar", "qatari"]), ("ae", ["united arab emirates", "uae", "emirati"]),
    ];

    private static readonly Dictionary<string, string> CountryByName = CountryNames
        .SelectMany(c => c.Names.Select(n => (n, c.Code))).ToDictionary(x => x.n, x => x.Code, StringComparer.Ordinal);

    private static HashSet<string> CountriesIn(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var tokens = Tokens(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            // "us" the pronoun is lower case; the country is "US" or "U.S.".
            if (t.Folded == "us" && !text.Contains("US", StringComparison.Ordinal) && !text.Contains("U.S", StringComparison.Ordinal)) continue;
            if (i + 1 < tokens.Count && CountryByName.TryGetValue(t.Folded + " " + tokens[i + 1].Folded, out var two)) { set.Add(two); i++; continue; }
            if (CountryByName.TryGetValue(t.Folded, out var code)) set.Add(code);
        }
        // "New South Wales" is not Wales, "New Mexico" not Mexico: rare enough in news to ignore.
        return set;
    }

    /// <summary>How a headline writes names. In a sentence-case headline a capitalized word (not a stop word or a
    /// month) is a name. In a title-case one every word is capitalized; there a word is a name only if its summary
    /// never writes it in lower case ("Valparaíso Council Approves …" over "Valparaíso council approves …": only
    /// Valparaíso), and with no summary to ask it is unconfirmed.</summary>
    private readonly record struct TitleCasing(bool TitleCase, HashSet<string>? LowerInSummary)
    {
        public static TitleCasing Of(List<Token> title, List<Token> summary)
        {
            var letters = title.Where(t => char.IsLetter(t.Folded[0]) && !StopWords.Contains(t.Folded)).ToList();
            var titleCase = letters.Count >= 3 && letters.Count(t => t.Capitalized) >= letters.Count * 0.8;
            return new(titleCase, titleCase && summary.Count > 0 ? [.. summary.Where(t => !t.Capitalized).Select(t => t.Folded)] : null);
        }

        public bool IsName(Token t, bool unconfirmed)
        {
            if (!t.Capitalized || !char.IsLetter(t.Folded[0]) || StopWords.Contains(t.Folded) || MonthNames.ContainsKey(t.Folded)) return false;
            if (!TitleCase) return true;
            return LowerInSummary is null ? unconfirmed : !LowerInSummary.Contains(t.Folded);
        }
    }

    /// <summary>The stems of the names among <paramref name="words"/> (see <see cref="TitleCasing"/>), unconfirmed ones
    /// included, which the template check tolerates because it asks for such a word on both sides that the other
    /// headline lacks. Countries have their own check ("UK's Boris Johnson" names Johnson, not a second subject).</summary>
    private static HashSet<string> NamesIn(IEnumerable<Token> words, TitleCasing casing)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in words)
            if (casing.IsName(t, unconfirmed: true) && !CountryByName.ContainsKey(t.Folded)) names.UnionWith(ContentWords([t]));
        return names;
    }

    // What happened to people; "without power" is read from its two words (a power station is no outcome).
    private static HashSet<string> OutcomesIn(List<Token> tokens)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Outcomes.TryGetValue(tokens[i].Folded, out var outcome)) set.Add(outcome);
            else if (tokens[i].Folded == "power" && i > 0 && tokens[i - 1].Folded == "without") set.Add("without power");
        }
        return set;
    }

    private static readonly Dictionary<string, string> Outcomes = new(StringComparer.Ordinal)
    {
        ["dead"] = "dead", ["killed"] = "dead", ["kills"] = "dead", ["kill"] = "dead", ["dies"] = "dead", ["died"] = "dead",
        ["deaths"] = "dead", ["death"] = "dead", ["fatalities"] = "dead",
        ["injured"] = "injured", ["injures"] = "injured", ["injuries"] = "injured", ["hurt"] = "injured", ["wounded"] = "injured",
        ["displaced"] = "displaced", ["evacuated"] = "displaced", ["homeless"] = "displaced", ["missing"] = "missing",
    };

    private static readonly Dictionary<string, string> Directions = new(StringComparer.Ordinal)
    {
        ["raise"] = "up", ["raizes"] = "up", ["raized"] = "up", // tokens carry American spelling: "raises" → "raizes"
        ["raises"] = "up", ["raised"] = "up", ["lift"] = "up", ["lifts"] = "up", ["hike"] = "up", ["hikes"] = "up",
        ["rise"] = "up", ["rises"] = "up", ["rose"] = "up", ["jump"] = "up", ["jumps"] = "up", ["climb"] = "up", ["climbs"] = "up",
        ["soar"] = "up", ["soars"] = "up", ["surge"] = "up", ["surges"] = "up", ["increase"] = "up", ["increases"] = "up",
        ["accelerates"] = "up", ["gains"] = "up",
        ["cut"] = "down", ["cuts"] = "down", ["lower"] = "down", ["lowers"] = "down", ["fall"] = "down", ["falls"] = "down",
        ["fell"] = "down", ["drop"] = "down", ["drops"] = "down", ["ease"] = "down", ["eases"] = "down", ["slow"] = "down",
        ["slows"] = "down", ["sink"] = "down", ["sinks"] = "down", ["tumble"] = "down", ["tumbles"] = "down", ["slump"] = "down",
        ["slumps"] = "down", ["decrease"] = "down", ["decreases"] = "down", ["reduce"] = "down", ["reduces"] = "down",
        ["slash"] = "down", ["slashes"] = "down", ["declines"] = "down",
        ["hold"] = "flat", ["holds"] = "flat", ["held"] = "flat", ["keep"] = "flat", ["keeps"] = "flat", ["unchanged"] = "flat",
        ["steady"] = "flat", ["pause"] = "flat", ["pauses"] = "flat", ["freeze"] = "flat", ["freezes"] = "flat",
    };
}
