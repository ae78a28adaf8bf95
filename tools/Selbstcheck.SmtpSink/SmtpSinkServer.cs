using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Selbstcheck.SmtpSink;

/// <summary>
/// A loopback SMTP server for tests and the dev environment (the SmtpServer package, no TLS, no
/// AUTH): accepts every message and keeps it in memory and, optionally, as an .eml file. Tests can
/// take it down (connections refused) and up again on the same port, and hold a message's final DATA
/// reply while a "hold" file exists in the control directory (crash tests: a client that dies
/// meanwhile is not delivered to).
/// </summary>
public sealed class SmtpSinkServer : IAsyncDisposable
{
    private const string HostName = "selbstcheck-sink";
    private const int MaxMessageSize = 10 * 1024 * 1024;

    private readonly SmtpSinkOptions _options;
    private readonly Lock _gate = new();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<Waiter> _waiters = [];
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
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

    /// <summary>
    /// A slow server for chosen recipients (tests of delivery deadlines): a session with a matching
    /// RCPT TO answers that RCPT, the DATA command and the end of the message each after
    /// <see cref="SlowStep"/> — every step within a client's per-step timeout, together longer.
    /// </summary>
    public Func<string, bool>? SlowRecipients { get; set; }

    public TimeSpan SlowStep { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Messages whose client vanished before the final DATA reply was given.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>A snapshot of the accepted messages, oldest first.</summary>
    public IReadOnlyList<ReceivedMessage> Messages { get { lock (_gate) return _messages.ToArray(); } }

    /// <summary>When true, the server is stopped and connection attempts are refused at TCP level.</summary>
    public bool Down
    {
        get { lock (_gate) return _down; }
        set
        {
            Task? stopping = null;
            lock (_gate)
            {
                if (_down == value) return;
                if (_started && !_disposed)
                {
                    if (value) stopping = StopServer();
                    else StartServer();
                }

                _down = value;
            }

            stopping?.GetAwaiter().GetResult();
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
            if (!_down) StartServer();
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
        Task? stopping;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            stopping = StopServer();
        }

        await stopping;
    }

    // Called under _gate. Listens on _port (0 on first start picks a free one); the listener exists once StartAsync returns.
    private void StartServer()
    {
        var listeners = new LoopbackListenerFactory();
        var options = new SmtpServerOptionsBuilder()
            .ServerName(HostName)
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, _port)))
            .MaxMessageSize(MaxMessageSize, MaxMessageSizeHandling.Strict)
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new SinkStore(this));
        services.Add(new SlowFilter(this));
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) =>
        {
            if (c.Command is EhloCommand ehlo) c.Context.Properties[ClientNameKey] = ehlo.DomainOrAddress;
            else if (c.Command is HeloCommand helo) c.Context.Properties[ClientNameKey] = helo.DomainOrAddress;
            else if (c.Command is DataCommand && c.Context.Properties.ContainsKey(SlowKey)) Thread.Sleep(SlowStep); // the event is synchronous
        };
        _running = server.StartAsync(CancellationToken.None);
        _port = listeners.Port ?? throw new InvalidOperationException("The SMTP sink did not start listening.", _running.Exception);
        _server = server;
    }

    // Called under _gate. Shutdown stops the listener (the port refuses connections) and cancels the sessions.
    private Task StopServer()
    {
        var (server, running) = (_server, _running);
        _server = null;
        _running = null;
        if (server is null || running is null) return Task.CompletedTask;
        server.Shutdown();
        return Stopped(server, running);

        static async Task Stopped(SmtpServer.SmtpServer server, Task running)
        {
            await server.ShutdownTask;
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // sessions cancelled by the shutdown
            }
        }
    }

    // Down from the start with port 0: bind (without listening) once to learn a free port number.
    private static int ReservePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private const string ClientNameKey = "selbstcheck:client-name";
    private const string SocketKey = "selbstcheck:socket";
    private const string SlowKey = "selbstcheck:slow";

    // Honours the hold file, then stores and confirms the message; a client that vanished meanwhile gets nothing stored.
    private async Task<SmtpResponse> AcceptAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
    {
        var clientName = context.Properties.TryGetValue(ClientNameKey, out var name) ? name as string ?? "" : "";
        if (_options.ControlDirectory is { } control && File.Exists(Path.Combine(control, "hold")))
        {
            var heldFile = Path.Combine(control, "held");
            try
            {
                WriteAtomically(heldFile, clientName + "\n");
                Log($"holding message from {clientName} until {Path.Combine(control, "hold")} is removed");
                while (File.Exists(Path.Combine(control, "hold"))) await Task.Delay(100, ct);
                if (context.Properties.TryGetValue(SocketKey, out var s) && s is Socket socket && IsClientGone(socket))
                {
                    Interlocked.Increment(ref _abandoned);
                    Log($"abandoned message from {clientName}: client disconnected while held");
                    return new SmtpResponse(SmtpReplyCode.Aborted, "client gone");
                }
            }
            finally
            {
                File.Delete(heldFile);
            }
        }

        if (context.Properties.ContainsKey(SlowKey))
        {
            await Task.Delay(SlowStep, ct);
            if (context.Properties.TryGetValue(SocketKey, out var s) && s is Socket socket && IsClientGone(socket))
            {
                Interlocked.Increment(ref _abandoned);
                Log($"abandoned message from {clientName}: client disconnected while the slow server answered");
                return new SmtpResponse(SmtpReplyCode.Aborted, "client gone");
            }
        }

        var message = new ReceivedMessage(
            clientName,
            Address(transaction.From),
            transaction.To.Select(Address).ToArray(),
            Encoding.UTF8.GetString(buffer.ToArray()),
            DateTimeOffset.UtcNow);
        try
        {
            Store(message);
        }
        catch (IOException ex)
        {
            Log($"storing message from {clientName} failed: {ex.Message}");
            return new SmtpResponse(SmtpReplyCode.Aborted, "could not store message");
        }

        return SmtpResponse.Ok;
    }

    private static string Address(SmtpServer.Mail.IMailbox? mailbox) =>
        mailbox is null || string.IsNullOrEmpty(mailbox.User) ? "" : string.IsNullOrEmpty(mailbox.Host) ? mailbox.User : $"{mailbox.User}@{mailbox.Host}";

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

        Log($"accepted {message.Header("Message-ID") ?? "(no Message-ID)"} from {message.ClientName} to {string.Join(", ", message.Recipients)}");
    }

    private static void WriteAtomically(string path, string content)
    {
        var temporary = Path.ChangeExtension(path, ".tmp");
        File.WriteAllText(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }

    private void Log(string line) => _options.Log?.WriteLine(line);

    private sealed record Waiter(Func<ReceivedMessage, bool> Predicate, TaskCompletionSource<ReceivedMessage> Completion);

    private sealed class SlowFilter(SmtpSinkServer sink) : MailboxFilter
    {
        public override async Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken ct)
        {
            if (sink.SlowRecipients is { } slow && slow(Address(to)))
            {
                context.Properties[SlowKey] = true;
                await Task.Delay(sink.SlowStep, ct);
            }

            return true;
        }
    }

    private sealed class SinkStore(SmtpSinkServer sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct) =>
            sink.AcceptAsync(context, transaction, buffer, ct);
    }

    /// <summary>SmtpServer's own listener, except that each session knows its socket (to tell whether a held client is still there).</summary>
    private sealed class LoopbackListenerFactory : IEndpointListenerFactory
    {
        public int? Port { get; private set; }

        public IEndpointListener CreateListener(IEndpointDefinition endpoint)
        {
            var listener = new TcpListener(endpoint.Endpoint);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            return new Listener(listener);
        }

        private sealed class Listener(TcpListener listener) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken ct)
            {
                var client = await listener.AcceptTcpClientAsync(ct);
                context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
                context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
                context.Properties[SocketKey] = client.Client;
                return new PlainPipe(client);
            }

            public void Dispose() => listener.Stop();
        }
    }

    /// <summary>A duplex pipe over a TCP connection, without TLS (loopback only).</summary>
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();

        public PipeReader Input => field ??= PipeReader.Create(_stream);

        public PipeWriter Output => field ??= PipeWriter.Create(_stream);

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The sink speaks no TLS.");

        public void Dispose()
        {
            _stream.Dispose();
            client.Dispose();
        }
    }
}
