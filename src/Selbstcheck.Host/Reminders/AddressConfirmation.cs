using System.ComponentModel;
using System.Net;
using Hangfire;
using Marten;
using MimeKit;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Reminders;
using Wolverine;

namespace Selbstcheck.Host.Reminders;

// Confirming a unit's address: the job that sends the one-time link when an address set by the
// Kommune or its facilitator asks for it (UnitEmailConfirmationRequested, seen by the reminder
// subscription), and the mail. The link's page and its confirmation are in Api/AddressConfirmationEndpoints.

/// <summary>The Hangfire job of one confirmation request: ids and the unit's name only; it sends a command and decides nothing.</summary>
public sealed class AddressConfirmationJob(IMessageBus bus)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [10, 60, 300, 1800, 3600, 7200, 14400, 28800], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Adressbestätigung {0} / {1}")]
    public async Task Run(string kommuneId, string unit, long version, long request, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<ReminderOutcome>(new SendUnitEmailConfirmation(kommuneId, unit, version, request), CommandHeaders.For(Actor.Reminders), ct);
        if (outcome.Result is ReminderResult.Failed or ReminderResult.HeldBack)
        {
            throw new ReminderNotDeliveredException($"Adressbestätigung {kommuneId}/{unit}: {outcome.Result}");
        }
    }
}

/// <summary>Send the one-time link for the unit's address as of <paramref name="Version"/>, answering the request with event sequence <paramref name="Request"/>.</summary>
public sealed record SendUnitEmailConfirmation(string KommuneId, string Unit, long Version, long Request) : IKommuneCommand;

public static class SendUnitEmailConfirmationHandler
{
    public static async Task<ReminderOutcome> Handle(
        SendUnitEmailConfirmation command, IDocumentSession session, IDocumentStore store, Mailer mailer, IMessageBus bus, SelbstcheckSettings settings,
        CommandContext context, ILogger<SendUnitEmailConfirmation> logger, CancellationToken ct)
    {
        var kommune = await session.LoadAsync<KommuneState>(command.KommuneId, ct);
        var unit = kommune?.FindUnit(command.Unit);
        // Still wanted: the address asked about is the unit's current one and still unconfirmed; this request not yet answered.
        if (unit is not { Unconfirmed: true, Email: { } sealedEmail } || unit.Version != command.Version) return new ReminderOutcome(ReminderResult.NothingToDo);
        // The address from the personal-data vault, at sending time (erased: nothing to send).
        if ((await Personal.PersonalData.LoadAsync(session, [sealedEmail], visible: true, ct)).Value(sealedEmail) is not { } email) return new ReminderOutcome(ReminderResult.NothingToDo);
        if (await session.Query<UnitEmailConfirmationToken>().AnyAsync(t => t.Request == command.Request && t.KommuneId == command.KommuneId, ct))
        {
            return new ReminderOutcome(ReminderResult.NothingToDo);
        }

        // Asked again for the same address: a link sent within the last day still works, and repeating
        // the request must not become a way to flood the address.
        var recently = context.Now.AddDays(-1);
        if (await session.Query<UnitEmailConfirmationToken>().AnyAsync(t => t.KommuneId == command.KommuneId && t.Unit == unit.Name && t.Version == unit.Version
                && t.UsedAt == null && t.CreatedAt > recently, ct))
        {
            logger.LogInformation("Address confirmation {Kommune}/{Unit}: a link sent within the last day is still valid; none sent again", command.KommuneId, command.Unit);
            return new ReminderOutcome(ReminderResult.NothingToDo);
        }

        if (DeliverReminderHandler.Mailbox(unit.Name, email) is not { } address)
        {
            logger.LogWarning("Address confirmation {Kommune}/{Unit}: the address is unusable; no link sent", command.KommuneId, command.Unit);
            return new ReminderOutcome(ReminderResult.NothingToDo);
        }

        using var deadline = mailer.StartDeadline(ct);
        var day = context.Today;
        var cap = settings.Reminders.DailyMailCapPerKommune;
        if (!await MailQuota.TryTakeAsync(store, command.KommuneId, day, cap, ct))
        {
            await bus.InvokeAsync<ReminderRecorded>(new RecordDailyMailCapReached(command.KommuneId, day, cap, null, null, 0), CommandHeaders.For(Actor.Reminders), ct);
            logger.LogWarning("Address confirmation {Kommune}/{Unit} held back: the Kommune reached its daily cap of {Cap} mails", command.KommuneId, command.Unit, cap);
            return new ReminderOutcome(ReminderResult.HeldBack);
        }

        var secret = UnitEmailConfirmationToken.NewSecret();
        var token = new UnitEmailConfirmationToken
        {
            Id = UnitEmailConfirmationToken.Hash(secret),
            KommuneId = command.KommuneId,
            Unit = unit.Name,
            Version = unit.Version,
            Request = command.Request,
            CreatedAt = context.Now,
            ExpiresAt = context.Now.AddDays(settings.Reminders.AddressConfirmationDays),
        };
        await using (var write = store.LightweightSession())
        {
            write.Store(token);
            await write.SaveChangesAsync(ct);
        }

        try
        {
            await mailer.SendAsync(AddressConfirmationMail.Compose(kommune!.Name, unit.Name, mailer.From, address, settings.PublicUrl, secret, token.ExpiresAt, context.Now), deadline.Token, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Nothing went out: the link is forgotten, the mail given back; the job tries again with a new link.
            await using var undo = store.LightweightSession();
            undo.Delete<UnitEmailConfirmationToken>(token.Id);
            await undo.SaveChangesAsync(CancellationToken.None);
            await MailQuota.GiveBackAsync(store, command.KommuneId, day, CancellationToken.None);
            logger.LogWarning("Address confirmation {Kommune}/{Unit} failed: {Error}", command.KommuneId, command.Unit, DeliverReminderHandler.Scrub($"{e.GetType().Name}: {e.Message}"));
            return new ReminderOutcome(ReminderResult.Failed);
        }

        logger.LogInformation("Address confirmation {Kommune}/{Unit} sent", command.KommuneId, command.Unit);
        return new ReminderOutcome(ReminderResult.Sent);
    }
}

/// <summary>The confirmation mail: German text with the one-time link (the secret appears only here).</summary>
public static class AddressConfirmationMail
{
    public const string Path = "/api/unit-email-confirmation";

