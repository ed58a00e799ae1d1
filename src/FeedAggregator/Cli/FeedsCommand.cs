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
        var command = new Command("list", "Each feed with its health: last success, last error, next poll");
        command.SetAction(async (_, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            await host.Services.GetRequiredService<OpmlSync>().SyncIfChangedAsync(ct);
            var feeds = await host.Services.GetRequiredService<FeedStore>().ListAsync(ct);
            foreach (var f in feeds)
                Console.WriteLine(FeedHealth.Describe(f));
            Console.WriteLine($"{feeds.Count} feeds, {feeds.Count(f => f.Enabled && f.ErrorCount > 0)} failing, {feeds.Count(f => !f.Enabled)} disabled");
            return 0;
        });
        return command;
    }

    private static Command Add(string[] overrides)
    {
        var url = new Argument<string>("url") { Description = "The feed's address" };
        var category = new Option<string?>("--category") { Description = "Category (an OPML folder)" };
        var title = new Option<string?>("--title") { Description = "Name to show instead of the feed's own title" };
        var fullText = new Option<bool>("--full-text") { Description = "Fetch each new entry's article page and publish its main content (for summary-only feeds)" };
        var command = new Command("add", "Subscribe to a feed (or a site's page that links to its feed) and fetch it once to check it") { url, category, title, fullText };
        command.SetAction(async (result, ct) =>
        {
            var address = result.GetValue(url)!.Trim();
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"not an http(s) address: {address}");
                return 2;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var store = host.Services.GetRequiredService<FeedStore>();
            var isNew = await store.AddAsync(new FeedSubscription(uri.AbsoluteUri, result.GetValue(title), result.GetValue(category),
                result.GetValue(fullText) ? true : null), FeedOrigin.Cli, ct);
            var feed = (await store.FindAsync(uri.AbsoluteUri, ct))!;
            Console.WriteLine(isNew ? $"added {feed.Url}" : $"already subscribed: {feed.Url} (title and category updated)");
            var outcome = await host.Services.GetRequiredService<Poller>().RefreshOneAsync(feed, ct);
            Console.WriteLine(outcome);
            // Autodiscovery may have replaced a page's address by its feed's: show what is subscribed now.
            if (await store.FindAsync(feed.Id, ct) is { } now && now.Url != feed.Url)
                Console.WriteLine($"subscribed as {now.Url}");
            return 0;
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
                return 1;
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
        var command = new Command("import", "Subscribe to every feed in an OPML file (folders become categories)") { file };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            IReadOnlyList<FeedSubscription> subs;
            try { subs = Opml.ReadFile(path.FullName); }
            catch (Exception e) when (e is FormatException or IOException)
            {
                Console.Error.WriteLine($"cannot import {path}: {e.Message}");
                return 1;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var store = host.Services.GetRequiredService<FeedStore>();
            var added = 0;
            foreach (var sub in subs)
                if (await store.AddAsync(sub, FeedOrigin.Cli, ct)) added++;
            Console.WriteLine($"imported {subs.Count} feeds ({added} new) from {path}");
            return 0;
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
