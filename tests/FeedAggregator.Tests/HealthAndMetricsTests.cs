using System.Net;
using FeedAggregator.Tests.Infrastructure;
using Quartz;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>/healthz, /readyz and /metrics of the real host.</summary>
public sealed class HealthAndMetricsTests : HostOnFarm
{

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/news.rss", Rss("News", "https://news.example",
            new Item("1", "One", DateTimeOffset.UtcNow.AddHours(-2)), new Item("2", "Two", DateTimeOffset.UtcNow.AddHours(-1))));
        _farm.Status("/broken", 500);
        _host = await ServiceHost.StartAsync(_dir, _dir.WriteOpml((_farm.Url("/news.rss").AbsoluteUri, "News", null), (_farm.Url("/broken").AbsoluteUri, "Broken", null)));
        await ServiceHost.WaitUntilAsync(async () => (await _host.Http.GetStringAsync("/metrics")).Contains("feedagg_poll_passes_total 1"), "a poll pass");
    }

    [Fact]
    public void The_service_reads_documents_on_threads_of_lower_priority_than_its_requests()
    {
        var cpu = _host.Get<FeedAggregator.Polling.BackgroundCpu>();
        // Each thread lowers itself as it starts; the pass above has run on them.
        if (OperatingSystem.IsLinux()) Assert.Equal(Environment.ProcessorCount, cpu.Lowered);
        else Assert.Equal(0, cpu.Lowered);
    }

    [Fact]
    public async Task Metrics_parse_strictly_and_count_polls_by_outcome_fetch_times_bytes_entries_feeds_by_health_and_database_size()
    {
        // The story stage runs right after the pass; on a loaded machine the first scrape can come before it.
        await _host.WaitForStoriesAsync();
        var text = await _host.Http.GetStringAsync("/metrics");
        var m = PrometheusText.Parse(text);
        Assert.Equal(1, m["feedagg_polls_total{outcome=\"changed\"}"]);
        Assert.Equal(1, m["feedagg_polls_total{outcome=\"error\"}"]);
        Assert.Equal(0, m["feedagg_polls_total{outcome=\"not_modified\"}"]);
        Assert.Equal(2, m["feedagg_entries_total{kind=\"new\"}"]);
        Assert.Equal(1, m["feedagg_fetch_duration_seconds_count{result=\"ok\"}"]);
        Assert.Equal(1, m["feedagg_fetch_duration_seconds_count{result=\"error\"}"]);
        Assert.True(m["feedagg_fetched_bytes_total"] > 500, "the feed's body was counted");
        Assert.Equal(1, m["feedagg_feeds{health=\"ok\"}"]);
        Assert.Equal(1, m["feedagg_feeds{health=\"failing\"}"]);
        Assert.Equal(2, m["feedagg_articles"]);
        Assert.Equal(2, m["feedagg_stories"]);
        Assert.Equal(0, m["feedagg_digest_deliveries{state=\"failing\"}"]);
        Assert.True(m["feedagg_database_size_bytes"] > 4096);
        // The strict reader does reject what Prometheus would.
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x counter\nx{a=\"1\" 2\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("y 1\n"));
    }

    [PrometheusClientFact]
    public async Task The_prometheus_python_clients_parser_reads_metrics_as_the_strict_reader_does()
    {
        await _host.WaitForStoriesAsync();
        var text = await _host.Http.GetStringAsync("/metrics");
        var client = await PrometheusClient.ParseAsync(text, _dir);
        var strict = PrometheusText.Parse(text);
        Assert.Equal(strict.Keys.Order(), client.Keys.Order());
        foreach (var (series, value) in strict) Assert.True(value.Equals(client[series]), $"{series}: {value} vs {client[series]}");
        Assert.Equal(1, client["feedagg_polls_total{outcome=\"changed\"}"]);
        Assert.Equal(1, client["feedagg_fetch_duration_seconds_bucket{le=\"+Inf\",result=\"ok\"}"]);
        Assert.Equal(2, client["feedagg_stories"]);
        // And it does reject what a scraper would.
        await Assert.ThrowsAsync<FormatException>(() => PrometheusClient.ParseAsync("# TYPE x counter\nx{a=\"1\" 2\n", _dir));
    }

    [Fact]
    public async Task Readyz_is_ready_while_the_scheduler_polls_and_turns_unready_when_the_scheduler_stops_while_healthz_stays_alive()
    {
        // Ready once the story stage has placed the pass's articles: it runs right after the pass, but three ticks of
        // 0.2 s are less than a loaded machine may take for that, and then the stories check is rightly unready.
        var body = "";
        await ServiceHost.WaitUntilAsync(async () =>
        {
            var ready = await _host.Http.GetAsync("/readyz");
            body = await ready.Content.ReadAsStringAsync();
            return ready.StatusCode == HttpStatusCode.OK;
        }, "ready after the first pass");
        Assert.StartsWith("healthy\n", body);
        Assert.Contains("database: healthy - 2 feeds", body);
        Assert.Contains("scheduler: healthy", body);

        var scheduler = await _host.Get<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        // Standby stops new firings but lets a running job finish: a story stage still running would place the
        // article stored below, so wait until none runs.
        await ServiceHost.WaitUntilAsync(async () => (await scheduler.GetMetadata()).LocalExecutingJobs == 0, "no job running");
        var unready = await _host.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        Assert.Contains("scheduler: unhealthy - scheduler standby", await unready.Content.ReadAsStringAsync());
        // No poll activity for three ticks (0.2 s each) is a reason of its own.
        await Task.Delay(800);
        Assert.Contains("poll: unhealthy - no poll pass for", await (await _host.Http.GetAsync("/readyz")).Content.ReadAsStringAsync());
        // Articles stored while the story stage does not run (a CLI poll beside a stopped scheduler) make the stage
        // "far behind" once they have waited three ticks.
        _farm.Serve("/news.rss", Rss("News", "https://news.example", new Item("3", "Three", DateTimeOffset.UtcNow)));
        var news = (await _host.Get<FeedAggregator.Store.FeedStore>().FindAsync(_farm.Url("/news.rss").AbsoluteUri, default))!;
        Assert.Equal(1, (await _host.Get<FeedAggregator.Polling.Poller>().RefreshOneAsync(news, default)).New);
        await Task.Delay(800);
        Assert.Contains("stories: unhealthy - 1 articles stored more than three ticks ago have no story yet",
            await (await _host.Http.GetAsync("/readyz")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync("/healthz")).StatusCode);

        await scheduler.Start();
        await ServiceHost.WaitUntilAsync(async () => (await _host.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready again");
    }
}
