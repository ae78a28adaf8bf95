using JasperFx.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Selbstcheck.Host.Access;

public sealed class TokenInput : NetCoreInput
{
    [Description("programmteam, prozessbegleitung, kommune, audit or teilnehmende")]
    public string Role { get; set; } = "";

    [Description("Kommune id (kommune, teilnehmende) or person id (prozessbegleitung)")]
    public string? Subject { get; set; }

    [Description("Lifetime in hours (default 12)")]
    public int HoursFlag { get; set; } = 12;

    [Description("audit only: grant access to personal data")]
    public bool PersonalDataFlag { get; set; }
}

/// <summary>ops/token: prints a bearer token signed with the local key, on the last line. Needs the database, not the service.</summary>
[Description("Print a bearer token for the local setup (signed with the key kept in the database)")]
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

        try
        {
            var token = await host.Services.GetRequiredService<TokenIssuer>()
                .IssueAsync(input.Role, input.Subject, TimeSpan.FromHours(input.HoursFlag), input.PersonalDataFlag);
            Console.WriteLine(token);
            return true;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
    }
}
