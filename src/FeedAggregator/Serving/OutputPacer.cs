using System.Collections.Concurrent;
using System.Diagnostics;
using FeedAggregator.Jobs;
using FeedAggregator.Publish;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Serving;

/// <summary>
/// While this process polls, the HTTP outputs answer at most <see cref="PublishingOptions.RequestsPerSecondWhilePolling"/>
/// requests per second; the others wait their turn (asynchronously: no thread held). Readers served as fast as the
/// machine allows take the cores a pass needs — a load generator on the same machine more than doubled a first
/// pass — while a reader waiting a few milliseconds more notices nothing. Idle, nothing is paced.
/// </summary>
/// <remarks>Its own thread hands out the turns: System.Threading.RateLimiting's token bucket refills from a thread-pool
/// timer, which a busy pass delays by tens of milliseconds, so it paced far below its rate.</remarks>
public sealed class OutputPacer : IDisposable
{
    // Turns handed out at most this long ahead, so a quiet spell does not bank a burst.
    private static readonly TimeSpan MaxCredit = TimeSpan.FromMilliseconds(5);

    private readonly PollActivity _polling;
    private readonly double _rate;
    private readonly ConcurrentQueue<TaskCompletionSource> _waiting = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private int _asleep;
    private readonly Lock _start = new();

    public OutputPacer(PollActivity polling, IOptions<PublishingOptions> options)
    {
        _polling = polling;
        _rate = options.Value.RequestsPerSecondWhilePolling;
    }

    /// <summary>Completes when the request may be answered: at once when idle or unpaced.</summary>
    public Task WaitTurnAsync()
    {
        if (_rate <= 0 || !_polling.Polling) return Task.CompletedTask;
        EnsureStarted();
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Enqueue(turn);
        if (Interlocked.Exchange(ref _asleep, 0) == 1) _wake.Release();
        return turn.Task;
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _thread) is not null) return;
        lock (_start)
        {
            if (_thread is not null) return;
            var thread = new Thread(HandOutTurns) { IsBackground = true, Name = "output pacer" };
            thread.Start();
            _thread = thread;
        }
    }

    private void HandOutTurns()
    {
        var maxCredit = _rate * MaxCredit.TotalSeconds;
        double credit = 0;
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_waiting.IsEmpty)
                {
                    Sleep();
                    last = Stopwatch.GetTimestamp();
                    credit = 1;
                }
                var now = Stopwatch.GetTimestamp();
                credit = Math.Min(Math.Max(maxCredit, 1), credit + _rate * Stopwatch.GetElapsedTime(last, now).TotalSeconds);
                last = now;
                // A pass that ended lets everyone waiting through.
                var unpaced = !_polling.Polling;
                while ((unpaced || credit >= 1) && _waiting.TryDequeue(out var turn))
                {
                    credit -= 1;
                    turn.TrySetResult();
                }
                if (!_waiting.IsEmpty) Thread.Sleep(1);
            }
        }
        catch (OperationCanceledException)
        {
        }
        while (_waiting.TryDequeue(out var left)) left.TrySetResult();
    }

    // Waits until a request is queued. The flag says "wake me"; whoever clears it owns the one wake-up.
    private void Sleep()
    {
        Volatile.Write(ref _asleep, 1);
        if (!_waiting.IsEmpty && Interlocked.Exchange(ref _asleep, 0) == 1) return;
        _wake.Wait(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(1));
        _stop.Dispose();
        _wake.Dispose();
    }
}
