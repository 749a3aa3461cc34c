using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.Http;
using IndBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IndBot.BotFramework;

/// <summary>
/// Serves <c>POST /api/messages</c>: reads and authenticates the activity, runs the bot through one error boundary,
/// sends replies through the Bot Connector (or buffers them for <c>expectReplies</c>) and writes the HTTP response.
/// Singleton: it holds no per-request state.
/// </summary>
public partial class CloudAdapter : BotAdapter
{
    /// <summary>Largest accepted request body (Direct Line's activity limit).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>TurnState key of the turn's <see cref="IConnectorClient"/>.</summary>
    public const string ConnectorClientKey = "IndBot.BotFramework.ConnectorClient";

    /// <summary>TurnState key of the request's <see cref="AuthenticateRequestResult"/>.</summary>
    public const string AuthenticateRequestResultKey = "IndBot.BotFramework.AuthenticateRequestResult";

    /// <summary>TurnState key of the turn's <see cref="BufferedReplies"/>: replies returned to the caller, not sent to a Connector.</summary>
    private const string BufferedRepliesKey = "IndBot.BotFramework.BufferedReplies";

    /// <summary>TurnState key set when a send through the Connector failed this turn: nothing more is sent through it.</summary>
    private const string ConnectorFailedKey = "IndBot.BotFramework.ConnectorFailed";

    private readonly IBotFrameworkAuthenticator _authenticator;
    private readonly IConnectorClientFactory _connectorClientFactory;
    private readonly IOptionsMonitor<ConnectorClientOptions> _connectorOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CloudAdapter> _logger;

    public CloudAdapter(
        IBotFrameworkAuthenticator authenticator,
        IConnectorClientFactory connectorClientFactory,
        IOptionsMonitor<ConnectorClientOptions> connectorOptions,
        TimeProvider timeProvider,
        ILogger<CloudAdapter> logger)
    {
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
        _connectorClientFactory = connectorClientFactory ?? throw new ArgumentNullException(nameof(connectorClientFactory));
        _connectorOptions = connectorOptions ?? throw new ArgumentNullException(nameof(connectorOptions));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Handles one HTTP request from a channel. Never produces a 500 for any input.</summary>
    public async Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        ArgumentNullException.ThrowIfNull(httpResponse);
        ArgumentNullException.ThrowIfNull(bot);

        if (!HttpMethods.IsPost(httpRequest.Method))
        {
            httpResponse.Headers.Allow = "POST";
            await new ErrorResponse(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "Only POST is supported.").WriteAsync(httpResponse, cancellationToken).ConfigureAwait(false);
            return;
        }

        var incoming = await ReadAndAuthenticateAsync(httpRequest, cancellationToken).ConfigureAwait(false);
        if (incoming.Activity is not { } activity)
        {
            await incoming.Error!.WriteAsync(httpResponse, cancellationToken).ConfigureAwait(false);
            return;
        }

        var authResult = incoming.Authentication!;
        if (!authResult.Succeeded)
        {
            LogUnauthorized(_logger, LogValue.Sanitize(activity.ChannelId), authResult.FailureReason);
            await new ErrorResponse(StatusCodes.Status401Unauthorized, "Unauthorized", "The request is not authorized.").WriteAsync(httpResponse, cancellationToken).ConfigureAwait(false);
            return;
        }

        PrepareIncoming(activity, authResult.CallerId);
        var turnContext = new TurnContext(this, activity);
        turnContext.TurnState[AuthenticateRequestResultKey] = authResult;
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            turnContext.TurnState[BufferedRepliesKey] = new BufferedReplies(DeliverTraces: true, OnReply: null);
        }

        // One deadline for the whole turn, replies included: Teams and Direct Line give up on the request after 15 s, so
        // a connector that never answers must not hold it longer (retries and the error reply come out of this budget).
        var turnTimeout = _connectorOptions.CurrentValue.TurnTimeout;
        using (var deadline = new CancellationTokenSource(turnTimeout, _timeProvider))
        using (var turnCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                await RunTurnAsync(turnContext, bot, turnCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                LogTurnDeadline(_logger, LogValue.Sanitize(activity.Type), (int)turnTimeout.TotalMilliseconds);
            }
        }

