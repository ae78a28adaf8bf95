using System.Security.Cryptography;
using System.Text;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.DataProtection;
using Selbstcheck.Host.Access;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// One use of an <c>Idempotency-Key</c>: reserved before the request runs, completed with the first
/// answer. Keyed by a hash of user, method, path and key (the key itself is not stored); the
/// answer's body is protected with ASP.NET data protection, since it may carry a link key shown once.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>SHA-256 (hex) of user id, method, path and key.</summary>
    public string Id { get; set; } = "";

    /// <summary>This reservation's own token: only its holder completes or releases it.</summary>
    public Guid Token { get; set; }

    /// <summary>SHA-256 (hex) of the request body.</summary>
    public string RequestHash { get; set; } = "";

    public bool Completed { get; set; }

    public int Status { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    /// <summary>The answer's body, protected (base64).</summary>
    public string? Body { get; set; }

    public DateTimeOffset ReservedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Safe retries of creates: a POST under <c>/api</c> with an <c>Idempotency-Key</c> header (1–200
/// printable ASCII characters, else 400) runs once per user, method, path and key within 24 hours.
/// The key is reserved atomically (an insert that fails on an existing key) before the request runs;
/// the same key again answers the first call's status, <c>Location</c> and body (header
/// <c>Idempotency-Replayed: true</c>); with a different body it is 422; while the first call still
/// runs it is 409 with <c>Retry-After</c>. Only successful answers (2xx) are kept: after a refusal or
/// an error the key is released, so the client can retry with it. A reservation whose request never
/// finished (its node died) is released after <see cref="InFlightLease"/>.
/// </summary>
public sealed class IdempotencyMiddleware(
    RequestDelegate next, IDocumentStore store, TimeProvider clock, IDataProtectionProvider protection, ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public static readonly TimeSpan InFlightLease = TimeSpan.FromMinutes(2);

    private readonly IDataProtector _protector = protection.CreateProtector("Selbstcheck.Idempotency.v1");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api") ||
            context.Request.Path.StartsWithSegments("/api/session") || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (!IsValidKey(key))
        {
            await Problems.Write(context, Problems.Create(context, 400, "idempotency-key-ungueltig", "Ungültiger Idempotency-Key",
                $"Der Header {Header} muss einmal vorkommen und 1 bis {MaxKeyLength} druckbare ASCII-Zeichen enthalten."));
            return;
        }

        var id = RecordId(Caller.From(context.User)?.UserId ?? "anonym", context.Request.Method, context.Request.Path.Value ?? "", key!);
        var requestHash = await HashBodyAsync(context.Request, context.RequestAborted);
        var reservation = await ReserveAsync(context, id, requestHash);
        if (reservation is null) return;

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await ReleaseAsync(reservation);
            throw;
        }

        context.Response.Body = original;
        var status = context.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            await CompleteAsync(reservation, context.Response, buffer.ToArray());
        }
        else
        {
            await ReleaseAsync(reservation);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, CancellationToken.None);
    }

    /// <summary>The record of one key: scoped to user, method and path; the key itself is not stored.</summary>
    public static string RecordId(string user, string method, string path, string key) =>
        Hash(Encoding.UTF8.GetBytes($"{user}\n{method}\n{path}\n{key}"));

    /// <summary>1–200 printable ASCII characters (space to tilde).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>The reservation, or null when the answer was given here (replay, 409, 422).</summary>
    private async Task<IdempotencyRecord?> ReserveAsync(HttpContext context, string id, string requestHash)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            var record = new IdempotencyRecord { Id = id, Token = Guid.NewGuid(), RequestHash = requestHash, ReservedAt = now, ExpiresAt = now + Retention };
            await using (var session = store.LightweightSession())
            {
                session.Insert(record);
                try
                {
                    await session.SaveChangesAsync(context.RequestAborted);
                    return record;
                }
                catch (DocumentAlreadyExistsException)
                {
                    // taken: look at the first use below
                }
            }

            await using var query = store.QuerySession();
            var existing = await query.LoadAsync<IdempotencyRecord>(id, context.RequestAborted);
            if (existing is null) continue; // released or cleaned in between
            if (existing.ExpiresAt <= now || (!existing.Completed && existing.ReservedAt + InFlightLease <= now))
            {
                await DeleteAsync(existing);
                continue;
            }

            if (existing.RequestHash != requestHash)
            {
                await Problems.Write(context, Problems.Create(context, 422, "idempotency-key-anderer-inhalt", "Idempotency-Key mit anderem Inhalt",
                    "Dieser Idempotency-Key wurde schon für eine Anfrage mit anderem Inhalt verwendet; für eine neue Anfrage einen neuen Schlüssel wählen."));
                return null;
            }

            if (!existing.Completed)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problems.Write(context, Problems.Create(context, 409, "anfrage-in-bearbeitung", "Anfrage wird noch bearbeitet",
                    "Eine Anfrage mit diesem Idempotency-Key läuft noch; bitte gleich erneut versuchen."));
                return null;
            }

            await ReplayAsync(context, existing);
            return null;
        }

        throw new InvalidOperationException("An idempotency key could not be reserved after three attempts.");
    }

    private async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        byte[] body;
        try
        {
            body = record.Body is null ? [] : _protector.Unprotect(Convert.FromBase64String(record.Body));
        }
        catch (CryptographicException)
        {
            // The key ring that protected it is gone: the first answer cannot be given again, nor may the request run twice.
            await Problems.Write(context, Problems.Create(context, 409, "idempotency-antwort-unlesbar", "Erste Antwort nicht mehr lesbar",
                "Die Anfrage mit diesem Idempotency-Key wurde bereits ausgeführt; ihre Antwort kann nicht erneut gegeben werden."));
            return;
        }

        context.Response.StatusCode = record.Status;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (record.Location is not null) context.Response.Headers.Location = record.Location;
        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task CompleteAsync(IdempotencyRecord record, HttpResponse response, byte[] body)
    {
        record.Completed = true;
        record.Status = response.StatusCode;
        record.ContentType = response.ContentType;
        record.Location = response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
        record.Body = Convert.ToBase64String(_protector.Protect(body));
        try
        {
            // The request ran: store its answer even when the client has gone (that is when it will retry).
            await using var session = store.LightweightSession();
            session.Update(record);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not store the answer of an idempotent request; a retry will wait until the reservation lapses");
        }
    }

    private async Task ReleaseAsync(IdempotencyRecord record)
    {
        try
        {
            await DeleteAsync(record);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not release an idempotency reservation; it lapses after {Lease}", InFlightLease);
        }
    }

    /// <summary>Deletes exactly this reservation (not a newer one of the same key).</summary>
    private async Task DeleteAsync(IdempotencyRecord record)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotencyRecord>(x => x.Id == record.Id && x.Token == record.Token);
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task<string> HashBodyAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body, ct);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}

/// <summary>Deletes used idempotency keys after their 24 hours (also treated as absent on access).</summary>
public sealed class IdempotencyCleanup(IDocumentStore store, TimeProvider clock, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CleanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Cleaning expired idempotency keys failed; next try in {Interval}", Interval);
            }
        }
    }

    public async Task CleanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotencyRecord>(x => x.ExpiresAt <= now);
        await session.SaveChangesAsync(ct);
    }
}

public static class Idempotency
{
    public static IServiceCollection AddSelbstcheckIdempotency(this IServiceCollection services)
    {
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyCleanup>());
        return services;
    }

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
