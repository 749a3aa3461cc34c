using System.Text.Json;
using IndBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>The outcome of posting an activity: its id, or an error status for the client.</summary>
public sealed record DirectLinePostResult(string? Id, int? ErrorStatus = null, string? ErrorCode = null, string? ErrorMessage = null);

/// <summary>
/// The conversation side of the Direct Line endpoint: echoes user activities into the history (Web Chat completes a send
/// only when it sees its clientActivityID come back with an id), runs the bot turn and appends the replies.
/// </summary>
public sealed partial class DirectLineService
{
    // Serializes bot turns of a conversation so replies keep the order of the user's messages: a fixed set of locks
    // picked by the conversation id, so the number of locks does not grow with the conversations (a store shared by
    // several instances has no conversation object to hang a lock on).
    private readonly SemaphoreSlim[] _turnLocks = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly IDirectLineStore _store;
    private readonly DirectLineRateLimiter _rateLimiter;
    private readonly IDirectLineTurnRunner _turnRunner;
    private readonly IDirectLineRateLimitNotice _notice;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly ILogger<DirectLineService> _logger;

    public DirectLineService(
        IDirectLineStore store,
        DirectLineRateLimiter rateLimiter,
        IDirectLineTurnRunner turnRunner,
        IDirectLineRateLimitNotice notice,
        TimeProvider timeProvider,
        IOptionsMonitor<DirectLineOptions> options,
        ILogger<DirectLineService> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _rateLimiter = rateLimiter ?? throw new ArgumentNullException(nameof(rateLimiter));
        _turnRunner = turnRunner ?? throw new ArgumentNullException(nameof(turnRunner));
        _notice = notice ?? throw new ArgumentNullException(nameof(notice));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>How long a bot turn's typing activity waits before it is stored: left out when the answer comes sooner.</summary>
    public static readonly TimeSpan TypingDelay = TimeSpan.FromMilliseconds(500);

    private ChannelAccount BotAccount => new(_options.CurrentValue.BotId, _options.CurrentValue.BotName, RoleTypes.Bot);

    /// <summary>
    /// Starts the token's conversation (created = true) and runs a conversationUpdate turn with the user as the added member,
    /// so the bot's welcome is waiting at the first poll; or returns the running one. A full store makes room by dropping
    /// its longest-idle conversations.
    /// </summary>
    public async Task<(IDirectLineConversation Conversation, bool Created)> StartAsync(DirectLineToken token, string? locale, string serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var (conversation, created) = await _store.GetOrCreateAsync(token.ConversationId, token.UserId, NormalizeLocale(locale), cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            await conversation.TouchAsync(cancellationToken).ConfigureAwait(false);
            return (conversation, created);
        }

        var user = new ChannelAccount(conversation.UserId, null, RoleTypes.User);
        // Deviation from Azure Direct Line, which sends the user's join only just before the first message: the
        // widget wants the welcome as soon as it opens.
        var join = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = [user],
            From = user,
            Locale = conversation.Locale,
        };
        Address(join, conversation, serviceUrl);
        await RunTurnAsync(conversation, join, cancellationToken).ConfigureAwait(false);
        return (conversation, true);
    }

    /// <summary>
    /// Checks the limits, then echoes the client's activity and runs the bot. Nothing is stored before the limits are
    /// checked: a text over <see cref="DirectLineOptions.MaxTextLength"/> is refused (400); a conversation (or address)
    /// posting too fast gets its first limited message echoed with a short notice, so the user sees why, and every
    /// further one refused (429) until it slows down.
    /// </summary>
    public async Task<DirectLinePostResult> PostAsync(IDirectLineConversation conversation, Activity activity, string clientIp, string serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);

        var options = _options.CurrentValue;
        if (activity.Text is { } text && text.Length > options.MaxTextLength)
        {
            return new DirectLinePostResult(null, 400, "MessageTooLong", $"A message can have at most {options.MaxTextLength} characters.");
        }

        await conversation.TouchAsync(cancellationToken).ConfigureAwait(false);
        var allowed = _rateLimiter.TryAcquireActivity(conversation.Id, clientIp);
        if (!allowed && conversation.RateLimitNoticeShown)
        {
            LogRateLimited();
            return new DirectLinePostResult(null, 429, "TooManyRequests", "You're sending messages very quickly. Please wait a moment and then try again.");
        }

        // Direct Line owns id, timestamp and addressing; the user id is the one in the token (enhanced authentication).
        activity.From = new ChannelAccount(conversation.UserId, activity.From?.Name, RoleTypes.User);
        activity.CallerId = null;
        activity.DeliveryMode = null;
        activity.Locale = NormalizeLocale(activity.Locale) ?? conversation.Locale;
        Address(activity, conversation, serviceUrl);
        var id = await conversation.AppendAsync(activity, cancellationToken).ConfigureAwait(false);

        if (!allowed)
        {
            LogRateLimited();
            await conversation.SetRateLimitNoticeShownAsync(true, cancellationToken).ConfigureAwait(false);
            var notice = _notice.Create(activity);
            notice.ReplyToId = id;
            await AppendReplyAsync(conversation, notice, serviceUrl, cancellationToken).ConfigureAwait(false);
            return new DirectLinePostResult(id);
        }

        if (activity.Type == ActivityTypes.Typing)
        {
            return new DirectLinePostResult(id);
        }

