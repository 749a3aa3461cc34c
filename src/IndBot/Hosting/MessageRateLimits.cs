using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using IndBot.BotFramework;
using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.Schema;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using IndBot.Telemetry;

namespace IndBot.Hosting;

/// <summary>Message limits on <c>/api/messages</c> ("RateLimits" section); 0 switches a limit off.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Authenticated (or accepted anonymous) requests per conversation (channel + conversation id) per minute.</summary>
    [Range(0, 100_000)]
    public int PerConversationPerMinute { get; set; } = 30;

    /// <summary>
    /// Anonymous requests (no <c>MicrosoftAppId</c>, or no valid token) per client address per minute. Authenticated
    /// channel traffic is not limited per address: behind Azure Bot Service it all arrives from a few connector addresses.
    /// </summary>
    [Range(0, 1_000_000)]
    public int PerIpPerMinute { get; set; } = 120;
}

/// <summary>
/// ASP.NET Core rate limiting for the endpoint <see cref="IndBotHostingExtensions.MapBotMessages"/> maps (whatever the
/// spelling of its path: matched by endpoint, not by string). Each request is authenticated first, then limited:
/// authenticated channel traffic per conversation only (behind Azure Bot Service every channel arrives from a few
/// connector addresses); anonymous traffic (no <c>MicrosoftAppId</c>, or no valid token) per client address, and, when
/// it is accepted, per conversation too. A request without a valid token never uses up a conversation's allowance. The
/// limiter only says "limited": a chat user over the limit gets the notice the bot words (<see cref="IDirectLineRateLimitNotice"/>,
/// expectReplies: a 200 with the reply); other traffic gets 429 with Retry-After.
/// </summary>
public static partial class MessageRateLimits
{
    /// <summary>The endpoint policy of <c>/api/messages</c> (per conversation); the per-address limit applies to endpoints with it.</summary>
    public const string PolicyName = "IndBot.Messages";

    public static IServiceCollection AddIndBotRateLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((options, limits) =>
            {
                var perIp = limits.Value.PerIpPerMinute;
                var perConversation = limits.Value.PerConversationPerMinute;
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

                // Runs before the endpoint's policy: anonymous requests to the messages endpoint, per client address.
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    perIp == 0 || !IsMessagesEndpoint(context) || Incoming(context) is { IsChannelAuthenticated: true }
                        ? RateLimitPartition.GetNoLimiter("none")
                        : RateLimitPartition.GetFixedWindowLimiter("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => PerMinute(perIp)));

                // Per conversation, only for requests that passed authentication.
                options.AddPolicy(PolicyName, context =>
                    perConversation == 0
                    || Incoming(context) is not { Authentication.Succeeded: true, Activity: { Conversation.Id: { Length: > 0 } conversationId } activity }
                        ? RateLimitPartition.GetNoLimiter("none")
                        : RateLimitPartition.GetFixedWindowLimiter($"conversation:{activity.ChannelId}|{conversationId}", _ => PerMinute(perConversation)));
                options.OnRejected = RejectAsync;
            });
        return services;
    }

    /// <summary>Reads and authenticates the activity of a messages request (the limiter's partition key), then applies the limits.</summary>
    public static IApplicationBuilder UseIndBotRateLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(AuthenticateActivityAsync);
        app.UseRateLimiter();
        return app;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static bool IsMessagesEndpoint(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == PolicyName;

    private static IncomingActivity? Incoming(HttpContext context) => context.Features.Get<IncomingActivity>();

    // The partition functions are synchronous, so the activity is read and authenticated here — by the adapter itself,
    // which keeps the result for the endpoint: the body is read, parsed and authenticated once per request.
    private static async Task AuthenticateActivityAsync(HttpContext context, RequestDelegate next)
    {
        if (IsMessagesEndpoint(context) && HttpMethods.IsPost(context.Request.Method))
        {
            try
            {
                var adapter = context.RequestServices.GetRequiredService<CloudAdapter>();
                await adapter.ReadAndAuthenticateAsync(context.Request, context.RequestAborted);
            }
            catch (IOException)
            {
                // The client went away mid-body: no conversation to limit; the adapter meets the same error.
            }
        }

        await next(context);
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var metrics = context.RequestServices.GetService<IndBotMetrics>();
        metrics?.RateLimited();
        LogRateLimited(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessageRateLimits)), (int)Math.Ceiling(retryAfter.TotalSeconds));

        if (Incoming(context) is { Authentication.Succeeded: true, Activity: { Type: ActivityTypes.Message, DeliveryMode: DeliveryModes.ExpectReplies } })
        {
            // A person in a chat gets a reply they can read, not an HTTP error their client shows as "send failed": a
            // turn of its own, answered by the adapter as any turn, that only sends the notice the bot words.
            var notice = context.RequestServices.GetRequiredService<IDirectLineRateLimitNotice>();
            await context.RequestServices.GetRequiredService<CloudAdapter>().ProcessAsync(context.Request, context.Response, new TooFastTurn(notice), cancellationToken);
            return;
        }

        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The turn of a limited chat message: the notice instead of the bot's answer.</summary>
    private sealed class TooFastTurn(IDirectLineRateLimitNotice notice) : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(notice.Create(turnContext.Activity), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached on the messages endpoint; retry after {RetryAfterSeconds} s")]
    private static partial void LogRateLimited(ILogger logger, int retryAfterSeconds);
}
