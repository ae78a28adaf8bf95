using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Reminders;

/// <summary>Hands a message to the configured SMTP server with MailKit; throws when the server does not accept it.</summary>
public sealed class Mailer(SelbstcheckSettings settings)
{
    public MailboxAddress From => MailboxAddress.Parse(settings.Smtp.From);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = settings.Smtp;
        using var client = new SmtpClient
        {
            Timeout = smtp.TimeoutSeconds * 1000,
            LocalDomain = settings.NodeName,
        };
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password, ct);
        await client.SendAsync(message, ct);
        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server accepted the message; a failing QUIT does not undo that.
        }
    }
}
