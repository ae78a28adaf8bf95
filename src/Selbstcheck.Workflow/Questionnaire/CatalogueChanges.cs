namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// #15 H4: what an import changes against the version before it — shown to the programme team before it
/// imports. Fields are matched by their stable key, criteria by id, short forms by name, levels by number.
/// </summary>
public sealed record CatalogueChanges(
    IReadOnlyList<string> FieldsAdded,
    IReadOnlyList<string> FieldsRemoved,
    IReadOnlyList<string> FieldsChanged,
    IReadOnlyList<string> CriteriaAdded,
    IReadOnlyList<string> CriteriaRemoved,
    IReadOnlyList<string> CriteriaChanged,
    IReadOnlyList<string> ShortFormsChanged,
    string? TitleChanged)
{
    public bool None => FieldsAdded.Count + FieldsRemoved.Count + FieldsChanged.Count + CriteriaAdded.Count + CriteriaRemoved.Count +
        CriteriaChanged.Count + ShortFormsChanged.Count == 0 && TitleChanged is null;

    /// <summary>Every change of <paramref name="next"/> against <paramref name="previous"/> (null: everything is new), as German lines.</summary>
    public static CatalogueChanges Between(Catalogue? previous, Catalogue next)
    {
        var before = previous?.Fields ?? [];
        var oldFields = before.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var newFields = next.Fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var fieldsChanged = new List<string>();
        foreach (var f in next.Fields.Where(f => oldFields.ContainsKey(f.Key)))
        {
            var o = oldFields[f.Key];
            if (o.Number != f.Number) fieldsChanged.Add($"Handlungsfeld „{f.Name}“: Nummer {o.Number} → {f.Number}");
            if (o.Name != f.Name) fieldsChanged.Add($"Handlungsfeld {f.Number}: Name „{o.Name}“ → „{f.Name}“");
        }

        var oldCriteria = (previous?.Criteria ?? []).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var newCriteria = next.Criteria.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var criteriaChanged = new List<string>();
        foreach (var c in next.Criteria.Where(c => oldCriteria.ContainsKey(c.Id)))
        {
            var o = oldCriteria[c.Id];
            if (o.Text != c.Text) criteriaChanged.Add($"Kriterium {c.Id}: Text „{o.Text}“ → „{c.Text}“");
            var (of, nf) = (previous!.FieldOf(c.Id), next.FieldOf(c.Id));
            if (of.Key != nf.Key) criteriaChanged.Add($"Kriterium {c.Id}: von Handlungsfeld {of.Number} nach Handlungsfeld {nf.Number}");
            if (!(o.Questions ?? []).SequenceEqual(c.Questions ?? [])) criteriaChanged.Add($"Kriterium {c.Id}: Fragen geändert");
        }

        var oldForms = (previous?.ShortForms ?? []).ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var newForms = next.ShortForms.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var forms = new List<string>();
        forms.AddRange(next.ShortForms.Where(s => !oldForms.ContainsKey(s.Name)).Select(s => $"Kurzform „{s.Name}“ neu"));
        forms.AddRange((previous?.ShortForms ?? []).Where(s => !newForms.ContainsKey(s.Name)).Select(s => $"Kurzform „{s.Name}“ entfällt"));
        forms.AddRange(next.ShortForms.Where(s => oldForms.TryGetValue(s.Name, out var o) && !SameForm(o, s)).Select(s => $"Kurzform „{s.Name}“ geändert"));

        return new CatalogueChanges(
            next.Fields.Where(f => !oldFields.ContainsKey(f.Key)).Select(f => $"Handlungsfeld {f.Number}: {f.Name}").ToList(),
            before.Where(f => !newFields.ContainsKey(f.Key)).Select(f => $"Handlungsfeld {f.Number}: {f.Name}").ToList(),
            fieldsChanged,
            next.Criteria.Where(c => !oldCriteria.ContainsKey(c.Id)).Select(c => $"{c.Id}: {c.Text}").ToList(),
            (previous?.Criteria ?? []).Where(c => !newCriteria.ContainsKey(c.Id)).Select(c => $"{c.Id}: {c.Text}").ToList(),
            criteriaChanged,
            forms,
            previous is not null && previous.Title != next.Title ? $"Titel „{previous.Title}“ → „{next.Title}“" : null);
    }

    private static bool SameForm(ShortForm a, ShortForm b) =>
        a.Description == b.Description && a.Asked.SequenceEqual(b.Asked) &&
        (a.Questions ?? []).SequenceEqual(b.Questions ?? []);
}

/// <summary>#15 H4: what a scoring scheme import changes against the version before it: points per answer, levels (bound and label).</summary>
public sealed record SchemeChanges(
    IReadOnlyList<string> PointsChanged,
    IReadOnlyList<string> LevelsAdded,
    IReadOnlyList<string> LevelsRemoved,
    IReadOnlyList<string> LevelsChanged,
    string? TitleChanged)
{
    public bool None => PointsChanged.Count + LevelsAdded.Count + LevelsRemoved.Count + LevelsChanged.Count == 0 && TitleChanged is null;

    public static SchemeChanges Between(ScoringScheme? previous, ScoringScheme next)
    {
        var points = Answers.Scale
            .Where(a => previous is not null && previous.Points.GetValueOrDefault(a) != next.Points.GetValueOrDefault(a))
            .Select(a => $"„{a}“: {previous!.Points.GetValueOrDefault(a)} → {next.Points.GetValueOrDefault(a)} Punkte")
            .ToList();
        var oldLevels = (previous?.Levels ?? []).ToDictionary(l => l.Level);
        var newLevels = next.Levels.ToDictionary(l => l.Level);
        var changed = new List<string>();
        foreach (var l in next.Levels.OrderBy(l => l.Level).Where(l => oldLevels.ContainsKey(l.Level)))
        {
            var o = oldLevels[l.Level];
            if (o.LowerBound != l.LowerBound) changed.Add($"Stufe {l.Level}: ab {o.From} → ab {l.From}");
            if (o.Label != l.Label) changed.Add($"Stufe {l.Level}: „{o.Label}“ → „{l.Label}“");
        }

        return new SchemeChanges(
            points,
            next.Levels.OrderBy(l => l.Level).Where(l => !oldLevels.ContainsKey(l.Level)).Select(l => $"Stufe {l.Level} ab {l.From}: {l.Label}").ToList(),
            (previous?.Levels ?? []).OrderBy(l => l.Level).Where(l => !newLevels.ContainsKey(l.Level)).Select(l => $"Stufe {l.Level} ab {l.From}: {l.Label}").ToList(),
            changed,
            previous is not null && previous.Title != next.Title ? $"Titel „{previous.Title}“ → „{next.Title}“" : null);
    }
}
