using System.IO.Compression;

namespace FeedAggregator.Serving;

/// <summary>One output rendered for one data version, with its compressed forms, each made once, when first asked for.</summary>
public sealed class Rendering(string version, string etag, DateTimeOffset lastModified, byte[] body, string contentType)
{
    private readonly Lazy<byte[]> _gzip = new(() => Compress(body, s => new GZipStream(s, CompressionLevel.Optimal)));
    private readonly Lazy<byte[]> _brotli = new(() => Compress(body, s => new BrotliStream(s, CompressionLevel.Optimal)));

    public string Version { get; } = version;
    /// <summary>The opaque part of the entity tag, without quotes.</summary>
    public string ETag { get; } = etag;
    public DateTimeOffset LastModified { get; } = lastModified;
    public byte[] Body { get; } = body;
    public string ContentType { get; } = contentType;

    public byte[] Encoded(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => _brotli.Value,
        ContentCoding.Gzip => _gzip.Value,
        _ => Body,
    };

    /// <summary>Makes the compressed forms ahead of serving: gzip always, brotli when clients asked for it from the
    /// rendering this one replaces. Made on first request instead, every request for the coding would wait (its
    /// thread blocked on the Lazy) while one compresses, a pause at every new rendering during a pass.</summary>
    public void Precompress(Rendering? previous)
    {
        _ = _gzip.Value;
        if (previous is not null && previous._brotli.IsValueCreated) _ = _brotli.Value;
    }

    /// <summary>Whether the body in <paramref name="coding"/> is made already.</summary>
    internal bool IsEncoded(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => _brotli.IsValueCreated,
        ContentCoding.Gzip => _gzip.IsValueCreated,
        _ => true,
    };

    /// <summary>What the cache counts against its budget: the body and, once made, its compressed forms.</summary>
    public long Size => Body.Length + (_gzip.IsValueCreated ? _gzip.Value.Length : 0) + (_brotli.IsValueCreated ? _brotli.Value.Length : 0);

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(body.Length / 3 + 64);
        using (var stream = compressor(output)) stream.Write(body);
        return output.ToArray();
    }
}

public enum ContentCoding { Identity, Gzip, Brotli }
