using System.Net;
using System.Net.Sockets;

namespace FeedAggregator.Fetch;

/// <summary>
/// The SSRF guard (Polling:AllowPrivateNetworks, off by default): feed URLs come from users and from documents
/// (redirects, autodiscovery), so without it a shared instance can be made to read its host's internal services.
/// It runs as the handler's ConnectCallback, on the address actually connected to after DNS, so every request
/// (each redirect hop, each discovered feed) is checked and a name that resolves differently later (DNS rebinding)
/// cannot slip past an earlier check.
/// </summary>
public static class PrivateNetworkGuard
{
    public const string Key = "Polling:AllowPrivateNetworks";

    /// <summary>A ConnectCallback that connects only to public addresses and to the <paramref name="allowed"/> ones
    /// (Polling:AllowedPrivateAddresses, e.g. one intranet feed server): every address the name resolves to is tried
    /// in order, the others skipped; with none left the connection is refused, naming the address.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(IReadOnlySet<IPAddress> allowed) =>
        async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, ct);
            string? refused = null;
            Exception? lastError = null;
            foreach (var address in addresses)
            {
                if (Classify(address) is { } kind && !allowed.Contains(address))
                {
                    refused ??= $"{address} ({kind})";
                    continue;
                }
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    lastError = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            if (lastError is not null) throw lastError;
            throw new PrivateNetworkException(refused is null
                ? $"{host} resolves to no address"
                : $"refused to connect to {refused} for {host}: private and local networks are not fetched unless {Key}=true");
        };

    /// <summary>What kind of non-public address this is, or null for a public one. IPv4-mapped, IPv4-compatible, NAT64
    /// and 6to4 forms are judged by the IPv4 address they carry.</summary>
    public static string? Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6) return Classify(address.MapToIPv4());
            var b = address.GetAddressBytes();
            if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            {
                if (address.Equals(IPAddress.IPv6Any)) return "unspecified";
                if (address.Equals(IPAddress.IPv6Loopback)) return "loopback";
                return Classify(new IPAddress(b.AsSpan(12, 4))); // IPv4-compatible ::a.b.c.d
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
                return Classify(new IPAddress(b.AsSpan(12, 4))); // NAT64 64:ff9b::/96
            if (b[0] == 0x20 && b[1] == 0x02) return Classify(new IPAddress(b.AsSpan(2, 4))); // 6to4 2002::/16
            if ((b[0] & 0xfe) == 0xfc) return "unique-local fc00::/7";
            if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local fe80::/10";
            if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local fec0::/10";
            if (b[0] == 0xff) return "multicast";
            return null;
        }
        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 => "unspecified 0.0.0.0/8",
            10 => "private 10.0.0.0/8",
            127 => "loopback",
            100 when (v4[1] & 0xc0) == 64 => "shared CGNAT 100.64.0.0/10",
            169 when v4[1] == 254 => "link-local 169.254.0.0/16",
            172 when (v4[1] & 0xf0) == 16 => "private 172.16.0.0/12",
            192 when v4[1] == 168 => "private 192.168.0.0/16",
            192 when v4[1] == 0 && v4[2] == 0 => "IETF protocol assignments 192.0.0.0/24",
            198 when (v4[1] & 0xfe) == 18 => "benchmarking 198.18.0.0/15",
            >= 224 and < 240 => "multicast",
            >= 240 => "reserved 240.0.0.0/4",
            _ => null,
        };
    }
}

/// <summary>A connection the SSRF guard refused; its message names the address and the setting that allows it.</summary>
public sealed class PrivateNetworkException(string message) : IOException(message);
