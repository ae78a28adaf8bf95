using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Selbstcheck.Host.Infrastructure;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Selbstcheck.Host.Api;

/// <summary>
/// A JSON body that is the literal <c>null</c> deserializes to no object at all: every endpoint with a
/// body answers it with 400 before its method runs (so no endpoint has to think of it).
/// </summary>
public static class RequiredBody
{
    public static IResult Check<T>(T? body, HttpContext context) =>
        body is null ? new Problem(context) : WolverineContinue.Result();

    private sealed class Problem(HttpContext context) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Problems.Write(httpContext, Problems.Create(context, 400,
            "inhalt-fehlt", "Inhalt fehlt", "Die Anfrage braucht ein JSON-Objekt als Inhalt; null ist keines."));
    }

    /// <summary>Adds the check to every Wolverine endpoint that reads a body.</summary>
    public sealed class Policy : IHttpPolicy
    {
        public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.HasRequestType))
            {
                var method = typeof(RequiredBody).GetMethod(nameof(Check))!.MakeGenericMethod(chain.RequestType!);
                var call = new MethodCall(typeof(RequiredBody), method) { CommentText = "A null body is 400" };
                chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
            }
        }
    }
}
