using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Selbstcheck.SmtpSink;

/// <summary>
/// A minimal SMTP server (RFC 5321 subset, no TLS, no AUTH, no PIPELINING) on 127.0.0.1 that
/// accepts every message and keeps it in memory and, optionally, as an .eml file.
/// </summary>
public sealed class SmtpSinkServer : IAsyncDisposable
{
    private const string HostName = "selbstcheck-sink";
    private const int MaxMessageSize = 10 * 1024 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly SmtpSinkOptions _options;
    private readonly Lock _gate = new();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<Waiter> _waiters = [];
    private readonly ConcurrentDictionary<Socket, byte> _clients = new();
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private readonly CancellationTokenSource _shutdown = new();
    private TcpListener? _listener;
    private bool _down, _started, _disposed;
    private int _port, _fileCounter, _abandoned;

    public SmtpSinkServer(SmtpSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _port = options.Port;
        _down = options.Down;
    }

    /// <summary>The actual port (known after <see cref="StartAsync"/>, also while <see cref="Down"/>).</summary>
    public int Port { get { lock (_gate) return _port; } }

    /// <summary>Messages whose client vanished before the final DATA reply was given.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>A snapshot of the accepted messages, oldest first.</summary>
    public IReadOnlyList<ReceivedMessage> Messages { get { lock (_gate) return _messages.ToArray(); } }

    /// <summary>When true, the listener is closed and connection attempts are refused at TCP level.</summary>
    public bool Down
    {
        get { lock (_gate) return _down; }
        set
        {
            lock (_gate)
            {
                if (_down == value) return;
                if (_started && !_disposed)
                {
                    if (value) StopListener();
                    else StartListener();
                }
                _down = value;
            }
        }
    }

