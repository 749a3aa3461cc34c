using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
using System.Text.Json;
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
        var session = new Session(this, socket, conversation, watermark, stop);
        _open.AddOrUpdate(conversation.Id, session, (_, older) =>
        {
            older.Collide();
            return session;
        });

        try
        {
            // Whoever appends an activity sends it, at once, instead of waking this loop (which waits for a free thread):
            // the echo leaves before the bot's turn starts, and a reply before the POST that caused it is answered.
            // This loop sends what was stored before the socket opened, and the heartbeats.
            await using var subscription = await _store.SubscribeAsync(conversation.Id, session.Push, stop.Token).ConfigureAwait(false);
            var receiving = DiscardIncomingAsync(socket, stop);
            LogOpened(Count);
            await session.SendNewAsync().ConfigureAwait(false);
            while (!stop.IsCancellationRequested)
            {
                var heartbeat = _options.CurrentValue.StreamHeartbeat;
                var quiet = session.QuietFor;
                if (quiet < heartbeat)
                {
                    await Task.Delay(heartbeat - quiet, _timeProvider, stop.Token).ConfigureAwait(false);
                    continue;
                }

                // Heartbeat: an empty message, which Direct Line clients ignore; the open stream keeps the conversation alive.
                await session.SendHeartbeatAsync().ConfigureAwait(false);
                await conversation.TouchAsync(stop.Token).ConfigureAwait(false);
            }

            await receiving.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsGone(ex))
        {
            // The client went away, the host is stopping, or a newer socket took over.
        }
        finally
        {
            _open.TryRemove(new KeyValuePair<string, Session>(conversation.Id, session));
            Release();
            await CloseAsync(socket, session.Collided).ConfigureAwait(false);
        }

        // A push that failed for another reason (the store) ends the stream as a failure in this loop does.
        session.ThrowIfFailed();
    }

    private static bool IsGone(Exception ex) => ex is OperationCanceledException or WebSocketException or ObjectDisposedException;

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

    /// <summary>One open socket. Every send takes <see cref="_sending"/>, so sets go out one at a time and in order.</summary>
    private sealed class Session(DirectLineStreams streams, WebSocket socket, IDirectLineConversation conversation, long watermark, CancellationTokenSource stop)
    {
        private readonly SemaphoreSlim _sending = new(1, 1);
        private long _next = watermark;
        private long _lastSent = streams._timeProvider.GetTimestamp();
        private ExceptionDispatchInfo? _failure;

        public bool Collided { get; private set; }

        /// <summary>How long nothing was sent.</summary>
        public TimeSpan QuietFor => streams._timeProvider.GetElapsedTime(Interlocked.Read(ref _lastSent));

        /// <summary>The store's "appended" (called on the appending thread by this process's store): sends what is new.</summary>
        public void Push() => _ = PushAsync();

        /// <summary>Sends every activity set from the watermark on.</summary>
        public async Task SendNewAsync()
        {
            var token = stop.Token;
            await _sending.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var maxPageBytes = streams._options.CurrentValue.MaxPageBytes;
                while (true)
                {
                    var (activities, next) = await conversation.GetFromAsync(_next, maxPageBytes, token).ConfigureAwait(false);
                    if (activities.Count == 0)
                    {
                        _next = next;
                        return;
                    }

                    var set = new DirectLineActivitySet { Activities = activities, Watermark = next.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    var json = JsonSerializer.SerializeToUtf8Bytes(set, BotJson.Options);
                    await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
                    _next = next;
                    Interlocked.Exchange(ref _lastSent, streams._timeProvider.GetTimestamp());
                }
            }
            finally
            {
                _sending.Release();
            }
        }

        public async Task SendHeartbeatAsync()
        {
            var token = stop.Token;
            await _sending.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastSent, streams._timeProvider.GetTimestamp());
            }
            finally
            {
                _sending.Release();
            }
        }

        public void Collide()
        {
            Collided = true;
            Stop();
        }

        public void ThrowIfFailed() => _failure?.Throw();

        private async Task PushAsync()
        {
            try
            {
                await SendNewAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsGone(ex))
            {
                Stop();
            }
            catch (Exception ex)
            {
                _failure ??= ExceptionDispatchInfo.Capture(ex);
                Stop();
            }
        }

        private void Stop()
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream has ended already.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line: a stream opened ({Open} open on this instance)")]
    private partial void LogOpened(int open);
}
