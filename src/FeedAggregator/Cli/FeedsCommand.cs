using System.CommandLine;
using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

public static class FeedsCommand
{
    public static Command Create(string[] overrides)
    {
        var command = new Command("feeds", "Manage subscriptions");
        command.Subcommands.Add(List(overrides));
        command.Subcommands.Add(Add(overrides));
        command.Subcommands.Add(Set(overrides));
        command.Subcommands.Add(Remove(overrides));
        command.Subcommands.Add(Import(overrides));
        command.Subcommands.Add(Export(overrides));
        return command;
    }

    private static Command List(string[] overrides)
    {
        var json = new Option<bool>("--json") { Description = "One JSON array of feeds (health, entry count, newest entry) instead of the table" };
        var command = new Command("list", "Each feed with its health: state, entries stored, newest entry, last success, next poll, last error") { json };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            await host.Services.GetRequiredService<OpmlSync>().SyncIfChangedAsync(ct);
            var feeds = await host.Services.GetRequiredService<FeedStore>().ListAsync(ct);
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var stats = await host.Services.GetRequiredService<ArticleStore>().StatsByFeedAsync(now - FeedTable.Recent, ct);
            Console.WriteLine(result.GetValue(json) ? FeedTable.Json(feeds, stats) : FeedTable.Text(feeds, stats));
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Add(string[] overrides)
    {
        var url = new Argument<string>("url") { Description = "The feed's address" };
        var category = new Option<string?>("--category") { Description = "Category (an OPML folder)" };
        var title = new Option<string?>("--title") { Description = "Name to show instead of the feed's own title" };
        var force = new Option<bool>("--force") { Description = "Subscribe even when the first fetch fails (the feed is retried with backoff)" };
        var fullText = new Option<bool>("--full-text") { Description = "Fetch each new entry's article page and publish its main content (for summary-only feeds)" };
        var command = new Command("add", "Fetch a feed (or a site's page that links to its feed) and subscribe to it if it works; exit code 2 if it does not") { url, category, title, force, fullText };
        command.SetAction(async (result, ct) =>
        {
            var address = result.GetValue(url)!.Trim();
            if (!Publish.WebUrl.IsWeb(address) || !Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                Console.Error.WriteLine($"not an http(s) address: {address}");
                return CommandLine.UsageError;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var store = host.Services.GetRequiredService<FeedStore>();
            // The first fetch is a real refresh (autodiscovery, redirects, storing the entries), so the feed row exists
            // for it; a new subscription whose fetch fails is withdrawn again unless --force.
            var isNew = await store.AddAsync(new FeedSubscription(uri.AbsoluteUri, result.GetValue(title), result.GetValue(category),
                result.GetValue(fullText) ? true : null), FeedOrigin.Cli, ct);
            var feed = (await store.FindAsync(uri.AbsoluteUri, ct))!;
            var outcome = await host.Services.GetRequiredService<Poller>().RefreshOneAsync(feed, ct);
            if (outcome.Status == RefreshStatus.Error && !result.GetValue(force))
            {
                if (isNew) await store.RemoveAsync(feed.Url, ct);
                Console.Error.WriteLine($"not subscribed: {outcome.Error}");
                Console.Error.WriteLine(isNew ? "(use --force to subscribe anyway; it is then retried with backoff)" : "(it was already subscribed and stays so)");
                return CommandLine.RuntimeError;
            }
            Console.WriteLine(isNew ? $"added {feed.Url}" : $"already subscribed: {feed.Url} (title and category updated)");
            Console.WriteLine(outcome);
            // Autodiscovery may have replaced a page's address by its feed's: show what is subscribed now.
            if (await store.FindAsync(feed.Id, ct) is { } now && now.Url != feed.Url)
                Console.WriteLine($"subscribed as {now.Url}");
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Set(string[] overrides)
    {
        var url = new Argument<string>("url") { Description = "The feed's address as listed" };
        var fullText = new Option<string>("--full-text") { Description = "on: fetch each new entry's article page and publish its main content; off: the feed's own text", Required = true };
        fullText.AcceptOnlyFromAmong("on", "off");
        var command = new Command("set", "Change a feed's settings") { url, fullText };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            var address = result.GetValue(url)!.Trim();
            var on = result.GetValue(fullText) == "on";
            if (!await host.Services.GetRequiredService<FullTextStore>().SetAsync(address, on, ct))
            {
                Console.Error.WriteLine($"not subscribed: {address}");
                return 1;
            }
            Console.WriteLine($"full text {(on ? "on" : "off")} for {address}" + (on ? " (from its next new entries)" : ""));
            return 0;
        });
        return command;
    }

    private static Command Remove(string[] overrides)
    {
        var url = new Argument<string>("url") { Description = "The feed's address as listed" };
        var command = new Command("remove", "Unsubscribe from a feed and delete its articles") { url };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            var address = result.GetValue(url)!.Trim();
            var feed = await host.Services.GetRequiredService<FeedStore>().FindAsync(address, ct);
            if (feed is null || !await host.Services.GetRequiredService<FeedStore>().RemoveAsync(address, ct))
            {
                Console.Error.WriteLine($"not subscribed: {address}");
                return CommandLine.UsageError;
            }
            Console.WriteLine($"removed {address}");
            if (feed.Origin == FeedOrigin.Opml)
                Console.WriteLine($"note: it is listed in {host.Services.GetRequiredService<IOptions<FeedsOptions>>().Value.Opml}; remove it there too, or it comes back at the next sync");
            return 0;
        });
        return command;
    }

    private static Command Import(string[] overrides)
    {
        var file = new Argument<FileInfo>("file") { Description = "An OPML file" };
        var command = new Command("import", "Subscribe to every feed in an OPML file (folders become categories); prints progress and a summary") { file };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            IReadOnlyList<FeedSubscription> subs;
            try { subs = Opml.ReadFile(path.FullName); }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"cannot import {path}: {e.Message}");
                return CommandLine.RuntimeError;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var store = host.Services.GetRequiredService<FeedStore>();
            int added = 0, present = 0, done = 0;
            var invalid = new List<string>();
            var step = Math.Max(1, subs.Count / 10);
            foreach (var sub in subs)
            {
                if (!Uri.TryCreate(sub.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    invalid.Add($"{sub.Url}: not an http(s) address");
                else if (await store.AddAsync(sub with { Url = uri.AbsoluteUri }, FeedOrigin.Cli, ct)) added++;
                else present++;
                // Progress on stderr, so stdout stays the summary.
                if (++done % step == 0 || done == subs.Count) Console.Error.WriteLine($"importing: {done}/{subs.Count}");
            }
            Console.WriteLine($"imported {subs.Count} feeds from {path}: {added} added, {present} already present, {invalid.Count} invalid");
            foreach (var line in invalid) Console.WriteLine($"  invalid: {line}");
            if (added > 0) Console.WriteLine("the new feeds are fetched at the next poll (`feedagg poll`, or the running service within one tick)");
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Export(string[] overrides)
    {
        var command = new Command("export", "Print the subscriptions as OPML");
        command.SetAction(async (_, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            var feeds = await host.Services.GetRequiredService<FeedStore>().ListAsync(ct);
            var title = host.Services.GetRequiredService<IOptions<PublishingOptions>>().Value.Title;
            Console.WriteLine(Opml.Write(feeds, title, host.Services.GetRequiredService<TimeProvider>().GetUtcNow()));
            return 0;
        });
        return command;
    }
}
