using System.Security.Cryptography;
using JasperFx;
using Marten;
using Microsoft.IdentityModel.Tokens;

namespace Selbstcheck.Host.Access;

/// <summary>The embedded default's signing key, kept in the database so every node and ops/token share it.</summary>
public sealed record SigningKeyRecord(string Id, string PrivateKeyPem, DateTimeOffset CreatedAt);

/// <summary>
/// Loads the local RSA signing key, creating it on first use. Two nodes starting at once both try
/// to insert; the loser reads the winner's key.
/// </summary>
public sealed class LocalSigningKey(IDocumentStore store, TimeProvider clock)
{
    public const string KeyId = "selbstcheck-local-1";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RsaSecurityKey? _key;

    public async Task<RsaSecurityKey> GetAsync(CancellationToken ct = default)
    {
        if (_key is not null) return _key;
        await _gate.WaitAsync(ct);
        try
        {
            return _key ??= await LoadOrCreateAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>For the token validation parameters, which resolve keys synchronously.</summary>
    public RsaSecurityKey Get() => _key ?? GetAsync().GetAwaiter().GetResult();

    private async Task<RsaSecurityKey> LoadOrCreateAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var session = store.LightweightSession();
            var existing = await session.LoadAsync<SigningKeyRecord>(KeyId, ct);
            if (existing is not null) return ToKey(existing);

            using var rsa = RSA.Create(2048);
            session.Insert(new SigningKeyRecord(KeyId, rsa.ExportPkcs8PrivateKeyPem(), clock.GetUtcNow()));
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (DocumentAlreadyExistsException)
            {
                // another node or ops/token created it first: read theirs
            }
        }

        throw new InvalidOperationException("could not load or create the local signing key");
    }

    private static RsaSecurityKey ToKey(SigningKeyRecord record)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(record.PrivateKeyPem);
        return new RsaSecurityKey(rsa) { KeyId = KeyId };
    }
}
