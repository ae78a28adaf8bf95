using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Access;

public static class ProgrammeActions
{
    /// <summary>A programme-level change made by a request: its caller, its correlation id, the request as the cause.</summary>
    public static ProgrammeAction Of(HttpContext context) =>
        new(Caller.ActorOf(context.User), Correlation.Get(context), $"http/{context.TraceIdentifier}");
}
