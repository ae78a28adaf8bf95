using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>Guards of the command path (#7): rules stay in Workflow, endpoints only send commands, the README's layout table is true.</summary>
public partial class CommandPathTests
{
    private static readonly Assembly HostAssembly = typeof(KommunenEndpoints).Assembly;
    /// <summary>Every value with a single definition in Workflow: statuses, kinds, sources, reasons, sectors, phases.</summary>
    private static IReadOnlyList<string> WorkflowValues() =>
    [
        .. new[] { typeof(ActionStatus), typeof(MilestoneStatus), typeof(MilestoneKinds), typeof(MilestoneSources), typeof(ReminderKinds), typeof(ReminderStatus),
                typeof(WorkshopStatus), typeof(RoundKinds), typeof(EvaluationReasons) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
        .. Sectors.All,
        .. Enum.GetNames<Phase>(),
    ];

    [Theory]
    [InlineData("src/Selbstcheck.Host")]
    [InlineData("src/Selbstcheck.Projections")]
    public void no_status_phase_or_kind_is_spelled_outside_workflow(string project)
    {
        var values = WorkflowValues().ToHashSet(StringComparer.Ordinal);
        Assert.Contains("in Arbeit", values);
        Assert.Contains("Umsetzung", values);
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Internal{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(sources);

        // Attribute arguments (OpenAPI tags such as "Workshop") name documentation sections, not values.
        var spelled = sources.SelectMany(f => File.ReadLines(f).Where(line => !line.TrimStart().StartsWith('['))
                .SelectMany(line => StringLiteral().Matches(line)).Select(m => (File: Path.GetFileName(f), Value: m.Groups[1].Value)))
            .Where(x => values.Contains(x.Value))
            .Select(x => $"{x.File}: \"{x.Value}\"")
            .Distinct()
            .ToList();

        Assert.True(spelled.Count == 0, $"{project} spells these values itself instead of using Workflow's definitions: {string.Join(", ", spelled)}");
    }

    /// <summary>A plain string literal (not verbatim, not raw), its content without the quotes.</summary>
    [GeneratedRegex(@"(?<![@$\w])""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex StringLiteral();

    [Fact]
    public void no_endpoint_looks_the_kommune_up_before_it_sends_a_command()
    {
        var lookups = typeof(KommuneLookup).GetMethods(BindingFlags.Public | BindingFlags.Static).ToHashSet<MethodBase>();
        var endpoints = HostAssembly.GetTypes().Where(t => t.Namespace == typeof(KommunenEndpoints).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(IMessageBus)))
            .ToList();
        Assert.True(endpoints.Count > 30, $"expected the command endpoints, found {endpoints.Count}");

        // A read of the Kommune after the command (the reply of a registration) is fine; a check before it is not.
        var offenders = endpoints.Where(m => CallsThroughHelpers(m).TakeWhile(c => c.Name is not ("InvokeAs" or "InvokeAsync")).Any(lookups.Contains))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();

        Assert.True(offenders.Count == 0, $"these endpoints check existence themselves before the command: {string.Join(", ", offenders)}");
        Assert.All(endpoints, m => Assert.Contains(CallsThroughHelpers(m), c => c.Name is "InvokeAs" or "InvokeAsync"));
    }

    [Fact]
    public void the_readmes_layout_table_names_at_most_four_existing_files_for_every_command()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var rows = LayoutRow().Matches(readme).ToDictionary(m => m.Groups["command"].Value, m => FileName().Matches(m.Groups["files"].Value).Select(f => f.Groups[1].Value).ToList());
        var commands = typeof(IKommuneCommand).Assembly.GetTypes().Where(t => t.IsClass && typeof(IKommuneCommand).IsAssignableFrom(t)).Select(t => t.Name).ToList();

        Assert.DoesNotContain(commands, c => !rows.ContainsKey(c));
        Assert.All(rows, row =>
        {
            Assert.InRange(row.Value.Count, 2, 4);
            Assert.All(row.Value, file => Assert.True(File.Exists(Path.Combine(root, file)), $"{row.Key}: {file} does not exist"));
            Assert.Contains(row.Value, file => File.ReadAllText(Path.Combine(root, file)).Contains($"record {row.Key}(", StringComparison.Ordinal));
        });
    }

    [GeneratedRegex(@"^\| `(?<command>[A-Z][A-Za-z]+)` \|(?<files>[^\n]*)\|\s*$", RegexOptions.Multiline)]
    private static partial Regex LayoutRow();

    [GeneratedRegex(@"`((?:src|tests)/[^`]+\.cs)`")]
    private static partial Regex FileName();

    /// <summary>
    /// The command pipeline (context, event metadata, timestamps) runs once per command, in its
    /// handler — never around an HTTP endpoint that merely sends the command (it would open a
    /// second session and read an empty envelope). Read from Wolverine's committed generated code.
    /// </summary>
    [Fact]
    public void the_command_pipeline_wraps_every_kommune_command_handler_and_no_endpoint()
    {
        var generated = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src/Selbstcheck.Host/Internal/Generated/WolverineHandlers"), "*.cs")
            .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Code: File.ReadAllText(f)))
            .ToList();
        const string Pipeline = "CommandPipeline.CommandMiddleware.Before(";

        var endpoints = generated.Where(g => g.Code.Contains(": Wolverine.Http.HttpHandler", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(endpoints);
        var wrappedEndpoints = endpoints.Where(e => e.Code.Contains(Pipeline, StringComparison.Ordinal)).Select(e => e.Name).ToList();
        Assert.True(wrappedEndpoints.Count == 0, $"endpoints running the command pipeline themselves: {string.Join(", ", wrappedEndpoints)}");

        var commands = typeof(IKommuneCommand).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IKommuneCommand))).ToList();
        Assert.NotEmpty(commands);
        var unwrapped = commands
            .Where(c => !generated.Any(g => g.Name.StartsWith(c.Name + "Handler", StringComparison.Ordinal) && g.Code.Contains(Pipeline, StringComparison.Ordinal)))
            .Select(c => c.Name)
            .ToList();
        Assert.True(unwrapped.Count == 0, $"command handlers without the command pipeline: {string.Join(", ", unwrapped)}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Selbstcheck.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("repository root not found");
    }

    /// <summary>The methods a method calls — for an async method, those of its state machine.</summary>
    /// <summary>
    /// The calls of an endpoint, with those of the helpers it shares with the pages inlined (a static method of the
    /// endpoints' namespace that takes the bus, e.g. QuestionnaireEndpoints.AddRespondentWithLink), in order.
    /// </summary>
    private static IEnumerable<MethodBase> CallsThroughHelpers(MethodInfo method, int depth = 0)
    {
        foreach (var called in Calls(method))
        {
            yield return called;
            if (depth < 2 && called is MethodInfo { IsStatic: true } helper && helper.DeclaringType?.Namespace == typeof(KommunenEndpoints).Namespace &&
                helper.GetParameters().Any(p => p.ParameterType == typeof(IMessageBus)))
            {
                foreach (var inner in CallsThroughHelpers(helper, depth + 1)) yield return inner;
            }
        }
    }

    private static IEnumerable<MethodBase> Calls(MethodInfo method)
    {
        var body = method.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic) ?? method;
        var il = body.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? TwoByte[il[i + 1]] : OneByte[il[i]];
            i += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                MethodBase? called = null;
                try
                {
                    called = body.Module.ResolveMethod(BitConverter.ToInt32(il, i), body.DeclaringType?.GetGenericArguments(), null);
                }
                catch (ArgumentException)
                {
                    // a generic method of another context: not one of ours
                }

                if (called is not null) yield return called;
            }

            i += OperandSize(code, il, i);
        }
    }

    private static readonly OpCode[] AllOpCodes = typeof(OpCodes).GetFields().Select(f => (OpCode)f.GetValue(null)!).ToArray();
    private static readonly IReadOnlyDictionary<byte, OpCode> OneByte = AllOpCodes.Where(c => c.Size == 1).ToDictionary(c => (byte)c.Value);
    private static readonly IReadOnlyDictionary<byte, OpCode> TwoByte = AllOpCodes.Where(c => c.Size == 2).ToDictionary(c => (byte)(c.Value & 0xFF));

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
