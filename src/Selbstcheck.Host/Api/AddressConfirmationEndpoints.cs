using System.Net;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Reminders;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// The one-time link that confirms a unit's address, for its holder (anonymous: the key is the
/// credential). GET only shows what would be confirmed and a button — mail scanners and link
/// previews fetch links, so a GET must never use the link up; the POST of that button confirms.
/// </summary>
public static class AddressConfirmationEndpoints
{
    [WolverineGet(AddressConfirmationMail.Path, OperationId = "showUnitEmailConfirmation")]
    [Tags("Kommunen")]
    [Produces("text/html")]
    public static async Task<IResult> Show(string? key, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var token = await Find(session, key, clock.GetUtcNow(), ct);
        var kommune = await session.LoadAsync<KommuneState>(token.KommuneId, ct);
        var action = $"{AddressConfirmationMail.Path}?key={Uri.EscapeDataString(key!)}";
        return Page("E-Mail-Adresse bestätigen", $"""
            <p>Diese Adresse soll Erinnerungen an Meilensteine für die Stelle „{Html(token.Unit)}“ der Kommune {Html(kommune?.Name ?? token.KommuneId)} erhalten.</p>
            <form method="post" action="{Html(action)}"><button type="submit">Adresse bestätigen</button></form>
            <p>War die Eintragung nicht gewollt, schließen Sie diese Seite einfach.</p>
            """);
    }

    [WolverinePost(AddressConfirmationMail.Path, OperationId = "confirmUnitEmail")]
    [Tags("Kommunen")]
    [Produces("text/html")]
    public static async Task<IResult> Confirm(string? key, IQuerySession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var token = await Find(session, key, clock.GetUtcNow(), ct);
        var reply = await bus.InvokeAsync<UnitReply>(new ConfirmUnitEmail(token.KommuneId, token.Id), CommandHeaders.For(Actor.AddressHolder), ct);
        return Page("E-Mail-Adresse bestätigt", $"<p>Danke. Die Adresse der Stelle „{Html(reply.Name)}“ erhält ab jetzt die Erinnerungen an ihre Meilensteine.</p>");
    }

    private static async Task<UnitEmailConfirmationToken> Find(IQuerySession session, string? key, DateTimeOffset now, CancellationToken ct)
    {
        var token = string.IsNullOrEmpty(key) || key.Length > 200 ? null : await session.LoadAsync<UnitEmailConfirmationToken>(UnitEmailConfirmationToken.Hash(key), ct);
        return token is not null && token.IsUsableAt(now) ? token : throw UnitEmailConfirmationToken.Invalid();
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static IResult Page(string title, string body) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="de"><head><meta charset="utf-8"><title>{Html(title)} – Selbstcheck „Weltoffene Kommune“</title></head>
        <body><main><h1>{Html(title)}</h1>
        {body}
        </main></body></html>
        """, "text/html; charset=utf-8");
}
