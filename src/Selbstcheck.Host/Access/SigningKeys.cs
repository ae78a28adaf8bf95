using System.Security.Cryptography;
using JasperFx;
using Marten;
using Microsoft.IdentityModel.Tokens;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>
/// One local signing key as the database holds it: the private key sealed with the key-encryption key
/// (never in clear), its key id (the JWT's <c>kid</c>), from when it signs, and when it was retired.
/// </summary>
public sealed record SealedSigningKey(
    string Id,
    int Number,
    string SealedPrivateKey,
    string KeyEncryptionKeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActiveFrom,
    DateTimeOffset? RetiredAt);

/// <summary>
/// The local signing keys (used when no OIDC authority is configured): every key that is not retired
/// validates tokens by its key id, so several are valid at once; the newest active one signs. A
/// rotation adds a key that starts signing only after every node has reloaded the keys (twice the
/// refresh interval); retiring a key ends its tokens within one refresh. The first key is created on
/// first use; two nodes starting at once both try to insert it and the loser reads the winner's.
/// </summary>
public sealed class SigningKeys(IDocumentStore store, KeyEncryption kek, SelbstcheckSettings settings, TimeProvider clock)
{
    public const string KeyIdPrefix = "selbstcheck-local-";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Ring? _ring;

    private sealed record Ring(IReadOnlyDictionary<string, RsaSecurityKey> Valid, RsaSecurityKey Current);

    /// <summary>How long a new key waits before it signs: every node has loaded it by then.</summary>
    public TimeSpan ActivationDelay => TimeSpan.FromSeconds(2 * settings.Keys.RefreshSeconds);

    public static string KeyIdOf(int number) => $"{KeyIdPrefix}{number}";

    /// <summary>The key that signs new tokens.</summary>
    public async Task<RsaSecurityKey> CurrentAsync(CancellationToken ct = default) => (_ring ?? await RefreshAsync(ct)).Current;

    /// <summary>For token validation (synchronous): the valid key with this id, or none (unknown or retired).</summary>
    public IEnumerable<SecurityKey> Find(string? keyId)
    {
        var ring = _ring ?? RefreshAsync().GetAwaiter().GetResult();
        return keyId is not null && ring.Valid.TryGetValue(keyId, out var key) ? [key] : [];
    }

    /// <summary>Reloads the keys from the database (creating the first one when there is none).</summary>
    public async Task<IReadOnlyDictionary<string, RsaSecurityKey>> ReloadAsync(CancellationToken ct = default) => (await RefreshAsync(ct)).Valid;

    private async Task<Ring> RefreshAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var records = await LoadAsync(ct);
            if (records.Count == 0) records = [await CreateFirstAsync(ct)];
            var valid = records.Where(r => r.RetiredAt is null).ToList();
            var now = clock.GetUtcNow();
            var current = valid.Where(r => r.ActiveFrom <= now).MaxBy(r => r.Number) ?? valid.MinBy(r => r.Number)
                ?? throw new InvalidOperationException("Every local signing key is retired: rotate (`keys rotate`) to create a new one.");
            var keys = valid.ToDictionary(r => r.Id, Unseal);
            var ring = new Ring(keys, keys[current.Id]);
            _ring = ring;
            return ring;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<SealedSigningKey>> LoadAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<SealedSigningKey>().OrderBy(k => k.Number).ToListAsync(ct);
    }

    /// <summary>Adds the next key; it signs from <paramref name="activeFrom"/> on (default: after the activation delay).</summary>
    public async Task<SealedSigningKey> RotateAsync(DateTimeOffset? activeFrom = null, CancellationToken ct = default)
    {
        var existing = await LoadAsync(ct);
        var number = existing.Count == 0 ? 1 : existing.Max(k => k.Number) + 1;
        var now = clock.GetUtcNow();
        var record = NewKey(number, now, activeFrom ?? now + ActivationDelay);
        await using var session = store.LightweightSession();
        session.Insert(record);
        await session.SaveChangesAsync(ct);
        await RefreshAsync(ct);
        return record with { SealedPrivateKey = "" };
    }

    /// <summary>Retires a key: its tokens stop validating (on every node within one refresh). The signing key cannot be retired.</summary>
    public async Task RetireAsync(string keyId, CancellationToken ct = default)
    {
        var keys = await LoadAsync(ct);
        var record = keys.SingleOrDefault(k => k.Id == keyId) ?? throw new ArgumentException($"no local signing key {keyId}");
        var now = clock.GetUtcNow();
        var signing = keys.Where(k => k.RetiredAt is null && k.ActiveFrom <= now).MaxBy(k => k.Number);
        if (record.Id == signing?.Id) throw new ArgumentException($"{keyId} signs new tokens: rotate first, and retire it once its tokens have expired");
        if (record.RetiredAt is not null) return;
        await using var session = store.LightweightSession();
        session.Update(record with { RetiredAt = now });
        await session.SaveChangesAsync(ct);
        await RefreshAsync(ct);
    }

    private async Task<SealedSigningKey> CreateFirstAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var first = NewKey(1, now, now);
        await using var session = store.LightweightSession();
        session.Insert(first);
        try
        {
            await session.SaveChangesAsync(ct);
            return first;
        }
        catch (DocumentAlreadyExistsException)
        {
            // another node or ops/token created it first: read theirs
            await using var query = store.QuerySession();
            return await query.LoadAsync<SealedSigningKey>(first.Id, ct)
                   ?? throw new InvalidOperationException("could not load or create the local signing key");
        }
    }

    private SealedSigningKey NewKey(int number, DateTimeOffset now, DateTimeOffset activeFrom)
    {
        using var rsa = RSA.Create(2048);
        var id = KeyIdOf(number);
        var pkcs8 = rsa.ExportPkcs8PrivateKey();
        try
        {
            return new SealedSigningKey(id, number, kek.Seal(pkcs8, Purpose(id)), kek.KeyId, now, activeFrom, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private RsaSecurityKey Unseal(SealedSigningKey record)
    {
        var pkcs8 = kek.Open(record.SealedPrivateKey, Purpose(record.Id));
        try
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return new RsaSecurityKey(rsa) { KeyId = record.Id };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static string Purpose(string keyId) => $"selbstcheck/signing-key/{keyId}";
}

/// <summary>Loads the keys at start (so the first request does not) and reloads them every Selbstcheck:Keys:RefreshSeconds.</summary>
public sealed class SigningKeyRefresh(SigningKeys keys, SelbstcheckSettings settings, TimeProvider clock, ILogger<SigningKeyRefresh> logger) : IHostedService, IDisposable
{
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public async Task StartAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(settings.Auth.Authority)) return;
        await keys.ReloadAsync(ct);
        _stop = new CancellationTokenSource();
        _loop = LoopAsync(_stop.Token);
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.Keys.RefreshSeconds)), clock);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false) is true)
        {
            try
            {
                await keys.ReloadAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Reloading the local signing keys failed ({Error}); the keys loaded before stay in use", e.GetType().Name);
            }
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_stop is null) return;
        await _stop.CancelAsync();
        try
        {
            if (_loop is not null) await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stop?.Dispose();
}
