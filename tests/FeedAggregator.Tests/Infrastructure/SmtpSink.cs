using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps what it accepts as parsed MimeMessages.
/// <see cref="HoldNext"/> makes the next message wait at the end of DATA until released, then refuses it (451):
/// a send interrupted before the server took the message.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private Task _running = Task.CompletedTask;

    public int Port { get; }
    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    private SmtpSink(int port) => Port = port;

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task<SmtpSink> StartAsync(int? port = null)
    {
        var sink = new SmtpSink(port ?? FreePort());
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, sink.Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(sink._store);
        sink._running = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
        // StartAsync binds in the background: wait until a connection is accepted.
        await ServiceHost.WaitUntilAsync(async () =>
        {
            using var probe = new TcpClient();
            try { await probe.ConnectAsync(IPAddress.Loopback, sink.Port); return true; }
            catch (SocketException) { return false; }
        }, "the SMTP server to listen", 10);
        return sink;
    }

    /// <summary>The next message blocks until the returned source is completed, then is refused.</summary>
    public TaskCompletionSource HoldNext() => _store.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsHolding => _store.Holding;

    public Task WaitForAsync(int count, string what) =>
        ServiceHost.WaitUntilAsync(() => Task.FromResult(Messages.Count >= count), what);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
    }

    private sealed class Store : MessageStore
    {
        public readonly ConcurrentQueue<MimeMessage> Messages = new();
        public volatile TaskCompletionSource? Hold;
        public volatile bool Holding;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref Hold, null) is { } hold)
            {
                Holding = true;
                await hold.Task;
                Holding = false;
                return new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "try again later");
            }
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
