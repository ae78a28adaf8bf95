using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Programme;

/// <summary>
/// #15 H4: enter a person into the user directory before their first sign-in (programme team): the
/// subject they sign in with — the label of a locally issued token (<c>ops/token … --user LABEL</c>), or
/// with <paramref name="Issuer"/> the subject at that identity provider — and the display name. Recorded as
/// <see cref="UserAdded"/> (the id only).
/// </summary>
public sealed record AddUser(string? Subject, string? Issuer, string? DisplayName);

public static class AddUserDecision
{
    public const int MaxLength = 200;

    /// <summary>The directory key the person will be known by (<c>local:LABEL</c> or <c>oidc:ISSUER|SUBJECT</c>) and the display name.</summary>
    public static (string Key, string DisplayName) Decide(AddUser c, bool keyTaken)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(c.Subject)) v.Add("subject", "Pflichtfeld: die Kennung, mit der sich die Person anmeldet.");
        else if (c.Subject.Trim().Length > MaxLength) v.Add("subject", $"Höchstens {MaxLength} Zeichen.");
        if (c.Issuer is { } issuer && !string.IsNullOrWhiteSpace(issuer) &&
            !(Uri.TryCreate(issuer.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && issuer.Trim().Length <= MaxLength))
        {
            v.Add("issuer", "Die Adresse des Identitätsanbieters (https://…), oder leer für lokal ausgestellte Tokens.");
        }

        DisplayName.Check(v, "displayName", c.DisplayName);
        v.ThrowIfInvalid();
        var key = string.IsNullOrWhiteSpace(c.Issuer)
            ? $"local:{c.Subject!.Trim().ToLowerInvariant()}"
            : $"oidc:{c.Issuer.Trim().TrimEnd('/')}|{c.Subject!.Trim()}";
        if (keyTaken)
        {
            throw new Conflict("nutzer-existiert", "Nutzer existiert schon", "Unter dieser Kennung ist schon jemand im Nutzerverzeichnis.");
        }

        return (key, c.DisplayName!.Trim());
    }

    /// <summary>The key Decide would give (to look up whether it is taken); null while the input is invalid.</summary>
    public static string? KeyOf(AddUser c) =>
        string.IsNullOrWhiteSpace(c.Subject) ? null
        : string.IsNullOrWhiteSpace(c.Issuer) ? $"local:{c.Subject.Trim().ToLowerInvariant()}"
        : $"oidc:{c.Issuer.Trim().TrimEnd('/')}|{c.Subject.Trim()}";
}

/// <summary>A display name of the user directory: required, at most 200 characters.</summary>
public static class DisplayName
{
    public static void Check(Validation v, string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) v.Add(field, "Pflichtfeld: der angezeigte Name.");
        else if (name.Trim().Length > AddUserDecision.MaxLength) v.Add(field, $"Höchstens {AddUserDecision.MaxLength} Zeichen.");
    }
}
