using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

/// <summary>A small catalogue for decisions and evaluations: three fields, a short form.</summary>
public static class TestCatalogue
{
    public static readonly Catalogue Catalogue = new(
        "test-katalog",
        "1",
        "Testkatalog",
        [
            new CatalogueField(1, "management", "Management und Steuerung",
                [new("1.1", "Strukturen"), new("1.2", "Stellenwert"), new("1.3", "Führung"), new("1.4", "Monitoring")]),
            new CatalogueField(3, "arbeit", "Arbeit und wirtschaftliche Entwicklung", [new("3.1", "Gesamteinschätzung des Handlungsfeldes")]),
            new CatalogueField(5, "engagement", "Engagement und Beteiligung",
                [new("5.1", "Engagement"), new("5.2", "Beteiligung"), new("5.3", "Globale Verantwortung")]),
        ],
        [new ShortForm("kurzform", null, ["1.2", "5.1"])]);

    public static IReadOnlyList<string> All => Catalogue.Criteria.Select(c => c.Id).ToList();
}
