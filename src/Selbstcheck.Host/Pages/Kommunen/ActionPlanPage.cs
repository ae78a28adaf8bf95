using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Personal;
using Selbstcheck.Workflow.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// The pages of a Kommune's action plan (the plan and one item): read through the action-plan endpoint (or the
/// state as of a moment), and the item's inline forms — status with reason, owner and due date with reason, a
/// note — sending the same commands as the API's POST …/action-items/{a}/status, PUT …/action-items/{a} and
/// POST …/action-items/{a}/notes. Every form carries the item's version; a refusal is shown beside that item's form.
/// </summary>
public abstract class ActionPlanPage(IQuerySession session, TimeProvider clock, IMessageBus bus) : KommunePage
{
    public const string StatusForm = "status";
    public const string PlanForm = "plan";
    public const string NoteForm = "notiz";

    protected IQuerySession Session => session;

    protected TimeProvider Clock => clock;

    public string KommuneName { get; private set; } = "";

    /// <summary>The Kommune's units: the owners one may pick (any other name becomes a unit, as in the API).</summary>
    public IReadOnlyList<string> Units { get; private set; } = [];

    /// <summary>All items (open first as the plan groups them, then the closed ones).</summary>
    public IReadOnlyList<ActionPlanEndpoints.ActionItemResource> AllItems { get; private set; } = [];

    public ActionPlanEndpoints.ActionPlanResource Plan { get; private set; } = null!;

    public IReadOnlyDictionary<int, string> FieldNames { get; private set; } = new Dictionary<int, string>();

    /// <summary>The form a refused post came from ("status-{item}"), and what it sent (null when stale: then the current values show).</summary>
    private string? _failedForm;

    private IReadOnlyDictionary<string, string?>? _posted;

    public string FieldTitle(int field) => FieldNames.TryGetValue(field, out var name) ? $"Handlungsfeld {field}: {name}" : $"Handlungsfeld {field}";

    public static string Anchor(Guid item) => $"hb-{item:N}";

    public static string FormName(string kind, Guid item) => $"{kind}-{item:N}";

    /// <summary>The link to an item's own page, at the same moment.</summary>
    public string ItemLink(Guid item) => Link($"aktionsplan/{item}");

    /// <summary>The value a field of a form shows: what was sent when that form was refused (not for a stale version), else the current one.</summary>
    public string? Value(string form, string field, string? current) =>
        _failedForm == form && _posted is not null ? _posted.GetValueOrDefault(field) : current;

