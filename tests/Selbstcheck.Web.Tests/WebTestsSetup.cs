using System.Runtime.CompilerServices;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Web.Tests;

internal static class WebTestsSetup
{
    /// <summary>
    /// Chromium's and Playwright's temporary files (a failed launch leaves folders behind): a folder this run
    /// removes — short, for Chromium's socket path must stay below 108 characters.
    /// </summary>
    public static readonly string TempFolder = Path.Combine(Path.GetTempPath(), $"selbstcheck-web-{Environment.ProcessId}");

    [ModuleInitializer]
    internal static void Init()
    {
        TestHost.Options = new TestHostOptions
        {
            Database = "webtests",
            Settings = new Dictionary<string, string>
            {
                ["Selbstcheck:Auth:DemoSignIn"] = "true",
                // No job server: the demo's reminders need not go out while the browser looks.
                ["Selbstcheck:JobServer"] = "false",
            },
        };
        if (Directory.Exists(TempFolder)) Directory.Delete(TempFolder, recursive: true);
        Directory.CreateDirectory(TempFolder);
        Environment.SetEnvironmentVariable("TMPDIR", TempFolder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // One handler, in order: the host and its browser stop before the folder they use is removed.
            WebHost.Stop();
            try
            {
                Directory.Delete(TempFolder, recursive: true);
            }
            catch (IOException)
            {
                // a browser process still holding a file: the next run removes the folder first
            }
        };
    }
}
