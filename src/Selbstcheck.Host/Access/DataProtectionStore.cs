using System.Text;
using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Selbstcheck.Host.Access;

/// <summary>One ASP.NET data-protection key, as the database holds it: its XML with the key material sealed by the key-encryption key.</summary>
public sealed record DataProtectionKeyRecord(string Id, string Xml, DateTimeOffset StoredAt);

/// <summary>
/// ASP.NET data protection (sign-in cookies, antiforgery tokens) with its keys in the database, so every
/// node and every restart shares them, sealed with the key-encryption key, so the database alone does
/// not open them.
/// </summary>
public static class DataProtectionStore
{
    public const string ApplicationName = "selbstcheck";

    public static IServiceCollection AddSelbstcheckDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<TimeProvider>());
            o.XmlEncryptor = new SealingXmlEncryptor(sp.GetRequiredService<KeyEncryption>());
        }));
        return services;
    }

    private sealed class DatabaseXmlRepository(IDocumentStore store, TimeProvider clock) : IXmlRepository
    {
        // The data-protection API is synchronous; it reads the keys rarely (at first use, then about once a day).
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var session = store.QuerySession();
            var records = session.Query<DataProtectionKeyRecord>().ToListAsync().GetAwaiter().GetResult();
            return records.Select(r => XElement.Parse(r.Xml)).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var session = store.LightweightSession();
            session.Store(new DataProtectionKeyRecord(friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow()));
            session.SaveChangesAsync().GetAwaiter().GetResult();
        }
    }

    private const string Purpose = "selbstcheck/data-protection-key";

    private sealed class SealingXmlEncryptor(KeyEncryption kek) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var sealedValue = kek.Seal(Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Purpose);
            return new EncryptedXmlInfo(
                new XElement("sealedKey", new XAttribute("kek", kek.KeyId), new XElement("value", sealedValue)),
                typeof(SealedXmlDecryptor));
        }
    }

    /// <summary>Created by data protection by its type name (constructor with IServiceProvider).</summary>
    public sealed class SealedXmlDecryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var kek = services.GetRequiredService<KeyEncryption>();
            var value = encryptedElement.Element("value")?.Value ?? throw new InvalidOperationException("sealed data-protection key without value");
            return XElement.Parse(Encoding.UTF8.GetString(kek.Open(value, Purpose)));
        }
    }
}