        using var timeout = new CancellationTokenSource(_options.CurrentValue.TurnTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await RunTurnAsync(conversation, Clone(activity), linked.Token).ConfigureAwait(false);
            if (conversation.RateLimitNoticeShown)
            {
                await conversation.SetRateLimitNoticeShownAsync(false, CancellationToken.None).ConfigureAwait(false);
            }

            return new DirectLinePostResult(id);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTurnTimedOut();
            return new DirectLinePostResult(id, 504, "BotTimeout", "The bot did not answer in time.");
        }
    }

    private async Task RunTurnAsync(IDirectLineConversation conversation, Activity activity, CancellationToken cancellationToken)
    {
        var turnLock = _turnLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(conversation.Id) % (uint)_turnLocks.Length)];
        await turnLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var typing = new HeldTyping(this, conversation, activity.ServiceUrl!);
        try
        {
            // Each reply is visible to the client as soon as the bot sends it (pushed on an open stream). The bot
            // learns the id its reply got, as from a channel.
            await _turnRunner.RunTurnAsync(
                activity,
                async (reply, token) => reply.Type switch
                {
                    ActivityTypes.InvokeResponse or ActivityTypes.Trace => null,
                    ActivityTypes.Typing => await typing.HoldAsync(reply).ConfigureAwait(false),
                    _ => await typing.ThenAppendAsync(reply).ConfigureAwait(false),
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            typing.Dispose();
            turnLock.Release();
        }
    }

    /// <summary>
    /// A turn's typing activity, held for <see cref="TypingDelay"/>: stored when the turn is still working then, left out
    /// when the bot's answer comes first (or the turn ends). Deviation from Azure Direct Line, which relays typing at
    /// once: an indicator that the answer replaces a few milliseconds later is never seen, but Web Chat renders it
    /// (and removes it) before it renders the answer. The SDK's ShowTypingMiddleware waits 500 ms before its first
    /// typing for the same reason. Once one is shown, the turn's later typing activities are stored at once.
    /// </summary>
    private sealed class HeldTyping(DirectLineService service, IDirectLineConversation conversation, string serviceUrl) : IDisposable
    {
        private readonly object _gate = new();
        private Activity? _held;
        private ITimer? _timer;
        private bool _armed;
        private bool _shown;
        private bool _ended;
        private Task _storing = Task.CompletedTask;

        public async Task<string?> HoldAsync(Activity typing)
        {
            Task storing;
            lock (_gate)
            {
                if (!_shown)
                {
                    _held = typing;
                    if (!_armed)
                    {
                        _armed = true;
                        _timer ??= service._timeProvider.CreateTimer(_ => Show(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                        _timer.Change(TypingDelay, Timeout.InfiniteTimeSpan);
                    }

                    return null;
                }

                storing = _storing;
            }

            await storing.ConfigureAwait(false);
            return await service.AppendReplyAsync(conversation, typing, serviceUrl, CancellationToken.None).ConfigureAwait(false);
        }

        /// <summary>Any other reply: a typing not yet shown is left out; one being stored goes first, so it never follows the reply.</summary>
        public async Task<string?> ThenAppendAsync(Activity reply)
        {
            Task storing;
            lock (_gate)
            {
                _held = null;
                _armed = false;
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                storing = _storing;
            }

            await storing.ConfigureAwait(false);
            return await service.AppendReplyAsync(conversation, reply, serviceUrl, CancellationToken.None).ConfigureAwait(false);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _ended = true;
                _held = null;
            }

            _timer?.Dispose();
        }

        private void Show()
        {
            lock (_gate)
            {
                _armed = false;
                if (_held is not { } typing || _ended)
                {
                    return;
                }

                _held = null;
                _shown = true;
                _storing = StoreAsync(typing);
            }
        }

        private async Task StoreAsync(Activity typing)
        {
            try
            {
                await service.AppendReplyAsync(conversation, typing, serviceUrl, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DirectLineStoreUnavailableException)
            {
                // A typing indicator is not worth an error: the answer that follows reports the store.
            }
        }
    }

    private Task<string> AppendReplyAsync(IDirectLineConversation conversation, Activity reply, string serviceUrl, CancellationToken cancellationToken)
    {
        var bot = BotAccount;
        reply.From = new ChannelAccount(reply.From?.Id ?? bot.Id, reply.From?.Name ?? bot.Name, RoleTypes.Bot);
        reply.Recipient = new ChannelAccount(conversation.UserId, null, RoleTypes.User);
        reply.Conversation = new ConversationAccount { Id = conversation.Id };
        reply.ChannelId = _options.CurrentValue.ChannelId;
        reply.ServiceUrl = serviceUrl;
        reply.Timestamp = _timeProvider.GetUtcNow();
        // Stored even if the client stopped waiting: it reads the reply on its next poll or stream.
        return conversation.AppendAsync(reply, CancellationToken.None);
    }

    private void Address(Activity activity, IDirectLineConversation conversation, string serviceUrl)
    {
        activity.Id = null;
        activity.Timestamp = _timeProvider.GetUtcNow();
        activity.ChannelId = _options.CurrentValue.ChannelId;
        activity.ServiceUrl = serviceUrl;
        activity.Conversation = new ConversationAccount { Id = conversation.Id };
        activity.Recipient = BotAccount;
    }

    /// <summary>The bot gets its own copy: the adapter and the bot may change the incoming activity, the stored echo must not change.</summary>
    private static Activity Clone(Activity activity) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(activity, BotJsonContext.Default.Activity), BotJsonContext.Default.Activity)!;

    private static string? NormalizeLocale(string? locale) =>
        string.IsNullOrWhiteSpace(locale) || locale.Length > 35 ? null : locale.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line: a conversation is posting too fast; the bot turn was skipped")]
    private partial void LogRateLimited();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line: the bot turn timed out")]
    private partial void LogTurnTimedOut();
}
