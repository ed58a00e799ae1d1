// feedagg: the FeedAggregator service and its command line.
//   run (default)  Cli/RunCommand.cs    scheduler (Jobs/, Setup/SchedulerSetup.cs) + HTTP (Endpoints/)
//   poll           Cli/PollCommand.cs   one polling pass
//   parse          Cli/ParseCommand.cs  normalized JSON of feed files
//   feeds ...      Cli/FeedsCommand.cs  subscriptions
//   stories ...    Cli/StoriesCommand.cs  re-cluster stories
//   digest         Cli/DigestCommand.cs the daily digest now (preview, or --send)
//   rules ...      Cli/RulesCommand.cs  keep/block rules
// WebSub: the hub at /websub (Endpoints/WebSubEndpoints.cs, WebSub/WebSubDistributor.cs) and subscribing to source feeds' hubs (WebSub/WebSubSubscriber.cs).
// The pipeline itself (fetch → parse → dedupe → store → publish) lives in FeedAggregator.Core.
return await FeedAggregator.Cli.CommandLine.InvokeAsync(args);
