using Microsoft.AspNetCore.Http.Features;

namespace Selbstcheck.Host.Infrastructure;

public sealed class RequestBodyTooLargeException(long limit) : Exception($"Request body exceeds {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Bodies over the limit are refused with 413 before they are read: by Content-Length at once,
/// and for chunked bodies while reading (the server's own limit, or a counting stream where the
/// server has none, such as the test server).
/// </summary>
public static class RequestLimits
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long limit) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > limit)
            {
                throw new RequestBodyTooLargeException(limit);
            }

            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }
            else if (context.Request.ContentLength is null && context.Request.Body.CanRead)
            {
                context.Request.Body = new LimitedStream(context.Request.Body, limit);
            }

            await next(context);
        });

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw new RequestBodyTooLargeException(limit);
            return n;
        }
    }
}
