using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using IndBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// The Direct Line 3.0 stream (<c>GET …/conversations/{id}/stream</c>, upgraded to a WebSocket): from the watermark in
/// the streamUrl on, every activity set is pushed as soon as it is stored, on whichever instance; an empty message is
/// the heartbeat when nothing happened for <see cref="DirectLineOptions.StreamHeartbeat"/>. Messages from the client
/// are read and ignored (Direct Line clients post through HTTP). One socket per conversation and instance, as Azure's:
/// a newer one closes the older with the reason "collision".
/// </summary>
public sealed partial class DirectLineStreams
{
    private readonly IDirectLineStore _store;
    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DirectLineStreams> _logger;
    private readonly ConcurrentDictionary<string, Session> _open = new(StringComparer.Ordinal);
    private int _count;

    public DirectLineStreams(IDirectLineStore store, IOptionsMonitor<DirectLineOptions> options, TimeProvider timeProvider, ILogger<DirectLineStreams> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>How often the WebSocket itself pings (the heartbeat interval).</summary>
    public TimeSpan KeepAliveInterval => _options.CurrentValue.StreamHeartbeat;

    /// <summary>Streams open on this instance.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>False when this instance holds <see cref="DirectLineOptions.MaxStreams"/> streams already.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _count) <= _options.CurrentValue.MaxStreams)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    /// <summary>Gives back a reservation that did not become a stream.</summary>
    public void Release() => Interlocked.Decrement(ref _count);

    /// <summary>Runs an accepted (reserved) socket until the client closes it, the host stops or a newer socket replaces it.</summary>
    public async Task RunAsync(WebSocket socket, IDirectLineConversation conversation, long watermark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(conversation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var session = new Session(stop);
        _open.AddOrUpdate(conversation.Id, session, (_, older) =>
        {
            older.Collide();
            return session;
        });

        // Wakes the loop when activities arrive; one pending wake-up is enough, the loop reads everything new.
        var appended = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        try
        {
            await using var subscription = await _store.SubscribeAsync(conversation.Id, () => appended.Writer.TryWrite(true), stop.Token).ConfigureAwait(false);
            var receiving = DiscardIncomingAsync(socket, stop);
            LogOpened(Count);
            var next = watermark;
            while (!stop.IsCancellationRequested)
            {
                next = await SendNewAsync(socket, conversation, next, stop.Token).ConfigureAwait(false);
                if (!await WaitAsync(appended.Reader, stop.Token).ConfigureAwait(false))
                {
                    // Heartbeat: an empty message, which Direct Line clients ignore; the open stream keeps the conversation alive.
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, stop.Token).ConfigureAwait(false);
                    await conversation.TouchAsync(stop.Token).ConfigureAwait(false);
                }
            }

            await receiving.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client went away, the host is stopping, or a newer socket took over.
        }
        finally
        {
            _open.TryRemove(new KeyValuePair<string, Session>(conversation.Id, session));
            Release();
            await CloseAsync(socket, session.Collided).ConfigureAwait(false);
        }
    }

    /// <summary>Sends every activity set from <paramref name="watermark"/> on; returns the next watermark.</summary>
    private async Task<long> SendNewAsync(WebSocket socket, IDirectLineConversation conversation, long watermark, CancellationToken cancellationToken)
    {
        var maxPageBytes = _options.CurrentValue.MaxPageBytes;
        while (true)
        {
            var (activities, next) = await conversation.GetFromAsync(watermark, maxPageBytes, cancellationToken).ConfigureAwait(false);
            if (activities.Count == 0)
            {
                return next;
            }

            var set = new DirectLineActivitySet { Activities = activities, Watermark = next.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var json = JsonSerializer.SerializeToUtf8Bytes(set, BotJson.Options);
            await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            watermark = next;
        }
    }

    /// <summary>True when activities were appended, false when the heartbeat interval passed first.</summary>
    private async Task<bool> WaitAsync(ChannelReader<bool> appended, CancellationToken cancellationToken)
    {
        using var heartbeat = new CancellationTokenSource(_options.CurrentValue.StreamHeartbeat, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(heartbeat.Token, cancellationToken);
        try
        {
            return await appended.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (heartbeat.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Reads (and drops) what the client sends, so its close is seen; then stops the session.</summary>
    private static async Task DiscardIncomingAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(WebSocket socket, bool collided)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(
                collided ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure,
                collided ? "collision" : null,
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private sealed class Session(CancellationTokenSource stop)
    {
        public bool Collided { get; private set; }

        public void Collide()
        {
            Collided = true;
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line: a stream opened ({Open} open on this instance)")]
    private partial void LogOpened(int open);
}
