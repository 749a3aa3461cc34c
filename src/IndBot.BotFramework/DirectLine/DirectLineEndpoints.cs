using System.Text.Json;
using IndBot.BotFramework.Http;
using IndBot.BotFramework.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// The Direct Line 3.0 subset Web Chat needs (the WebSocket stream and polling; no upload), plus the page's token route.
/// Every call carries <c>Authorization: Bearer &lt;token&gt;</c>; a token opens only its own conversation. The stream is
/// opened with the <c>streamUrl</c> of a start, reconnect or token response, which carries a short-lived stream token.
/// </summary>
public static partial class DirectLineEndpoints
{
    public const string TokenRoute = "/api/directline/token";
    public const string BaseRoute = "/v3/directline";

    /// <summary>The CORS policy of the Direct Line routes: the origins in <c>DirectLine:AllowedOrigins</c> (see AddDirectLine).</summary>
    public const string CorsPolicyName = "IndBot.DirectLine";

    /// <summary>
    /// Maps <c>POST /api/directline/token</c> and the <c>/v3/directline</c> routes under the <see cref="CorsPolicyName"/>
    /// policy. On a WebApplication it also adds ASP.NET Core's WebSockets and CORS middleware, which the routes need.
    /// </summary>
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets();
            app.UseCors();
        }

        endpoints.MapPost(TokenRoute, IssueTokenAsync).RequireCors(CorsPolicyName).AddEndpointFilter(StoreUnavailableFilter);

        var group = endpoints.MapGroup(BaseRoute).RequireCors(CorsPolicyName).AddEndpointFilter(StoreUnavailableFilter);
        group.MapPost("/tokens/refresh", RefreshTokenAsync);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        return endpoints;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, DirectLineTokenService tokens, DirectLineRateLimiter rateLimiter,
        AzureDirectLineTokenClient azure, IOptionsMonitor<DirectLineOptions> options, ILoggerFactory loggerFactory)
    {
        if (!rateLimiter.TryAcquireConversation(ClientIp(context)))
        {
            return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many chats were started from this address. Please wait a minute.");
        }

        var userId = DirectLineTokenService.NewUserId();
        if (!string.IsNullOrEmpty(options.CurrentValue.Secret))
        {
            try
            {
                return TokenJson(context, await azure.GenerateTokenAsync(userId, context.RequestAborted).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                LogAzureTokenFailed(loggerFactory.CreateLogger(typeof(DirectLineEndpoints)), ex);
                return Error(StatusCodes.Status502BadGateway, "DirectLineUnavailable", "Could not get a chat token.");
            }
        }

        var (token, claims) = tokens.Issue(DirectLineTokenService.NewConversationId(), userId);
        return TokenJson(context, ConversationResponse(claims, token, tokens, context, watermark: null));
    }

    private static async Task<IResult> RefreshTokenAsync(HttpContext context, DirectLineTokenService tokens, IDirectLineStore store)
    {
        var validation = tokens.ValidateAuthorizationHeader(context.Request.Headers.Authorization);
        if (validation.Status != DirectLineTokenStatus.Valid)
        {
            return AuthError(validation.Status);
        }

        var claims = validation.Token!;
        if (await store.FindAsync(claims.ConversationId, context.RequestAborted).ConfigureAwait(false) is { } conversation)
        {
            await conversation.TouchAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var (token, fresh) = tokens.Refresh(claims);
        return TokenJson(context, ConversationResponse(fresh, token, tokens, context, watermark: null));
    }

    private static async Task<IResult> StartConversationAsync(HttpContext context, DirectLineTokenService tokens, DirectLineService service,
        IDirectLineStore store, DirectLineRateLimiter rateLimiter)
    {
        var validation = tokens.ValidateAuthorizationHeader(context.Request.Headers.Authorization);
        if (validation.Status != DirectLineTokenStatus.Valid)
        {
            return AuthError(validation.Status);
        }

        // Tokens can be collected in advance (from many addresses): starting conversations is limited on its own.
        if (await store.FindAsync(validation.Token!.ConversationId, context.RequestAborted).ConfigureAwait(false) is null && !rateLimiter.TryAcquireConversationStart(ClientIp(context)))
        {
            return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many chats were started from this address. Please wait a minute.");
        }

        var (body, unreadable) = await RequestBody.ReadAsync(context.Request, 16 * 1024, context.RequestAborted).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var start = TryDeserialize<DirectLineStartRequest>(body);
        // The turn must not be cut short by a client that gives up waiting: the welcome is stored for its next poll.
        var (conversation, created) = await service.StartAsync(validation.Token!, start?.Locale, ServiceUrl(context), CancellationToken.None).ConfigureAwait(false);
        var (token, claims) = tokens.Issue(conversation.Id, conversation.UserId);
        return TokenJson(context, ConversationResponse(claims, token, tokens, context, watermark: null), created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>DirectLineJS reconnects its stream here (<c>?watermark=</c>): a fresh token and a streamUrl from that watermark.</summary>
    private static async Task<IResult> ReconnectAsync(string conversationId, string? watermark, HttpContext context, DirectLineTokenService tokens, IDirectLineStore store)
    {
        var (conversation, failure) = await AuthorizeAsync(context, tokens, store, conversationId).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (!TryParseWatermark(watermark, out var from))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "Invalid watermark.");
        }

        var (token, claims) = tokens.Issue(conversation!.Id, conversation.UserId);
        return TokenJson(context, ConversationResponse(claims, token, tokens, context, from));
    }

    private static async Task<IResult> GetActivitiesAsync(string conversationId, string? watermark, HttpContext context, DirectLineTokenService tokens,
        IDirectLineStore store, IOptionsMonitor<DirectLineOptions> options)
    {
        var (conversation, failure) = await AuthorizeAsync(context, tokens, store, conversationId).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (!TryParseWatermark(watermark, out var from))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "Invalid watermark.");
        }

        await conversation!.TouchAsync(context.RequestAborted).ConfigureAwait(false);
        var (activities, next) = await conversation.GetFromAsync(from, options.CurrentValue.MaxPageBytes, context.RequestAborted).ConfigureAwait(false);
        return Json(new DirectLineActivitySet { Activities = activities, Watermark = next.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>
    /// <c>GET …/conversations/{id}/stream?watermark=W&amp;t=STREAM-TOKEN</c> as a WebSocket: the activities from W on, then each
    /// new activity set as it is stored, and empty heartbeats. Errors before the upgrade are plain Direct Line errors.
    /// </summary>
    private static async Task<IResult> StreamAsync(string conversationId, string? watermark, string? t, HttpContext context,
        DirectLineTokenService tokens, IDirectLineStore store, DirectLineStreams streams)
    {
        var validation = tokens.ValidateStreamToken(t);
        if (validation.Status != DirectLineTokenStatus.Valid)
        {
            return AuthError(validation.Status == DirectLineTokenStatus.Missing ? DirectLineTokenStatus.Missing : validation.Status);
        }

        if (!string.Equals(validation.Token!.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid for this conversation.");
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The stream is a WebSocket: connect to the streamUrl with ws:// or wss://.");
        }

        if (!TryParseWatermark(watermark, out var from))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "Invalid watermark.");
        }

        var conversation = await store.FindAsync(conversationId, context.RequestAborted).ConfigureAwait(false);
        if (conversation is null)
        {
            return Error(StatusCodes.Status404NotFound, "NotFound", "Conversation not found.");
        }

        if (!streams.TryReserve())
        {
            // The client falls back to polling after a failed stream; nothing is lost.
            return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many open streams; poll instead.");
        }

        System.Net.WebSockets.WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = streams.KeepAliveInterval }).ConfigureAwait(false);
        }
        catch
        {
            streams.Release();
            throw;
        }

        using (socket)
        {
            await streams.RunAsync(socket, conversation, from, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Empty;
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpContext context, DirectLineTokenService tokens,
        IDirectLineStore store, DirectLineService service, IOptionsMonitor<DirectLineOptions> options)
    {
        var (conversation, failure) = await AuthorizeAsync(context, tokens, store, conversationId).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var (body, unreadable) = await RequestBody.ReadAsync(context.Request, options.CurrentValue.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var activity = TryDeserialize<Activity>(body);
        if (activity is null || string.IsNullOrEmpty(activity.Type))
        {
            return Error(StatusCodes.Status400BadRequest, "MissingProperty", "The body must be one activity with a type.");
        }

        // Not the request's token: the replies are stored for the next poll even if the client stops waiting.
        var result = await service.PostAsync(conversation!, activity, ClientIp(context), ServiceUrl(context), CancellationToken.None).ConfigureAwait(false);
        return result.ErrorStatus is { } status
            ? Error(status, result.ErrorCode!, result.ErrorMessage!)
            : Json(new DirectLineResourceResponse { Id = result.Id });
    }

    /// <summary>Checks the bearer token against the conversation in the path: 401 without a usable token, 403 for an expired or another conversation's token, 404 for an unknown conversation.</summary>
    private static async Task<(IDirectLineConversation? Conversation, IResult? Failure)> AuthorizeAsync(HttpContext context, DirectLineTokenService tokens, IDirectLineStore store, string conversationId)
    {
        var validation = tokens.ValidateAuthorizationHeader(context.Request.Headers.Authorization);
        if (validation.Status != DirectLineTokenStatus.Valid)
        {
            return (null, AuthError(validation.Status));
        }

        if (!string.Equals(validation.Token!.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return (null, Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid for this conversation."));
        }

        var conversation = await store.FindAsync(conversationId, context.RequestAborted).ConfigureAwait(false);
        return conversation is null
            ? (null, Error(StatusCodes.Status404NotFound, "NotFound", "Conversation not found."))
            : (conversation, null);
    }

    private static bool TryParseWatermark(string? watermark, out long from)
    {
        from = 0;
        return string.IsNullOrEmpty(watermark) || (long.TryParse(watermark, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from) && from >= 0);
    }

    private static IResult AuthError(DirectLineTokenStatus status) => status switch
    {
        DirectLineTokenStatus.Expired => Error(StatusCodes.Status403Forbidden, "TokenExpired", "Token expired."),
        // The same answer as an expired token: the client's reaction (get a new token) is the same.
        DirectLineTokenStatus.Superseded => Error(StatusCodes.Status403Forbidden, "TokenExpired", "Token replaced by a refreshed one."),
        DirectLineTokenStatus.Missing => Error(StatusCodes.Status401Unauthorized, "Unauthorized", "A bearer token is required."),
        _ => Error(StatusCodes.Status401Unauthorized, "Unauthorized", "The token is not valid."),
    };

    private static DirectLineConversationResponse ConversationResponse(DirectLineToken claims, string token, DirectLineTokenService tokens, HttpContext context, long? watermark) => new()
    {
        ConversationId = claims.ConversationId,
        Token = token,
        ExpiresIn = (int)tokens.Lifetime.TotalSeconds,
        StreamUrl = StreamUrl(context, claims.ConversationId, watermark, tokens.IssueStreamToken(claims.ConversationId, claims.UserId)),
    };

    /// <summary>
    /// <c>wss://host/v3/directline/conversations/{id}/stream?watermark=W&amp;t=…</c> (<c>ws://</c> for plain http; https
    /// when a TLS-terminating proxy says so in X-Forwarded-Proto).
    /// </summary>
    private static string StreamUrl(HttpContext context, string conversationId, long? watermark, string streamToken)
    {
        var request = context.Request;
        var secure = request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"].ToString(), "https", StringComparison.OrdinalIgnoreCase);
        var query = (watermark is { } w ? "watermark=" + w.ToString(System.Globalization.CultureInfo.InvariantCulture) + "&" : "") + "t=" + Uri.EscapeDataString(streamToken);
        return $"{(secure ? "wss" : "ws")}://{request.Host}{request.PathBase}{BaseRoute}/conversations/{Uri.EscapeDataString(conversationId)}/stream?{query}";
    }

    /// <summary>A response carrying a token: no browser, proxy or CDN may keep a copy.</summary>
    private static IResult TokenJson<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Json(value, status);
    }

    private static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, BotJson.Options, "application/json; charset=utf-8", status);

    private static ErrorResponse Error(int status, string code, string message) => new(status, code, message);

    private static T? TryDeserialize<T>(byte[] body)
        where T : class
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, BotJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an escaped unpaired surrogate the reader cannot turn into a string.
            return null;
        }
    }

    private static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string ServiceUrl(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/";

    /// <summary>A store that cannot be reached (Redis down) is a short 503 the client retries, never a 500.</summary>
    private static async ValueTask<object?> StoreUnavailableFilter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (DirectLineStoreUnavailableException ex)
        {
            LogStoreUnavailable(invocation.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DirectLineEndpoints)), ex.Message);
            invocation.HttpContext.Response.Headers.RetryAfter = "5";
            return Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The chat is not available right now. Please try again in a moment.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line: the conversation store is unavailable ({Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct Line: getting a token from Azure failed")]
    private static partial void LogAzureTokenFailed(ILogger logger, Exception exception);
}
