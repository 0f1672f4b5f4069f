namespace IdentityBroker.Server.Cli;

/// <summary>A read-only pass-through that counts bytes and line breaks as the importer reads, for the progress bar
/// (rows/s, ETA). The counters are read from another thread, hence <see cref="Interlocked"/>.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _bytes;
    private long _lines;

    public long BytesRead => Interlocked.Read(ref _bytes);

    public long LinesRead => Interlocked.Read(ref _lines);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Count(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(ReadOnlySpan<byte> read)
    {
        Interlocked.Add(ref _bytes, read.Length);
        Interlocked.Add(ref _lines, read.Count((byte)'\n'));
        return read.Length;
    }
}
