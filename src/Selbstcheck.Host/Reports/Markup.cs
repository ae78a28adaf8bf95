namespace Selbstcheck.Host.Reports;

/// <summary>Escaping for HTML and SVG text and attribute values; umlauts stay as they are (the documents are UTF-8).</summary>
public static class Markup
{
    public static string Escape(string? s) =>
        (s ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
}
