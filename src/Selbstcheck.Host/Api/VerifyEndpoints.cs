using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Audit;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>Tamper evidence for auditors: does a Kommune's stream still match its hash chain?</summary>
public static class VerifyEndpoints
{
    [WolverineGet("/api/kommunen/{id}/verify", OperationId = "verifyKommuneChain")]
    [Tags("Audit")]
    public static async Task<ChainVerification> Get(string id, IQuerySession session, ChainVerifier verifier, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        return await verifier.VerifyAsync(id, ct);
    }
}
