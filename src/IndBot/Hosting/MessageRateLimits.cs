using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using IndBot.Answers.Decisions;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IndBot.Hosting;

/// <summary>Message limits on <c>/api/messages</c> ("RateLimits" section); 0 switches a limit off.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Messages per conversation (channel + conversation id) per minute.</summary>
    [Range(0, 100_000)]
    public int PerConversationPerMinute { get; set; } = 30;

    /// <summary>
    /// Requests per client address per minute. Behind Azure Bot Service every channel's traffic arrives from the
    /// Bot Connector's few addresses: raise it (or set 0) there and rely on the per-conversation limit.
    /// </summary>
    [Range(0, 1_000_000)]
    public int PerIpPerMinute { get; set; } = 120;
}

/// <summary>
/// ASP.NET Core rate limiting for <c>/api/messages</c>, partitioned per client address and per conversation. A chat user
/// over the limit gets a friendly message in their language (expectReplies: a 200 with the reply); other traffic gets
/// 429 with Retry-After.
/// </summary>
public static partial class MessageRateLimits
{
    private const string MessagesPath = "/api/messages";
    private const string PeekKey = "IndBot.MessagePeek";
    private const string TooFastEnglish = "You're sending messages very quickly. Please wait a moment and then ask your question again.";
    private const string TooFastDutch = "Je stuurt erg snel berichten. Wacht even en stel je vraag dan opnieuw.";

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
                options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(context =>
                        !IsMessagesRequest(context.Request) || perIp == 0
                            ? RateLimitPartition.GetNoLimiter("none")
                            : RateLimitPartition.GetFixedWindowLimiter("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => PerMinute(perIp))),
                    PartitionedRateLimiter.Create<HttpContext, string>(context =>
                        perConversation == 0 || context.Items[PeekKey] is not Activity { Conversation.Id: { Length: > 0 } conversationId } activity
                            ? RateLimitPartition.GetNoLimiter("none")
                            : RateLimitPartition.GetFixedWindowLimiter($"conversation:{activity.ChannelId}|{conversationId}", _ => PerMinute(perConversation))));
                options.OnRejected = RejectAsync;
            });
        return services;
    }

    /// <summary>Reads the activity's conversation (the limiter's partition key) and applies the limits.</summary>
    public static IApplicationBuilder UseIndBotRateLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(PeekActivityAsync);
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

    private static bool IsMessagesRequest(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(MessagesPath, StringComparison.OrdinalIgnoreCase);

    // The partition function is synchronous, so the activity is read here — with the adapter's own reader, which keeps
    // the result for the adapter: the body is read and parsed once per request.
    private static async Task PeekActivityAsync(HttpContext context, RequestDelegate next)
    {
        if (IsMessagesRequest(context.Request))
        {
            try
            {
                var incoming = await CloudAdapter.ReadIncomingActivityAsync(context.Request, context.RequestAborted);
                if (incoming.Activity is { } activity)
                {
                    context.Items[PeekKey] = activity;
                }
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

        if (context.Items[PeekKey] is Activity { Type: ActivityTypes.Message, DeliveryMode: DeliveryModes.ExpectReplies } activity)
        {
            // A person in a chat gets a reply they can read, not an HTTP error their client shows as "send failed".
            var language = LanguageDetector.FromLocale(activity.Locale) ?? Languages.English;
            var reply = activity.CreateReply(language == Languages.Dutch ? TooFastDutch : TooFastEnglish, language == Languages.Dutch ? "nl-NL" : "en-US");
            reply.InputHint = InputHints.AcceptingInput;
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, new ExpectedReplies { Activities = [reply] }, BotJsonContext.Default.ExpectedReplies, cancellationToken);
            return;
        }

        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached on /api/messages; retry after {RetryAfterSeconds} s")]
    private static partial void LogRateLimited(ILogger logger, int retryAfterSeconds);
}