    /// <summary>Where an item's form posts: this page with its filters, and the handler.</summary>
    public string FormAction(string handler)
    {
        var query = Request.Query.Where(q => q.Key != "handler")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("handler", handler));
        return QueryHelpers.AddQueryString(Request.Path, query);
    }

    /// <summary>Loads what the page shows (live, or as of the moment asked for).</summary>
    protected abstract Task LoadPageAsync(CancellationToken ct);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>#14 unit staff: the display name of the caller's unit (role einheit), looked up by its stable key.</summary>
    public string? OwnUnit { get; private set; }

    /// <summary>
    /// Whether an item's forms show: for the roles that edit the plan, every item; for unit staff (#14) only their
    /// own unit's items, and of the forms only status and note (<see cref="MayPlan"/>) — what the decisions let them do.
    /// </summary>
    public bool MayEdit(ActionPlanEndpoints.ActionItemResource item) =>
        !ReadOnly || (!Historical && Caller is { Role: Roles.Einheit } && OwnUnit is not null && string.Equals(item.Owner, OwnUnit, StringComparison.OrdinalIgnoreCase));

    /// <summary>Owner and due date: not for unit staff.</summary>
    public bool MayPlan => !ReadOnly;

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadPageAsync(ct);
        if (Caller is { Role: Roles.Einheit, UnitKey: { } key })
        {
            OwnUnit = (await session.LoadAsync<KommuneState>(Id, ct))?.FindUnitByKey(key)?.Name;
        }
    }

    /// <summary>Status change, as POST /api/kommunen/{id}/action-items/{a}/status.</summary>
    public Task<IActionResult> OnPostStatusAsync(Guid item, string? status, string? reason, long? expectedVersion, CancellationToken ct) =>
        SendAsync(StatusForm, item, "Status gespeichert.",
            () => bus.InvokeAs<ActionItemReply>(User, new ChangeActionItemStatus(Id, item, status, reason, expectedVersion), ct),
            new Dictionary<string, string?> { ["status"] = status, ["reason"] = reason }, ct);

    /// <summary>Owner and due date with a reason, as PUT /api/kommunen/{id}/action-items/{a}.</summary>
    public Task<IActionResult> OnPostPlanAsync(Guid item, string? owner, string? due, string? reason, long? expectedVersion, CancellationToken ct) =>
        SendAsync(PlanForm, item, "Zuständigkeit und Frist gespeichert.",
            () => bus.InvokeAs<ActionItemReply>(User, new PlanActionItem(Id, item, owner, due, expectedVersion, reason), ct),
            new Dictionary<string, string?> { ["owner"] = owner, ["due"] = due, ["reason"] = reason }, ct);

    /// <summary>A note, as POST /api/kommunen/{id}/action-items/{a}/notes.</summary>
    public Task<IActionResult> OnPostNoteAsync(Guid item, string? note, long? expectedVersion, CancellationToken ct) =>
        SendAsync(NoteForm, item, "Notiz gespeichert.",
            () => bus.InvokeAs<ActionItemReply>(User, new NoteActionItem(Id, item, note, expectedVersion), ct),
            new Dictionary<string, string?> { ["note"] = note }, ct);

    private async Task<IActionResult> SendAsync(string kind, Guid item, string notice, Func<Task> command, IReadOnlyDictionary<string, string?> posted, CancellationToken ct)
    {
        if (Historical) return PageError.AsOfIsReadOnly();
        var form = FormName(kind, item);
        // Plain text only, as the API's JSON reader has it: no control characters, no broken Unicode, no endless text.
        foreach (var (field, value) in posted)
        {
            if (value is not null && TextProblem(value) is { } problem) Errors.Add(field, problem, form);
        }

        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (await RunAsync(command, form))
        {
            return Done(notice, Anchor(item));
        }
        _failedForm = form;
        _posted = Errors.Stale ? null : posted;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Why a text from a form cannot be taken (the rules of the API's <see cref="PlainTextConverter"/>), or null.</summary>
    public static string? TextProblem(string text) => PlainTextConverter.Problem(text);

    /// <summary>The Kommune, its plan and the fields' names: live through the endpoints, or from the state as of a moment.</summary>
    protected async Task LoadPlanAsync(CancellationToken ct)
    {
        await LoadAsOfAsync(session, clock, ct);
        KommuneResource kommune;
        if (AsOf is { } state)
        {
            kommune = state.Kommune;
            Plan = state.ActionPlan;
            FieldNames = state.Rounds.Select(r => r.Evaluation).OfType<MaturityEndpoints.MaturityResource>().SelectMany(e => e.Fields)
                .GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Last().Name);
        }
        else
        {
            kommune = await KommunenEndpoints.Get(Id, session, User, ct);
            Plan = await ActionPlanEndpoints.Plan(Id, session, User, clock, ct);
            FieldNames = (await MaturityEndpoints.Trend(Id, session, ct)).Fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Last().Name);
        }

        KommuneName = kommune.Name;
        AllItems = Plan.Fields.SelectMany(f => f.Items).Concat(Plan.Closed).ToList();
        Units = kommune.Units.Select(u => u.Name).Concat(AllItems.Select(i => i.Owner)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), true)).ToList();
    }

    /// <summary>The statuses an item may go to from its own (the decider's transitions).</summary>
    public static IReadOnlyList<string> NextStatuses(string status) => ActionStatus.AllowedFrom(status);

    /// <summary>A status with a capital first letter, for display.</summary>
    public static string StatusLabel(string status) => status.Length == 0 ? status : char.ToUpper(status[0], CultureInfo.GetCultureInfo("de-DE")) + status[1..];

    /// <summary>
    /// Who made the changes of an item's history (opaque user ids): the person's name from the user directory where the
    /// caller may see personal data, and the role the user acted in (from the events' headers) — or only the role.
    /// </summary>
    protected async Task<IReadOnlyDictionary<string, string>> WhoAsync(IEnumerable<string?> users, CancellationToken ct)
    {
        var ids = users.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) return new Dictionary<string, string>();
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        var connection = (NpgsqlConnection)session.Connection!;
        await using (var command = new NpgsqlCommand(
            $"select distinct on (user_name) user_name, headers->>'{EventHeaders.ActorRole}' from {StorageSetup.Schema}.mt_events " +
            "where stream_id = @id and user_name = any(@users) order by user_name, seq_id desc", connection))
        {
            command.Parameters.AddWithValue("id", Id);
            command.Parameters.AddWithValue("users", ids);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!reader.IsDBNull(1)) roles[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var names = PersonalData.Visible(User)
            ? (await session.Query<DirectoryUser>().Where(u => u.UserId.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(u => u.UserId, u => u.DisplayName)
            : new Dictionary<string, string>();
        return ids.ToDictionary(id => id, id =>
        {
            var role = RoleLabel(roles.GetValueOrDefault(id));
            return names.TryGetValue(id, out var name) ? $"{name} ({role})" : role;
        });
    }

    public static string RoleLabel(string? role) => role switch
    {
        Roles.Programmteam => "Programmteam",
        Roles.Prozessbegleitung => "Prozessbegleitung",
        Roles.Kommune => "Integrationsbüro",
        Roles.Teilnehmende => "Teilnehmende",
        Roles.Einheit => "Mitarbeitende einer Stelle",
        Roles.Audit => "Audit",
        Roles.System => "System",
        null => "unbekannt",
        _ => role,
    };
}

/// <summary>The model of an item's inline forms (the partial _HandlungsbedarfFormulare): the page and the item; Open shows them unfolded.</summary>
public sealed record ActionItemForms(ActionPlanPage Page, ActionPlanEndpoints.ActionItemResource Item, bool Open = false);
