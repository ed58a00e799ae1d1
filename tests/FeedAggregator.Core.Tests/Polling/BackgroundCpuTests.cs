using System.Globalization;
using FeedAggregator.Polling;

namespace FeedAggregator.Core.Tests.Polling;

public sealed class BackgroundCpuTests
{
    [Fact]
    public async Task Work_runs_on_threads_of_lower_priority_and_gives_back_its_result_or_its_exception()
    {
        var before = OwnNiceValue();
        using var cpu = new BackgroundCpu(2, lowerPriority: true);
        var caller = Environment.CurrentManagedThreadId;
        var (nice, thread) = await cpu.RunAsync(() => (OwnNiceValue(), Environment.CurrentManagedThreadId), default);

        Assert.NotEqual(caller, thread);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Math.Min(19, before + BackgroundCpu.Niceness), nice);
            // Each thread lowers itself as it starts; the second may not have started when the first has finished.
            if (before < 19) Assert.True(SpinWait.SpinUntil(() => cpu.Lowered == 2, TimeSpan.FromSeconds(10)), $"{cpu.Lowered} of 2 threads lowered");
            // The code after the await runs at the caller's priority: the lower one did not leak into other threads.
            Assert.Equal(before, OwnNiceValue());
        }
        var e = await Assert.ThrowsAsync<FormatException>(() => cpu.RunAsync<int>(() => throw new FormatException("bad"), default));
        Assert.Equal("bad", e.Message);
        // The thread that threw is still there for the next piece of work.
        Assert.Equal(42, await cpu.RunAsync(() => 42, default));
    }

    [Fact]
    public async Task Work_still_waiting_for_a_thread_is_cancelled_with_its_token()
    {
        using var cpu = new BackgroundCpu(1, lowerPriority: false);
        using var release = new ManualResetEventSlim();
        var busy = cpu.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), default);
        using var cts = new CancellationTokenSource();
        var ran = false;
        var waiting = cpu.RunAsync(() => ran = true, cts.Token);
        cts.Cancel();
        release.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(await busy);
        Assert.False(ran);
    }

    [Fact]
    public async Task Work_running_when_it_is_disposed_still_completes_and_later_work_is_refused()
    {
        var cpu = new BackgroundCpu(1, lowerPriority: false);
        using var release = new ManualResetEventSlim();
        var running = cpu.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), default);
        cpu.Dispose();
        release.Set();

        Assert.True(await running.WaitAsync(TimeSpan.FromSeconds(30)));
        // Refused at once, not as a faulted task: the caller sees it where it asks.
        Assert.Throws<InvalidOperationException>(() => { _ = cpu.RunAsync(() => 1, default); });
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (after the command name's parenthesis).</summary>
    private static int OwnNiceValue()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
