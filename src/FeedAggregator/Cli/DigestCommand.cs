using System.CommandLine;
using FeedAggregator.Digest;
using FeedAggregator.Store;
using FeedAggregator.Stories;

namespace FeedAggregator.Cli;

/// <summary>`digest [--send] [--out FILE]`: the digest of everything since the last one, now. Without --send a
/// preview (the window stays open for the scheduled digest); with --send the window is closed, the digest stored
/// (web page, /digest.atom) and mailed, so a second --send straight after finds nothing new.</summary>
public static class DigestCommand
{
    public static Command Create(string[] overrides)
    {
        var send = new Option<bool>("--send") { Description = "Close the window: store the digest and mail it to Digest:To" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the digest's HTML to FILE (its plain text if FILE ends in .txt)" };
        var command = new Command("digest", "Build the digest of everything since the last one; preview it, or --send it") { send, output };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            var digests = host.Services.GetRequiredService<DigestService>();
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var file = result.GetValue(output);
            if (!result.GetValue(send))
            {
                var draft = await digests.PreviewAsync(now, ct);
                Write(file, draft.Rendered.Html, draft.Rendered.Text);
                Console.Error.WriteLine($"preview: {draft.Model.StoryCount} stories {draft.Model.Period}; not sent (--send sends it and closes the window)");
                return 0;
            }

            // The window closes only once every article in it has its story: the stage catches up first (a second process,
            // the service, may be running it too; batches interleave safely).
            await host.Services.GetRequiredService<StoryStage>().CatchUpAsync(ct);
            var made = await digests.CloseWindowAsync(now, ct);
            if (made is null && !await digests.StoriesCaughtUpAsync(now, ct))
            {
                Console.Error.WriteLine("articles that arrived meanwhile still wait for the story stage; nothing sent (try again)");
                return CommandLine.RuntimeError;
            }
            if (made is null)
            {
                Console.WriteLine("nothing new since the last digest; nothing sent");
                return 0;
            }
            var stored = (await host.Services.GetRequiredService<DigestStore>().FindAsync(made.Slug, ct))!;
            if (file is not null) Write(file, stored.Html, stored.Text);
            Console.WriteLine($"digest {made.Slug}: {made.StoryCount} stories");
            if (made.Deliveries == 0)
            {
                Console.WriteLine("no recipients (Digest:To); published on /digest.atom and /digests/" + made.Slug);
                return 0;
            }
            var sent = await digests.DeliverDueAsync(ct);
            var unsent = (await host.Services.GetRequiredService<DigestStore>().StatusAsync(ct)).Unsent.Where(u => u.Slug == made.Slug).ToList();
            Console.WriteLine($"sent {made.Deliveries - unsent.Count} of {made.Deliveries}");
            foreach (var u in unsent)
                Console.Error.WriteLine($"not sent to {u.Recipient}: {u.LastError ?? "Smtp:Host is not set"} (queued; the service retries)");
            return unsent.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static void Write(FileInfo? file, string html, string text)
    {
        if (file is null)
        {
            Console.Write(text);
            return;
        }
        File.WriteAllText(file.FullName, file.Extension.Equals(".txt", StringComparison.OrdinalIgnoreCase) ? text : html);
        Console.WriteLine($"wrote {file.FullName}");
    }
}
