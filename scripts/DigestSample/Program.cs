// Seeds a fresh SQLite database (path in args[0]) with a realistic day of news: 14 feeds in 5 categories,
// about 40 stories from the last 20 hours, several carried by more than one outlet, a failing and a silent feed.
using FeedAggregator.Store;
using FeedAggregator.Tests.Digest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FeedAggregator.Tests.Digest.StorySeeder;

var db = new Database(Options.Create(new StorageOptions { Path = args[0] }), NullLogger<Database>.Instance);
await db.MigrateAsync(default);
var seed = new StorySeeder(db);
var now = DateTimeOffset.UtcNow;
var old = now.AddDays(-60);

var feeds = new Dictionary<string, long>();
foreach (var (name, category) in new[]
{
    ("Reuters World", "World"), ("BBC News", "World"), ("The Guardian", "World"), ("Associated Press", "News"),
    ("City Herald", "News"), ("Ars Technica", "Technology"), ("The Verge", "Technology"), ("Hacker News", "Technology"),
    ("Nature News", "Science"), ("Quanta Magazine", "Science"), ("ESPN", "Sport"), ("BBC Sport", "Sport"),
})
    feeds[name] = await seed.FeedAsync(name, category, old);
await seed.FeedAsync("Local Weather Blog", "News", old, lastError: "HTTP 503 Service Unavailable", errorCount: 6);
await seed.FeedAsync("Old Podcast", "Technology", old); // no articles: silent for a week

const string Lorem = "Officials said the decision followed months of talks. Critics warned that the costs could rise further next year. A final vote is expected on Thursday.";
var stories = new (string Title, string[] Sources, string? Summary)[]
{
    ("Leaders reach climate finance deal after marathon summit talks", ["Reuters World", "BBC News", "The Guardian", "Associated Press"],
        "Negotiators agreed early on Sunday to triple funding for developing nations by 2035. The deal was struck after talks ran two days past their deadline. Several delegations said it fell short."),
    ("Central bank holds rates, signals cuts in the spring", ["Reuters World", "Associated Press", "The Guardian"],
        "The bank kept its main rate at 4.25% for a third meeting. Its governor said inflation was \"moving in the right direction\" and hinted at cuts by April."),
    ("Major cloud outage disrupts banks and airlines for six hours", ["Ars Technica", "The Verge", "Hacker News", "BBC News"],
        "A faulty configuration change took down a large cloud provider's storage service in two regions. Check-in systems and payment apps failed across Europe."),
    ("Astronomers spot water vapour on a temperate exoplanet", ["Nature News", "Quanta Magazine"],
        "The James Webb Space Telescope detected the signature in the atmosphere of a planet 120 light years away. It orbits within its star's habitable zone."),
    ("Underdogs stun champions in cup semi-final shoot-out", ["ESPN", "BBC Sport"],
        "The second-tier side won 5–4 on penalties after a 2–2 draw. Their goalkeeper saved two spot kicks."),
    ("Election commission confirms date for early vote", ["Associated Press", "City Herald"], null),
    ("Ceasefire talks resume in Cairo", ["Reuters World"], "Mediators said both sides had sent delegations. No breakthrough is expected before the weekend."),
    ("Floods force thousands from homes in northern Italy", ["BBC News"], "Rivers burst their banks after three days of rain. The army has been deployed to help with evacuations."),
    ("Parliament passes landmark data protection law", ["The Guardian"], Lorem),
    ("Wildfire season starts early in Australia", ["Reuters World"], "Firefighters battled more than 40 blazes in New South Wales. Temperatures are expected to reach 42°C."),
    ("UN report warns of record displacement", ["The Guardian"], Lorem),
    ("Trade talks stall over farm subsidies", ["Reuters World"], Lorem),
    ("City council approves new tram line", ["City Herald"], "The 12 km line will link the airport with the central station. Construction starts next summer."),
    ("Harbour bridge reopens after repairs", ["City Herald"], "The bridge reopened at dawn. Buses are back on their usual routes."),
    ("Mayor unveils plan for 10,000 affordable homes", ["City Herald"], Lorem),
    ("Schools to get free breakfast programme", ["Associated Press"], Lorem),
    ("Hospital waiting lists fall for first time in two years", ["Associated Press"], Lorem),
    ("Museum returns looted bronzes", ["City Herald"], Lorem),
    ("Rust 2.0 roadmap published", ["Hacker News"], "The project's leadership outlined goals for the next edition. Async traits and faster compile times top the list."),
    ("Show HN: I built a feed reader in 500 lines of C", ["Hacker News"], null),
    ("SQLite adds new JSON functions", ["Hacker News"], Lorem),
    ("Why we moved off Kubernetes", ["Hacker News"], Lorem),
    ("Review: the new e-reader finally gets colour right", ["The Verge"], "The screen is sharper and the battery lasts weeks. The price is the catch."),
    ("Smartphone sales fall for third quarter", ["The Verge"], Lorem),
    ("EU orders app store changes", ["The Verge"], Lorem),
    ("Inside the chip shortage's long tail", ["Ars Technica"], Lorem),
    ("New browser engine passes Acid3", ["Ars Technica"], Lorem),
    ("Linux 7.0 released with new scheduler", ["Ars Technica"], Lorem),
    ("Researchers grow working mini-livers in the lab", ["Nature News"], Lorem),
    ("Ancient DNA rewrites history of early farmers", ["Nature News"], Lorem),
    ("A new proof for an old conjecture about primes", ["Quanta Magazine"], "Two mathematicians have shown that gaps between primes behave as predicted. The proof uses tools from ergodic theory."),
    ("The physics of why ice is slippery", ["Quanta Magazine"], Lorem),
    ("Marathon record falls in Berlin", ["ESPN"], Lorem),
    ("Injury rules star striker out for a month", ["BBC Sport"], Lorem),
    ("Cricket: hosts collapse on day three", ["BBC Sport"], Lorem),
    ("Tennis: teenager reaches first final", ["ESPN"], Lorem),
    ("Formula 1 confirms new street race", ["ESPN"], Lorem),
    ("Cycling team withdraws from tour", ["BBC Sport"], Lorem),
    ("Olympic venue costs double", ["BBC Sport"], Lorem),
    ("Golf: playoff decides the open", ["ESPN"], Lorem),
};
var i = 0;
foreach (var (title, sources, summary) in stories)
{
    var at = now.AddMinutes(-20 - 29 * i++);
    await seed.StoryAsync(at, sources.Select((s, n) => new Source(feeds[s], n == 0 ? title : $"{title} ({s})",
        $"https://{s.Replace(" ", "").ToLowerInvariant()}.example/{i}", summary is null ? "" : $"<p>{summary}</p>")).ToArray());
}
Console.WriteLine($"seeded {stories.Length} stories in {args[0]}");