    /// <summary>The header naming the request (Kommune/unit): no address, no secret.</summary>
    public const string Header = "X-Selbstcheck-Adressbestaetigung";

    public static MimeMessage Compose(string kommuneName, string unit, MailboxAddress from, MailboxAddress to, string publicUrl, string secret, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var link = $"{publicUrl.TrimEnd('/')}{Path}?key={Uri.EscapeDataString(secret)}";
        var until = TimeZoneInfo.ConvertTime(expiresAt, BerlinTime.Zone).ToString("dd.MM.yyyy, HH:mm 'Uhr'", System.Globalization.CultureInfo.GetCultureInfo("de-DE"));
        var text = $"""
            Guten Tag,

            diese Adresse wurde im Selbstcheck „Weltoffene Kommune“ als E-Mail-Adresse der Stelle
            „{unit}“ der Kommune {kommuneName} eingetragen. Erinnerungen an Meilensteine gehen erst
            an diese Adresse, wenn Sie sie bestätigen; bis dahin erhält sie die federführende Stelle.

            Adresse bestätigen (einmal verwendbar, gültig bis {until}):
            {link}

            War die Eintragung nicht gewollt, ignorieren Sie diese Nachricht einfach; dann erhalten Sie
            keine weiteren Nachrichten.

            Diese Nachricht wurde automatisch vom Selbstcheck „Weltoffene Kommune“ versandt.
            """;
        var message = new MimeMessage { Subject = $"Bitte bestätigen: E-Mail-Adresse für „{unit}“ ({kommuneName})", Date = now };
        message.From.Add(from);
        message.To.Add(to);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add(Header, $"{WebUtility.UrlEncode(kommuneName)}/{WebUtility.UrlEncode(unit)}");
        message.Body = new TextPart("plain") { Text = text.Replace("\n", "\r\n") };
        return message;
    }
}
