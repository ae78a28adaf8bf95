using System.Net;
using System.Runtime.InteropServices;
using Selbstcheck.SmtpSink;

const string Usage = "usage: Selbstcheck.SmtpSink --port 2525 --dir PATH [--control PATH]";

var options = new SmtpSinkOptions { Port = 2525, Log = Console.Out };
for (var i = 0; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port" when int.TryParse(value, out var port) && port is >= 0 and <= IPEndPoint.MaxPort:
            options.Port = port;
            break;
        case "--dir" when value is not null:
            options.MailDirectory = value;
            break;
        case "--control" when value is not null:
            options.ControlDirectory = value;
            break;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
if (options.MailDirectory is null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

// Run until SIGTERM or Ctrl+C, then shut down cleanly.
var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.TrySetResult();
}
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using var server = new SmtpSinkServer(options);
await server.StartAsync();
Console.WriteLine($"listening on 127.0.0.1:{server.Port}");
await stopped.Task;
Console.WriteLine("stopping");
return 0;
