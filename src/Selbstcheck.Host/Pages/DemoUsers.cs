using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages;

/// <summary>One of the demo's users the demo sign-in offers.</summary>
public sealed record DemoUser(string Key, string Label, string Description, string Role, string? Subject, bool PersonalData = false);

/// <summary>The demo's users by role (the Dessau-Roßlau demo and its facilitator).</summary>
public static class DemoUsers
{
    public const string Path = "/demo-anmeldung";
    public const string Facilitator = "0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c";
    public const string Kommune = "dessau-rosslau";

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("programmteam", "Programmteam", "Alle Kommunen des Programms", Roles.Programmteam, null),
        new("prozessbegleitung", "Prozessbegleitung", "Die Prozessbegleitung der Demo, mit ihren Kommunen", Roles.Prozessbegleitung, Facilitator),
        new("integrationsbuero", "Integrationsbüro Dessau-Roßlau", "Die federführende Stelle der Kommune Dessau-Roßlau", Roles.Kommune, Kommune),
        // #14 unit staff: a unit of Dessau-Roßlau, and one of the live demo Kommune (whose items are planned today).
        new("einheit-stadtentwicklung", "Amt für Stadtentwicklung Dessau-Roßlau", "Mitarbeitende einer Stelle: Aktionsplan und Meilensteine der Kommune, Änderungen an den eigenen Handlungsbedarfen",
            Roles.Einheit, $"{Kommune}/amt-fuer-stadtentwicklung"),
        new("einheit-sozialamt-beispielstadt", "Sozialamt Beispielstadt", "Mitarbeitende einer Stelle der Beispielstadt: Aktionsplan und Meilensteine, die eigenen Handlungsbedarfe",
            Roles.Einheit, "beispielstadt/sozialamt"),
        new("audit", "Audit", "Lesend, ohne personenbezogene Daten", Roles.Audit, null),
        new("audit-personendaten", "Audit mit Personendaten", "Lesend, mit personenbezogenen Daten", Roles.Audit, null, PersonalData: true),
        // #15 H5 participants: a participant of Dessau-Roßlau's workshop (read-only: documentation, Standortbestimmung as shown there, agreements).
        new("teilnehmende", "Teilnehmende Dessau-Roßlau", "Teilnehmende des Workshops: Dokumentation, Standortbestimmung beim Workshop, Vereinbarungen und ihr Stand", Roles.Teilnehmende, Kommune),
    ];

    public static DemoUser? Find(string? key) => All.FirstOrDefault(u => u.Key == key);
}
