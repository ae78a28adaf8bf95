namespace Selbstcheck.Workflow.Common;

/// <summary>
/// The one family of exceptions a decision may raise. Each maps to exactly one HTTP status
/// and carries a stable problem type and a German title, so the host never has to guess.
/// </summary>
public abstract class DomainProblem(string type, string title, string detail) : Exception(detail)
{
    /// <summary>Stable slug; the host turns it into the ProblemDetails <c>type</c> URI.</summary>
    public string Type { get; } = type;

    /// <summary>German, user-facing.</summary>
    public string Title { get; } = title;

    public string Detail { get; } = detail;

    public abstract int Status { get; }

    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();
}

/// <summary>404: the addressed resource does not exist.</summary>
public sealed class NotFound(string type, string title, string detail) : DomainProblem(type, title, detail)
{
    public override int Status => 404;
}

/// <summary>403: the caller may not change this item (#14: unit staff and another unit's action item).</summary>
public sealed class Forbidden(string type, string title, string detail) : DomainProblem(type, title, detail)
{
    public override int Status => 403;
}

/// <summary>409: a stale expectedVersion, or a create whose id or unique key is taken.</summary>
public sealed class Conflict(string type, string title, string detail) : DomainProblem(type, title, detail)
{
    public override int Status => 409;
}

/// <summary>422: any other refusal by a domain rule, lifecycle states included.</summary>
public sealed class RuleViolation(string type, string title, string detail) : DomainProblem(type, title, detail)
{
    public override int Status => 422;

    /// <summary>What the client may do instead, where there is something.</summary>
    public IReadOnlyList<string> Alternatives { get; init; } = [];
}

/// <summary>400: malformed input; lists every invalid field or element.</summary>
public sealed class InvalidInput(IReadOnlyList<FieldError> errors)
    : DomainProblem("ungueltige-eingabe", "Ungültige Eingabe", string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public override int Status => 400;
}

/// <summary>One invalid field, named by its JSON path (camelCase), with a German message.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Collects field errors so a validation reports every problem at once.</summary>
public sealed class Validation
{
    private readonly List<FieldError> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyList<FieldError> Errors => _errors;

    public Validation Add(string field, string message)
    {
        _errors.Add(new FieldError(field, message));
        return this;
    }

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new InvalidInput(_errors.ToList());
    }
}
