using System.Globalization;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>#2's paging convention: ?page=&amp;pageSize= (default 50, max 500).</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest Parse(string? page, string? pageSize)
    {
        var v = new Validation();
        var p = 1;
        var s = DefaultSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1 || p > 1_000_000))
        {
            v.Add("page", "Eine ganze Zahl ab 1.");
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out s) || s < 1 || s > MaxSize))
        {
            v.Add("pageSize", $"Eine ganze Zahl von 1 bis {MaxSize}.");
        }

        v.ThrowIfInvalid();
        return new PageRequest(p, s);
    }
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
