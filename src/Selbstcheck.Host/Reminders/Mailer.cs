using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Reminders;

/// <summary>Hands a message to the configured SMTP server with MailKit; throws when the server does not accept it.</summary>
public sealed class Mailer(SelbstcheckSettings settings)
{
    public MailboxAddress From => MailboxAddress.Parse(settings.Smtp.From);

    public TimeSpan Deadline => TimeSpan.FromSeconds(settings.Smtp.SendDeadlineSeconds);

    /// <summary>
    /// The one deadline of a delivery (Smtp:SendDeadlineSeconds, below the claim's lease): started before
    /// the claim is taken, it bounds connect, TLS, auth and send together — MailKit's own timeout only
    /// bounds each step.
    /// </summary>
    public CancellationTokenSource StartDeadline(CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        return deadline;
    }

    /// <summary>Sends within <paramref name="deadline"/> (from <see cref="StartDeadline"/>); its expiry is a <see cref="TimeoutException"/>.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken deadline, CancellationToken ct)
    {
        var smtp = settings.Smtp;
        using var client = new SmtpClient
        {
            Timeout = (int)Math.Min(smtp.TimeoutSeconds * 1000L, (long)Deadline.TotalMilliseconds),
            LocalDomain = settings.NodeName,
        };
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.None;
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, security, deadline);
            if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password, deadline);
            await client.SendAsync(message, deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Zustellung nach der Gesamtfrist von {Deadline.TotalSeconds:0} s abgebrochen (Smtp:SendDeadlineSeconds).");
        }

        try
        {
            await client.DisconnectAsync(quit: true, deadline);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The server accepted the message; a failing or late QUIT does not undo that.
        }
    }
}