        await WriteTurnResultAsync(turnContext, httpResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the request's activity (<see cref="ReadIncomingActivityAsync"/>) and authenticates it, once per request: a
    /// rate limiter that runs before the endpoint calls this first, so only authenticated requests count towards a
    /// conversation's limit, and the adapter then finds the result in the request's features. Never throws for bad
    /// input: an unreadable activity has no <see cref="IncomingActivity.Authentication"/>.
    /// </summary>
    public async ValueTask<IncomingActivity> ReadAndAuthenticateAsync(HttpRequest httpRequest, CancellationToken cancellationToken = default)
    {
        var incoming = await ReadIncomingActivityAsync(httpRequest, cancellationToken).ConfigureAwait(false);
        if (incoming.Activity is { } activity && incoming.Authentication is null)
        {
            var authorization = httpRequest.Headers.Authorization;
            incoming.Authentication = authorization.Count > 1
                ? AuthenticateRequestResult.Failed("More than one Authorization header.")
                : await _authenticator.AuthenticateRequestAsync(activity, authorization.Count == 1 ? authorization[0] : null, cancellationToken).ConfigureAwait(false);
        }

        return incoming;
    }

    /// <summary>
    /// Reads and parses the request's activity once: the first caller (a middleware that needs the conversation id, or
    /// the adapter itself) reads the body; later callers get the same result from the request's features. Checks the
    /// content type (415), the size (413) and the JSON (400); it does not authenticate.
    /// </summary>
    public static async ValueTask<IncomingActivity> ReadIncomingActivityAsync(HttpRequest httpRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        var features = httpRequest.HttpContext.Features;
        if (features.Get<IncomingActivity>() is { } read)
        {
            return read;
        }

        read = await ReadAsync(httpRequest, cancellationToken).ConfigureAwait(false);
        features.Set(read);
        return read;

        static async ValueTask<IncomingActivity> ReadAsync(HttpRequest httpRequest, CancellationToken cancellationToken)
        {
            // Deviation: the SDK answers a wrong content type with 400/406; 415 is the accurate status.
            if (!IsJsonContentType(httpRequest.ContentType))
            {
                return IncomingActivity.Failed(new ErrorResponse(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "Content-Type must be application/json."));
            }

            var (body, unreadable) = await RequestBody.ReadAsync(httpRequest, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return IncomingActivity.Failed(unreadable);
            }

            var (activity, parseError) = ParseActivity(body);
            return activity is null
                ? IncomingActivity.Failed(new ErrorResponse(StatusCodes.Status400BadRequest, "BadRequest", parseError!))
                : new IncomingActivity(activity);
        }
    }

    /// <summary>
    /// Runs a turn for an activity the caller already trusts (e.g. our own Direct Line endpoint) and returns the bot's
    /// replies instead of posting them to a Connector.
    /// </summary>
    public Task<IReadOnlyList<Activity>> ProcessActivityForRepliesAsync(Activity activity, IBot bot, CancellationToken cancellationToken = default) =>
        ProcessActivityForRepliesAsync(activity, bot, onReply: null, cancellationToken);

    /// <summary>
    /// Runs a turn for an already-trusted activity and returns the bot's replies; <paramref name="onReply"/> sees each
    /// reply as soon as the bot sends it (Direct Line shows the typing indicator while the bot is still working).
    /// </summary>
    public async Task<IReadOnlyList<Activity>> ProcessActivityForRepliesAsync(Activity activity, IBot bot, Func<Activity, CancellationToken, Task<string?>>? onReply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        if (string.IsNullOrEmpty(activity.Type))
        {
            throw new ArgumentException("The activity has no type.", nameof(activity));
        }

        PrepareIncoming(activity, callerId: null);
        var turnContext = new TurnContext(this, activity);
        turnContext.TurnState[AuthenticateRequestResultKey] = AuthenticateRequestResult.Anonymous;
        var replies = new BufferedReplies(DeliverTraces: false, onReply);
        turnContext.TurnState[BufferedRepliesKey] = replies;
        await RunTurnAsync(turnContext, bot, cancellationToken).ConfigureAwait(false);
        return replies.Activities;
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);

        var buffered = turnContext.TurnState.TryGetValue(BufferedRepliesKey, out var value) ? (BufferedReplies)value : null;
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            responses[i] = new ResourceResponse();
            if (activity.Type == ActivityTypes.InvokeResponse)
            {
                turnContext.TurnState[InvokeResponseKey] = activity;
            }
            else if (activity.Type == ActivityTypes.Trace && !(buffered?.DeliverTraces ?? false) && activity.ChannelId != Channels.Emulator && !TraceOnAllChannels)
            {
                // SDK: trace activities go to the Emulator only (an expectReplies caller gets every activity, as from the SDK).
            }
            else if (buffered is not null)
            {
                // SDK: an expectReplies turn returns its activities in the HTTP response and never calls the Connector.
                buffered.Activities.Add(activity);
                if (buffered.OnReply is { } deliver)
                {
                    responses[i] = new ResourceResponse { Id = await deliver(activity, cancellationToken).ConfigureAwait(false) };
                }
            }
            else
            {
                responses[i] = await SendToConnectorAsync(turnContext, activity, cancellationToken).ConfigureAwait(false);
            }
        }

