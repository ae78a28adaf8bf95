using JasperFx.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Selbstcheck.Host.Access;

public sealed class TokenInput : NetCoreInput
{
    [Description("programmteam, prozessbegleitung, kommune, einheit, audit or teilnehmende")]
    public string Role { get; set; } = "";

    [Description("Kommune id (kommune, teilnehmende), KOMMUNE/UNIT-KEY (einheit) or person id (prozessbegleitung)")]
    public string? Subject { get; set; }

    [Description("Lifetime in hours (default 12, at most Selbstcheck:Auth:MaxTokenHours)")]
    public int HoursFlag { get; set; } = 12;

    [Description("The person the token is for (login name, email …; default: the OS user). Mapped to a stable opaque user id")]
    public string? UserFlag { get; set; }

    [Description("audit only: grant access to personal data")]
    public bool PersonalDataFlag { get; set; }
}

/// <summary>ops/token: prints a bearer token signed with the local key, on the last line. Needs the database, not the service.</summary>
[Description("Print a bearer token for the local setup (signed with the local key kept sealed in the database)")]
public sealed class TokenCommand : JasperFxAsyncCommand<TokenInput>
{
    public TokenCommand()
    {
        Usage("A token for a role without subject").Arguments(x => x.Role);
        Usage("A token for a role with its subject").Arguments(x => x.Role, x => x.Subject!);
    }

    public override async Task<bool> Execute(TokenInput input)
    {
        using var host = input.BuildHost();
        var settings = host.Services.GetRequiredService<Infrastructure.SelbstcheckSettings>();
        if (!string.IsNullOrWhiteSpace(settings.Auth.Authority))
        {
            await Console.Error.WriteLineAsync($"Tokens come from the identity provider at {settings.Auth.Authority}, not from the local key.");
            return false;
        }

        if (LocalKeyPolicy.Refusal(settings, host.Services.GetRequiredService<IHostEnvironment>()) is { } refusal)
        {
            await Console.Error.WriteLineAsync(refusal);
            return false;
        }

        try
        {
            var user = input.UserFlag ?? Environment.UserName;
            var token = await host.Services.GetRequiredService<TokenIssuer>()
                .IssueAsync(input.Role, input.Subject, TimeSpan.FromHours(input.HoursFlag), user, input.PersonalDataFlag);
            Console.WriteLine(token);
            return true;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return false;
        }
    }
}

public sealed class KeysInput : NetCoreInput
{
    [Description("list, rotate or retire")]
    public string Action { get; set; } = "list";

    [Description("retire: the key id")]
    public string? KeyId { get; set; }

    [Description("rotate: sign with the new key at once (single node or all nodes restarted; otherwise it waits until every node has loaded it)")]
    public bool NowFlag { get; set; }
}

/// <summary>Local signing keys: list them, add the next (rotate), retire an old one.</summary>
[Description("Manage the local signing keys: list, rotate (a new key signs, the old ones keep validating), retire KEY-ID")]
public sealed class KeysCommand : JasperFxAsyncCommand<KeysInput>
{
    public KeysCommand()
    {
        Usage("list or rotate").Arguments(x => x.Action);
        Usage("retire a key").Arguments(x => x.Action, x => x.KeyId!);
    }

    public override async Task<bool> Execute(KeysInput input)
    {
        using var host = input.BuildHost();
        var keys = host.Services.GetRequiredService<SigningKeys>();
        try
        {
            switch (input.Action)
            {
                case "rotate":
                    var added = await keys.RotateAsync(input.NowFlag ? DateTimeOffset.UtcNow : null);
                    Console.WriteLine($"added {added.Id}, signs from {added.ActiveFrom:O}; the older keys keep validating until retired (keys retire KEY-ID)");
                    break;
                case "retire":
                    if (input.KeyId is null) throw new ArgumentException("name the key id to retire");
                    await keys.RetireAsync(input.KeyId);
                    Console.WriteLine($"retired {input.KeyId}; its tokens stop validating within Selbstcheck:Keys:RefreshSeconds on every node");
                    break;
                case "list":
                    break;
                default:
                    throw new ArgumentException($"unknown action {input.Action} (list, rotate, retire)");
            }

            await keys.ReloadAsync();
            foreach (var key in await keys.LoadAsync())
            {
                Console.WriteLine($"{key.Id}\tcreated {key.CreatedAt:O}\tsigns from {key.ActiveFrom:O}\t{(key.RetiredAt is { } r ? $"retired {r:O}" : "valid")}");
            }

            return true;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return false;
        }
    }
}
