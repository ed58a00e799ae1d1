using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace FeedAggregator.Polling;

/// <summary>Threads for the CPU-heavy work of polling and the story stage (reading and sanitizing documents, embedding).
/// One per core, so at most that many documents are read at once however many feeds are fetched concurrently: more
/// would only take turns on the same cores, each holding its half-built tree. In the service they run at a lower
/// operating-system priority: while a pass runs, the threads that answer HTTP requests get the cores first, so a
/// reader's request for a cached feed does not queue behind a parse; when nothing else wants the CPU these threads get
/// all of it, so an idle machine's pass is not slowed. A CLI command has no requests to favour and keeps its priority.</summary>
/// <remarks>.NET's <see cref="Thread.Priority"/> does nothing on Linux; the nice value of each thread (Linux keeps it per
/// thread) is set with setpriority. Elsewhere, or when that fails, the threads run at normal priority.</remarks>
public sealed class BackgroundCpu : IDisposable
{
    /// <summary>How much the threads' nice value is raised: well below requests, still far above idle.</summary>
    public const int Niceness = 10;

    private readonly BlockingCollection<Action> _work = new();
    private readonly BlockingCollection<Action> _completions = new();
    private int _lowered;

    public BackgroundCpu(int threads, bool lowerPriority)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        for (var i = 0; i < threads; i++)
            new Thread(Run) { IsBackground = true, Name = $"feedagg-cpu-{i + 1}" }.Start(lowerPriority);
        new Thread(Complete) { IsBackground = true, Name = "feedagg-cpu-done" }.Start();
    }

    /// <summary>How many of the threads run at the lower priority (0 where the system does not allow it).</summary>
    public int Lowered => Volatile.Read(ref _lowered);

    /// <summary>Runs <paramref name="work"/> on one of the threads; its result or exception is the task's. The caller's
    /// token cancels the wait for a thread, not work that has started (that work gets the token itself).</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (ct.IsCancellationRequested)
            {
                _completions.Add(() => done.TrySetCanceled(ct));
                return;
            }
            try
            {
                var result = work();
                _completions.Add(() => done.TrySetResult(result));
            }
            catch (Exception e)
            {
                _completions.Add(() => done.TrySetException(e));
            }
        });
        return done.Task;
    }

    private void Run(object? lowerPriority)
    {
        if (lowerPriority is true && Lower()) Interlocked.Increment(ref _lowered);
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    // Linux gives a new thread the nice value of the thread that creates it, and the thread pool grows from whichever
    // thread queues work to it: a continuation queued from a lowered thread could make a pool thread that answers
    // requests at that priority from then on. So the lowered threads never touch the pool; this one, at normal
    // priority, completes the tasks (their continuations are queued from here).
    private void Complete()
    {
        foreach (var completion in _completions.GetConsumingEnumerable()) completion();
    }

    private static bool Lower()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // Relative to the thread's own: a service started under `nice` keeps its polling below its requests too.
            var tid = gettid();
            Marshal.SetLastPInvokeError(0);
            var current = getpriority(PrioProcess, tid);
            if (current == -1 && Marshal.GetLastPInvokeError() != 0) return false;
            return current < MaxNice && setpriority(PrioProcess, tid, Math.Min(MaxNice, current + Niceness)) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    // PRIO_PROCESS with a thread id addresses that one thread on Linux.
    private const int PrioProcess = 0;
    private const int MaxNice = 19;

    [DllImport("libc", SetLastError = true)]
    private static extern int getpriority(int which, int who);

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();

    /// <summary>Takes no more work; what was queued still runs and completes. The completing thread is left to end with
    /// the process: work still running at disposal must be able to hand it its result.</summary>
    public void Dispose() => _work.CompleteAdding();
}