        return responses;
    }

    private async Task<ResourceResponse> SendToConnectorAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId))
        {
            throw new InvalidOperationException("The outgoing activity has no conversation id.");
        }

        if (turnContext.TurnState.ContainsKey(ConnectorFailedKey))
        {
            // The connector just failed (or may not be used): the error reply would only fail again, and spend the
            // turn's deadline doing so.
            return new ResourceResponse();
        }

        activity.Id = null; // The channel assigns ids (SDK nulls id before every send).
        try
        {
            var client = GetConnectorClient(turnContext);
            return string.IsNullOrEmpty(activity.ReplyToId)
                ? await client.SendToConversationAsync(conversationId, activity, cancellationToken).ConfigureAwait(false)
                : await client.ReplyToActivityAsync(conversationId, activity.ReplyToId, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            turnContext.TurnState[ConnectorFailedKey] = true;
            throw;
        }
    }

    private IConnectorClient GetConnectorClient(ITurnContext turnContext)
    {
        if (turnContext.TurnState.TryGetValue(ConnectorClientKey, out var existing) && existing is IConnectorClient client)
        {
            return client;
        }

        var serviceUrl = turnContext.Activity.ServiceUrl;
        if (string.IsNullOrWhiteSpace(serviceUrl))
        {
            throw new InvalidOperationException("The incoming activity has no serviceUrl to reply to.");
        }

        // Our token goes only to a serviceUrl proven by the validated token's serviceurl claim.
        var verified = turnContext.TurnState.TryGetValue(AuthenticateRequestResultKey, out var auth)
            && auth is AuthenticateRequestResult { ServiceUrlVerified: true };
        client = _connectorClientFactory.Create(serviceUrl, verified);
        turnContext.TurnState[ConnectorClientKey] = client;
        return client;
    }

    private async Task RunTurnAsync(TurnContext turnContext, IBot bot, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new TurnLogScope(turnContext.Activity));

        try
        {
            await bot.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The one error boundary of a turn. A reply the connector would not take is the channel's trouble (or an
            // unauthenticated caller's serviceUrl), not a bug of ours: a warning, without the exception's stack.
            if (ex is ServiceUrlNotAllowedException)
            {
                LogServiceUrlNotAllowed(_logger, LogValue.Sanitize(HostOf(turnContext.Activity.ServiceUrl)));
            }
            else if (turnContext.TurnState.ContainsKey(ConnectorFailedKey))
            {
                LogReplyNotDelivered(_logger, LogValue.Sanitize(HostOf(turnContext.Activity.ServiceUrl)), ex.GetType().Name, ex is ConnectorException connector ? connector.StatusCode : null);
            }
            else
            {
                LogTurnError(_logger, ex, LogValue.Sanitize(turnContext.Activity.Type));
            }

            if (OnTurnError is { } onTurnError)
            {
                try
                {
                    await onTurnError(turnContext, ex).ConfigureAwait(false);
                }
                catch (Exception handlerException) when (!(handlerException is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    LogOnTurnErrorFailed(_logger, handlerException);
                }
            }
        }
    }

    private static async Task WriteTurnResultAsync(TurnContext turnContext, HttpResponse httpResponse, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            httpResponse.StatusCode = StatusCodes.Status200OK;
            httpResponse.ContentType = "application/json; charset=utf-8";
            var replies = new ExpectedReplies { Activities = ((BufferedReplies)turnContext.TurnState[BufferedRepliesKey]).Activities };
            await JsonSerializer.SerializeAsync(httpResponse.Body, replies, BotJsonContext.Default.ExpectedReplies, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            var invokeResponse = ReadInvokeResponse(turnContext);
            if (invokeResponse is null)
            {
                httpResponse.StatusCode = StatusCodes.Status501NotImplemented;
                return;
            }

            httpResponse.StatusCode = invokeResponse.Status;
            if (invokeResponse.Body is { } invokeBody)
            {
                httpResponse.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(httpResponse.Body, invokeBody, BotJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        httpResponse.StatusCode = StatusCodes.Status200OK;
    }

    private static InvokeResponse? ReadInvokeResponse(TurnContext turnContext)
    {
        if (!turnContext.TurnState.TryGetValue(InvokeResponseKey, out var stored) || stored is not Activity invokeActivity)
        {
            return null;
        }

        if (invokeActivity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return new InvokeResponse { Status = StatusCodes.Status200OK };
        }

        var response = value.Deserialize(BotJsonContext.Default.InvokeResponse);
        if (response is null || response.Status is < 200 or > 599)
        {
            return null;
        }

        return response;
    }

    private static void PrepareIncoming(Activity activity, string? callerId)
    {
        // callerId is set by the receiver after authentication; an incoming value is discarded (A2251).
        activity.CallerId = callerId;
        if (activity.Text is not null)
        {
            activity.Text = ActivityExtensions.StripControlCharacters(activity.Text);
        }

        // JSON allows null array items ("membersAdded":[null]); no handler should have to expect them.
        activity.MembersAdded = WithoutNulls(activity.MembersAdded);
        activity.MembersRemoved = WithoutNulls(activity.MembersRemoved);
        activity.ReactionsAdded = WithoutNulls(activity.ReactionsAdded);
        activity.ReactionsRemoved = WithoutNulls(activity.ReactionsRemoved);
        activity.Attachments = WithoutNulls(activity.Attachments);
        activity.Entities = WithoutNulls(activity.Entities);
    }

    private static IList<T>? WithoutNulls<T>(IList<T>? items)
        where T : class =>
        items is null || !items.Contains(null!) ? items : items.Where(item => item is not null).ToList();

    private static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static (Activity? Activity, string? Error) ParseActivity(byte[] body)
    {
        ReadOnlyMemory<byte> json = body;
        if (json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        if (json.IsEmpty)
        {
            return (null, "Missing activity or activity type.");
        }

        try
        {
            // An object is deserialized directly (one pass); anything else goes through JsonDocument only to say what is wrong.
            if (FirstSignificantByte(json.Span) == (byte)'{')
            {
                var parsed = JsonSerializer.Deserialize(json.Span, BotJsonContext.Default.Activity);
                return string.IsNullOrEmpty(parsed?.Type)
                    ? (null, "Missing activity or activity type.")
                    : (parsed, null);
            }

            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? (null, "The body must be a JSON object (one activity).")
                : (null, "Missing activity or activity type.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string the reader cannot turn into UTF-16 (an escaped unpaired surrogate).
            return (null, "The body is not a valid activity JSON.");
        }
    }

    private static byte FirstSignificantByte(ReadOnlySpan<byte> json)
    {
        foreach (var b in json)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return 0;
    }

    /// <summary>
    /// Replies kept for the caller instead of sent to a Connector: an <c>expectReplies</c> turn's (every activity, traces
    /// included, as the SDK returns them) or our own Direct Line endpoint's, where <paramref name="OnReply"/> delivers each
    /// as the bot sends it and returns the id it got.
    /// </summary>
    private sealed record BufferedReplies(bool DeliverTraces, Func<Activity, CancellationToken, Task<string?>>? OnReply)
    {
        public List<Activity> Activities { get; } = [];
    }

    /// <summary>
    /// The turn's log scope: channel and a hash of the conversation id (never the id). The hash is computed only when a
    /// logger reads the scope, which most turns' loggers never do.
    /// </summary>
    private sealed class TurnLogScope(Activity activity) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private string? _hash;

        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("ConversationHash", ConversationHash),
            1 => new("ChannelId", LogValue.Sanitize(activity.ChannelId)),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        private string? ConversationHash => _hash ??= HashConversationId(activity.Conversation?.Id);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"ConversationHash:{ConversationHash} ChannelId:{LogValue.Sanitize(activity.ChannelId)}";

        private static string? HashConversationId(string? conversationId)
        {
            if (string.IsNullOrEmpty(conversationId))
            {
                return null;
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(conversationId));
            return Convert.ToHexStringLower(hash.AsSpan(0, 8));
        }
    }

    /// <summary>The host part of a serviceUrl, for logs (never the path: it may carry ids).</summary>
    private static string? HostOf(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) ? uri.Authority : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply not sent: the serviceUrl host {Host} of an unauthenticated request is not allowed (loopback or Connector:AllowedServiceUrls only)")]
    private static partial void LogServiceUrlNotAllowed(ILogger logger, string? host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply not delivered to the connector at {Host} ({ErrorType}, status {StatusCode}); nothing more is sent to it this turn")]
    private static partial void LogReplyNotDelivered(ILogger logger, string? host, string errorType, int? statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {ActivityType} turn did not finish within its {TimeoutMs} ms deadline and was stopped")]
    private static partial void LogTurnDeadline(ILogger logger, string? activityType, int timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected unauthorized request for channel {ChannelId}: {Reason}")]
    private static partial void LogUnauthorized(ILogger logger, string? channelId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in a {ActivityType} turn")]
    private static partial void LogTurnError(ILogger logger, Exception exception, string? activityType);

    [LoggerMessage(Level = LogLevel.Error, Message = "The OnTurnError handler itself failed")]
    private static partial void LogOnTurnErrorFailed(ILogger logger, Exception exception);
}
