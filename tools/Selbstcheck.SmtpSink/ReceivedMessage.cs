using System.Text;

namespace Selbstcheck.SmtpSink;

/// <summary>A message the sink accepted (answered with 250 after DATA).</summary>
/// <param name="ClientName">The EHLO/HELO argument of the sending client.</param>
/// <param name="MailFrom">The MAIL FROM path without angle brackets ("" for the null sender).</param>
/// <param name="Recipients">The RCPT TO paths without angle brackets, in order.</param>
/// <param name="Data">The raw message, dot-unstuffed, CRLF line endings.</param>
/// <param name="ReceivedAt">When the server accepted the message.</param>
public sealed record ReceivedMessage(
    string ClientName,
    string MailFrom,
    IReadOnlyList<string> Recipients,
    string Data,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The first header named <paramref name="name"/> (case-insensitive), unfolded and trimmed; null if absent.</summary>
    public string? Header(string name)
    {
        StringBuilder? value = null;
        foreach (var line in Data.AsSpan().EnumerateLines())
        {
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                value?.Append(line); // continuation of a folded header
                continue;
            }
            if (value is not null || line.IsEmpty)
                break; // next header after the match, or end of the header block

            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                value = new StringBuilder().Append(line[(colon + 1)..]);
        }
        return value?.ToString().Trim();
    }
}