    public Task StartAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started) throw new InvalidOperationException("The server is already started.");
            if (_options.MailDirectory is { } mail) Directory.CreateDirectory(mail);
            if (_options.ControlDirectory is { } control) Directory.CreateDirectory(control);
            if (!_down) StartListener();
            else if (_port == 0) _port = ReservePort();
            _started = true;
        }
        return Task.CompletedTask;
    }

    /// <summary>Forgets the accepted messages (files in the mail directory stay).</summary>
    public void Clear()
    {
        lock (_gate) _messages.Clear();
    }

    /// <summary>The first accepted message (already received or arriving later) matching <paramref name="predicate"/>.</summary>
    /// <exception cref="TimeoutException">No such message within <paramref name="timeout"/>.</exception>
    public async Task<ReceivedMessage> WaitForMessageAsync(Func<ReceivedMessage, bool> predicate, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var waiter = new Waiter(predicate, new(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_messages.FirstOrDefault(predicate) is { } existing) return existing;
            _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching message arrived at the SMTP sink within {timeout}.");
        }
        finally
        {
            lock (_gate) _waiters.Remove(waiter);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            StopListener();
        }
        await _shutdown.CancelAsync();
        foreach (var client in _clients.Keys) client.Dispose();
        await Task.WhenAll(_tasks.Keys);
        // _shutdown is not disposed: a connection accepted in the last moment may still read its token.
    }

    // Called under _gate. Binds _port (0 on first start picks a free one).
    private void StartListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, _port);
        listener.Start();
        _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        Track(AcceptLoopAsync(listener));
    }

    // Called under _gate. Dispose stops the listener and closes its socket: the port refuses connections.
    private void StopListener()
    {
        var listener = _listener;
        _listener = null;
        listener?.Dispose();
    }

    // Down from the start with port 0: bind (without listening) once to learn a free port number.
    private static int ReservePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private void Track(Task task)
    {
        _tasks.TryAdd(task, 0);
        _ = task.ContinueWith(t => _tasks.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_shutdown.Token);
            }
            catch (Exception) when (_shutdown.IsCancellationRequested || Volatile.Read(ref _listener) != listener)
            {
                return; // stopped (Down or disposed)
            }
            catch (Exception ex)
            {
                Log($"accept failed: {ex.Message}");
                await Task.Delay(100);
                continue;
            }
            _clients.TryAdd(socket, 0);
            Track(Task.Run(() => HandleConnectionAsync(socket)));
        }
    }

    private async Task HandleConnectionAsync(Socket socket)
    {
        var ct = _shutdown.Token;
        var remote = "?";
        var session = new Session();
        try
        {
            remote = socket.RemoteEndPoint?.ToString() ?? remote;
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false);
            async Task Reply(string text) => await stream.WriteAsync(Utf8.GetBytes(text + "\r\n"), ct);

            await Reply($"220 {HostName} ESMTP");
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var space = line.IndexOf(' ');
                var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
                var argument = space < 0 ? "" : line[(space + 1)..].Trim();
                if (verb == "QUIT")
                {
                    await Reply("221 2.0.0 Bye");
                    return;
                }
                if (verb != "DATA" || argument.Length > 0 || session.Recipients.Count == 0)
                {
                    await Reply(Execute(session, verb, argument));
                    continue;
                }

                await Reply("354 End data with <CR><LF>.<CR><LF>");
                var (complete, data) = await ReadDataAsync(reader, ct);
                if (!complete)
                {
                    Interlocked.Increment(ref _abandoned);
                    Log($"abandoned message from {session.ClientName}: connection closed during DATA");
                    return;
                }
                if (data is null)
                    await Reply("552 5.3.4 Message size exceeds fixed limit");
                else if (!await FinishMessageAsync(socket, session, data, Reply, ct))
                    return;
                session.Reset();
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // server shutdown
        }
        catch (Exception ex)
        {
            Log($"connection {remote} failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _clients.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    // Every command except QUIT and a valid DATA; returns the reply.
    private static string Execute(Session session, string verb, string argument)
    {
        switch (verb)
        {
            case "EHLO" or "HELO" when argument.Length == 0:
                return $"501 5.5.4 Syntax: {verb} hostname";
            case "EHLO" or "HELO":
                session.ClientName = argument;
                session.Reset();
                return verb == "HELO"
                    ? $"250 {HostName}"
                    : $"250-{HostName}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE {MaxMessageSize}";
            case "MAIL" when session.ClientName is null:
                return "503 5.5.1 Send EHLO first";
            case "MAIL" when session.MailFrom is not null:
                return "503 5.5.1 Nested MAIL command";
            case "MAIL":
                if (ParsePath(argument, "FROM:") is not { } from) return "501 5.5.4 Syntax: MAIL FROM:<address>";
                session.MailFrom = from;
                return "250 2.1.0 Ok";
            case "RCPT" when session.MailFrom is null:
                return "503 5.5.1 Need MAIL command";
            case "RCPT":
                if (ParsePath(argument, "TO:") is not { Length: > 0 } to) return "501 5.5.4 Syntax: RCPT TO:<address>";
                session.Recipients.Add(to);
                return "250 2.1.5 Ok";
            case "DATA" when argument.Length > 0:
                return "501 5.5.4 Syntax: DATA";
            case "DATA":
                return "503 5.5.1 Need RCPT command";
            case "RSET":
                session.Reset();
                return "250 2.0.0 Ok";
            case "NOOP":
                return "250 2.0.0 Ok";
            case "VRFY":
                return "252 2.5.0 Cannot VRFY user, but will accept message";
            default:
                return "502 5.5.2 Command not recognized";
        }
    }

    // "FROM:<a@b> BODY=8BITMIME" -> "a@b"; parameters after the path are ignored.
    private static string? ParsePath(string argument, string prefix)
    {
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var path = argument[prefix.Length..].TrimStart();
        if (!path.StartsWith('<')) return path.Split(' ')[0] is { Length: > 0 } bare ? bare : null;
        var end = path.IndexOf('>');
        return end < 0 ? null : path[1..end];
    }

    // Reads up to the "." line. complete = false: the connection closed first; data = null: too large.
    private static async Task<(bool Complete, string? Data)> ReadDataAsync(StreamReader reader, CancellationToken ct)
    {
        var data = new StringBuilder();
        var tooLarge = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line == ".") return (true, tooLarge ? null : data.ToString());
            if (line.StartsWith('.')) line = line[1..]; // dot-unstuffing
            tooLarge |= data.Length + line.Length + 2 > MaxMessageSize;
            if (!tooLarge) data.Append(line).Append("\r\n");
        }
        return (false, null);
    }

    // Honours the hold file, then stores and confirms the message. False: the client is gone.
    private async Task<bool> FinishMessageAsync(
        Socket socket, Session session, string data, Func<string, Task> reply, CancellationToken ct)
    {
        string? heldFile = null;
        try
        {
            if (_options.ControlDirectory is { } control && File.Exists(Path.Combine(control, "hold")))
            {
                heldFile = Path.Combine(control, "held");
                WriteAtomically(heldFile, session.ClientName + "\n");
                Log($"holding message from {session.ClientName} until {Path.Combine(control, "hold")} is removed");
                while (File.Exists(Path.Combine(control, "hold")))
                    await Task.Delay(100, ct);
                if (IsClientGone(socket))
                {
                    Interlocked.Increment(ref _abandoned);
                    Log($"abandoned message from {session.ClientName}: client disconnected while held");
                    return false;
                }
            }
            try
            {
                Store(new ReceivedMessage(session.ClientName!, session.MailFrom!, session.Recipients.ToArray(), data,
                    DateTimeOffset.UtcNow));
            }
            catch (IOException ex)
            {
                Log($"storing message from {session.ClientName} failed: {ex.Message}");
                await reply("451 4.3.0 Could not store message");
                return true;
            }
            await reply("250 2.0.0 Ok: queued");
            return true;
        }
        finally
        {
            if (heldFile is not null) File.Delete(heldFile);
        }
    }

    private static bool IsClientGone(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private void Store(ReceivedMessage message)
    {
        if (_options.MailDirectory is { } directory)
        {
            var stamp = message.ReceivedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            var counter = Interlocked.Increment(ref _fileCounter);
            WriteAtomically(Path.Combine(directory, $"{stamp}-{counter:D6}.eml"), message.Data);
        }
        lock (_gate)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters)
            {
                try
                {
                    if (waiter.Predicate(message)) waiter.Completion.TrySetResult(message);
                }
                catch (Exception ex)
                {
                    waiter.Completion.TrySetException(ex);
                }
            }
        }
        Log($"accepted {message.Header("Message-ID") ?? "(no Message-ID)"} from {message.ClientName} " +
            $"to {string.Join(", ", message.Recipients)}");
    }

    private static void WriteAtomically(string path, string content)
    {
        var temporary = Path.ChangeExtension(path, ".tmp");
        File.WriteAllText(temporary, content, Utf8);
        File.Move(temporary, path, overwrite: true);
    }

    private void Log(string line) => _options.Log?.WriteLine(line);

    private sealed record Waiter(Func<ReceivedMessage, bool> Predicate, TaskCompletionSource<ReceivedMessage> Completion);

    private sealed class Session
    {
        public string? ClientName { get; set; }
        public string? MailFrom { get; set; }
        public List<string> Recipients { get; } = [];

        public void Reset()
        {
            MailFrom = null;
            Recipients.Clear();
        }
    }
}
