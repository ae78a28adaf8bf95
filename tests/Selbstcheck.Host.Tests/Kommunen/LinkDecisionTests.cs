using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Tests.Kommunen;

/// <summary>Given the links of a subject, when issuing or revoking, then the Kommune's link events (#12 point 1).</summary>
public class LinkDecisionTests
{
    private static readonly DateTimeOffset Now = new(2020, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly CommandContext Context = new(new Actor("u-1", Roles.Prozessbegleitung), Now);
    private static readonly Guid OldLink = Guid.Parse("0191b7c4-5a2e-7c3e-9a53-000000000001");
    private static readonly Guid NewLink = Guid.Parse("0191b7c4-5a2e-7c3e-9a53-000000000002");

    private static LinkRecord Valid(Guid id, string kommune = "dessau-rosslau") => new()
    {
        Id = id, Hash = "h", Purpose = LinkPurposes.Befragung, KommuneId = kommune, Subject = "runde-1/r", CreatedAt = Now.AddDays(-1), ExpiresAt = Now.AddDays(30),
    };

    [Fact]
    public void reissuing_revokes_the_subjects_valid_links_then_issues_the_new_one()
    {
        var old = Valid(OldLink);
        var command = new IssueLink("dessau-rosslau", NewLink, LinkPurposes.Befragung, "runde-1/r", "hash", TimeSpan.FromDays(180), ReplaceSubject: true);

        var (record, events) = LinkDecisions.Issue(command, [old], Context);

        Assert.Equal<object>(
            [new LinkRevoked("dessau-rosslau", OldLink, LinkDecisions.Replaced), new LinkIssued("dessau-rosslau", NewLink, LinkPurposes.Befragung, "runde-1/r", Now.AddDays(180))],
            events);
        Assert.Equal((Now, "u-1"), (old.RevokedAt, old.RevokedBy));
        Assert.Equal(("hash", Now, "u-1"), (record.Hash, record.CreatedAt, record.CreatedBy));
    }

    [Fact]
    public void revoking_a_revoked_link_records_nothing()
    {
        var link = Valid(OldLink);
        link.Revoke(Now.AddHours(-1), "u-0");

        Assert.Empty(LinkDecisions.Revoke(new RevokeLink("dessau-rosslau", OldLink), link, Context));
        Assert.Equal([new LinkRevoked("dessau-rosslau", NewLink, null)], LinkDecisions.Revoke(new RevokeLink("dessau-rosslau", NewLink), Valid(NewLink), Context));
    }

    [Fact]
    public void a_link_of_another_kommune_is_not_found_and_stays_valid()
    {
        var foreign = Valid(OldLink, "halle");

        var e = Assert.Throws<NotFound>(() => LinkDecisions.Revoke(new RevokeLink("dessau-rosslau", OldLink), foreign, Context));

        Assert.Equal("link-unbekannt", e.Type);
        Assert.Null(foreign.RevokedAt);
    }
}
