using System.Globalization;
using MimeKit;
using Selbstcheck.Host.Reports;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Host.Reminders;

/// <summary>The reminder email: German text, the milestone as an .ics attachment, a Message-ID that is the same on every attempt.</summary>
public static class ReminderMail
{
    public const string Domain = "selbstcheck.weltoffene-kommune";

    /// <summary>The header naming the reminder (Kommune/milestone/key): ids only.</summary>
    public const string ReminderHeader = "X-Selbstcheck-Erinnerung";

    public static string MessageId(ReminderDelivery d) => $"erinnerung.{d.KommuneId}.{d.MilestoneId:N}.{d.ReminderKey}@{Domain}";

    /// <summary>The milestone's page (#13, point 7): under the service's public address; it opens after sign-in.</summary>
    public static string PageLink(string publicUrl, string kommuneId, Guid milestoneId) =>
        $"{publicUrl.TrimEnd('/')}/kommunen/{Uri.EscapeDataString(kommuneId)}/meilensteine/{milestoneId}";

    public static MimeMessage Compose(ReminderDelivery d, MilestoneView m, string kommuneName, MailboxAddress from, IReadOnlyList<MailboxAddress> to,
        IReadOnlyList<MailboxAddress> cc, DateTimeOffset now, string publicUrl)
    {
        var overdueDays = -d.OffsetDays; // an escalation is planned so many days after the due
        var due = Due(m);
        var subject = d.Kind switch
        {
            ReminderKinds.Vorab => $"Erinnerung: „{m.Title}“ ist in {d.OffsetDays} {(d.OffsetDays == 1 ? "Tag" : "Tagen")} fällig ({due})",
            ReminderKinds.Faellig => $"Fällig: „{m.Title}“ ({due})",
            ReminderKinds.Ueberfaellig => $"Überfällig: „{m.Title}“ (fällig {due})",
            _ => $"Eskalation: „{m.Title}“ in {kommuneName} ist seit {overdueDays} Tagen überfällig",
        };
        var lead = d.Kind switch
        {
            ReminderKinds.Vorab => $"in {d.OffsetDays} {(d.OffsetDays == 1 ? "Tag" : "Tagen")} ist ein vereinbarter Meilenstein fällig.",
            ReminderKinds.Faellig => "ein vereinbarter Meilenstein ist jetzt fällig.",
            ReminderKinds.Ueberfaellig => "ein vereinbarter Meilenstein ist überfällig.",
            _ => $"ein Meilenstein der Kommune {kommuneName} ist seit {overdueDays} Tagen überfällig und noch nicht erledigt. "
                 + "Sie erhalten diese Nachricht als Prozessbegleitung.",
        };
        var text = $"""
            Guten Tag,

            {lead}

            Meilenstein:     {m.Title}
            Art:             {m.Kind}
            Kommune:         {kommuneName}
            Verantwortlich:  {m.Owner}
            Fällig:          {due}

            Ist der Meilenstein erledigt, verschoben oder abgesagt, tragen Sie das bitte im Selbstcheck ein;
            dann enden die Erinnerungen. Der Termin hängt als Kalenderdatei (.ics) an.

            Zum Meilenstein (nach der Anmeldung):
            {PageLink(publicUrl, d.KommuneId, d.MilestoneId)}

            Diese Nachricht wurde automatisch vom Selbstcheck „Weltoffene Kommune“ versandt.
            """;

        var message = new MimeMessage { Subject = subject, Date = now, MessageId = MessageId(d) };
        message.From.Add(from);
        message.To.AddRange(to);
        message.Cc.AddRange(cc);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add(ReminderHeader, $"{d.KommuneId}/{d.MilestoneId}/{d.ReminderKey}");
        var calendar = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(CalendarFeed.Render(kommuneName, [m], [], [], now, programmeMilestones: true)))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "meilenstein.ics",
        };
        calendar.ContentType.Parameters.Add("method", "PUBLISH");
        calendar.ContentType.Charset = "utf-8";
        message.Body = new Multipart("mixed") { new TextPart("plain") { Text = text.Replace("\n", "\r\n") }, calendar };
        return message;
    }

    private static string Due(MilestoneView m)
    {
        var german = CultureInfo.GetCultureInfo("de-DE");
        var due = Workflow.Common.Due.From(m.DueDate, m.DueAt)!.Value;
        return due.Local is { } local ? local.ToString("dd.MM.yyyy', 'HH:mm' Uhr'", german) : due.Day.ToString("dd.MM.yyyy", german);
    }
}
