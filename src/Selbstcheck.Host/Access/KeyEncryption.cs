using System.Security.Cryptography;
using System.Text;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>
/// The key-encryption key: 256 bits from a file outside the database (Selbstcheck:Keys:KeyFile),
/// readable by its owner only and the same on every node. It seals what the database must not hold
/// in clear — the local signing keys and ASP.NET's data-protection keys — with AES-256-GCM, bound
/// to a purpose (a sealed value moved to another purpose does not open).
/// </summary>
public sealed class KeyEncryption(SelbstcheckSettings settings, IHostEnvironment environment)
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly Lazy<byte[]> _key = new(() => Load(ResolvePath(settings, environment)));

    /// <summary>Loads and checks the key now (at start), so a missing or exposed file stops the service with a clear message.</summary>
    public void EnsureUsable() => _ = _key.Value;

    /// <summary>A short, non-secret fingerprint of the key, stored next to what it sealed (tells "another key" from "damaged").</summary>
    public string KeyId => Convert.ToHexStringLower(SHA256.HashData(_key.Value))[..16];

    public string Seal(byte[] plaintext, string purpose)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var sealedBytes = new byte[1 + NonceBytes + plaintext.Length + TagBytes];
        sealedBytes[0] = Version;
        nonce.CopyTo(sealedBytes, 1);
        using var aes = new AesGcm(_key.Value, TagBytes);
        aes.Encrypt(nonce, plaintext,
            sealedBytes.AsSpan(1 + NonceBytes, plaintext.Length),
            sealedBytes.AsSpan(1 + NonceBytes + plaintext.Length, TagBytes),
            Encoding.UTF8.GetBytes(purpose));
        return Convert.ToBase64String(sealedBytes);
    }

    public byte[] Open(string sealedValue, string purpose)
    {
        var bytes = Convert.FromBase64String(sealedValue);
        if (bytes.Length < 1 + NonceBytes + TagBytes || bytes[0] != Version)
        {
            throw new CryptographicException("not a value sealed with the key-encryption key");
        }

        var length = bytes.Length - 1 - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key.Value, TagBytes);
        try
        {
            aes.Decrypt(bytes.AsSpan(1, NonceBytes), bytes.AsSpan(1 + NonceBytes, length),
                bytes.AsSpan(1 + NonceBytes + length, TagBytes), plaintext, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                "A key sealed in the database does not open with the key-encryption key (Selbstcheck:Keys:KeyFile): another key file than the one it was sealed with, or damaged.", e);
        }

        return plaintext;
    }

    private static string ResolvePath(SelbstcheckSettings settings, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(settings.Keys.KeyFile)) return settings.Keys.KeyFile;
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No key-encryption key configured: set Selbstcheck:Keys:KeyFile (env Selbstcheck__Keys__KeyFile) to a file holding 32 random bytes " +
                "(e.g. `head -c 32 /dev/urandom | base64 > FILE; chmod 600 FILE`), the same file on every node. ops/run creates one in .data.");
        }

        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "selbstcheck");
        var path = Path.Combine(folder, "development-key-encryption.key");
        if (!File.Exists(path)) CreateKeyFile(path);
        return path;
    }

    /// <summary>Writes a new key file readable by its owner only (ops scripts and Development).</summary>
    public static void CreateKeyFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
    }

    private static byte[] Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The key-encryption key file {path} (Selbstcheck:Keys:KeyFile) does not exist.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode exposed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                         UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & exposed) != 0)
            {
                throw new InvalidOperationException(
                    $"The key-encryption key file {path} is accessible to group or others ({mode}): allow its owner only (chmod 600).");
            }
        }

        var content = File.ReadAllBytes(path);
        if (content.Length == 32) return content;
        try
        {
            var decoded = Convert.FromBase64String(Encoding.ASCII.GetString(content).Trim());
            if (decoded.Length == 32) return decoded;
        }
        catch (FormatException)
        {
            // reported below
        }

        throw new InvalidOperationException($"The key-encryption key file {path} must hold exactly 32 bytes, raw or base64.");
    }
}
