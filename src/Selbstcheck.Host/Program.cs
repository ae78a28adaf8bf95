using JasperFx;
using Selbstcheck.Host.Demo;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Reminders;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSelbstcheckLogFilters();
var settings = SelbstcheckSettings.From(builder.Configuration);

builder.Services.AddSelbstcheckCore(settings);
builder.Services.AddSelbstcheckStorage(settings);
builder.Services.AddSelbstcheckJobs(settings);
builder.Services.AddSelbstcheckReminders();
builder.Services.AddSelbstcheckHealth();
builder.Services.AddSelbstcheckApi(settings);
builder.Services.AddSelbstcheckDemo(settings);
builder.Host.UseSelbstcheckWolverine(settings, builder.Environment);

var app = builder.Build();
app.UseSelbstcheckPipeline(settings);

var exitCode = await app.RunJasperFxCommands(args);
// A start refused by a startup check (JasperFx's run reports it but returns 0) fails the process.
return exitCode != 0 ? exitCode : Environment.ExitCode;

/// <summary>Visible to the tests (WebApplicationFactory / Alba).</summary>
public partial class Program;
