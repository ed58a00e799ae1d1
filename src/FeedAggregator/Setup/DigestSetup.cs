using FeedAggregator.Digest;
using FeedAggregator.Jobs;
using FeedAggregator.Store;
using Quartz;

namespace FeedAggregator.Setup;

public static class DigestSetup
{
    /// <summary>The digest's options and services, for the service and the `digest` verb.</summary>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration config)
    {
        // Bound and validated with the other sections (SettingsRules); a bad Digest:Time stops the start, not 07:00.
        services.AddOptions<DigestOptions>().PostConfigure(o =>
        {
            o.To = ListOf(config.GetSection(DigestOptions.SectionName), "To", o.To);
            o.Sections = ListOf(config.GetSection(DigestOptions.SectionName), "Sections", o.Sections);
        });
        services.AddSingleton<DigestStore>();
        services.AddSingleton<DigestRenderer>();
        services.AddSingleton<DigestMailer>();
        services.AddSingleton<DigestService>();
        return services;
    }

    /// <summary>The daily cron trigger, a catch-up run at start, and the delivery retry tick.</summary>
    public static void AddDigestJobs(this IQuartzBuilder q, IConfiguration config)
    {
        var options = config.GetSection(DigestOptions.SectionName).Get<DigestOptions>() ?? new DigestOptions();
        var schedule = new DigestSchedule(options);
        q.AddJob<DigestJob>(j => j.WithIdentity(DigestJob.Key));
        q.AddTrigger(t => t.ForJob(DigestJob.Key).WithIdentity(DigestJob.DailyTrigger)
            .WithSchedule(DailyCron(schedule)));
        q.AddTrigger(t => t.ForJob(DigestJob.Key).WithIdentity(DigestJob.CatchUpTrigger).StartNow());
        // Starts one tick late: at start the catch-up run above already delivers what is queued.
        q.AddTrigger(t => t.ForJob(DigestJob.Key).WithIdentity(DigestJob.DeliveryTrigger).StartAt(DateTimeOffset.UtcNow + options.RetryTick)
            .WithSimpleSchedule(s => s.WithInterval(options.RetryTick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    /// <summary>Digest:Time on Digest:Days, in Digest:TimeZone: Quartz keeps the wall-clock time across DST changes.
    /// A misfire (the scheduler was busy) fires once as soon as it can; the job itself is idempotent.</summary>
    public static CronScheduleBuilder DailyCron(DigestSchedule schedule) =>
        CronScheduleBuilder.Create(schedule.CronExpression).InTimeZone(schedule.TimeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);

    /// <summary>Digest:To (or Digest:Sections) as a list (Digest:To:0, Digest:To:1) or as one comma- or
    /// semicolon-separated value, the form an environment variable or a --Digest:To= argument gives.</summary>
    internal static List<string> ListOf(IConfigurationSection section, string key, List<string> bound)
    {
        var single = section[key];
        var all = string.IsNullOrWhiteSpace(single) ? bound : [.. bound, single];
        return all.SelectMany(t => t.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
