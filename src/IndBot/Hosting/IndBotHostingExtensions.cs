using IndBot.Bot;
using IndBot.BotFramework;
using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.State;
using IndBot.Feedback;
using IndBot.Snapshots;
using IndBot.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using IndBot.Telemetry;

namespace IndBot.Hosting;

/// <summary>The pieces Program.cs lists: default address, knowledge, the bot, and its endpoints.</summary>
public static class IndBotHostingExtensions
{
    /// <summary>The port the Bot Framework tools expect.</summary>
    public const int DefaultPort = 3978;

    /// <summary>
    /// Listens on http://localhost:3978 unless the operator bound an address (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c>, Kestrel endpoints). Without a <c>MicrosoftAppId</c> there is no channel
    /// authentication, so only loopback; with one, every interface.
    /// </summary>
    public static WebApplicationBuilder UseIndBotDefaultUrls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var bound = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!bound)
        {
            var host = string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]) ? "localhost" : "*";
            builder.WebHost.UseUrls($"http://{host}:{DefaultPort}");
        }

        return builder;
    }

    /// <summary>Knowledge options, the <see cref="KnowledgeState"/> and the background service that loads (and reloads) it.</summary>
    public static WebApplicationBuilder AddIndBotKnowledge(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<IndBotMetrics>();
        builder.Services.AddSingleton<KnowledgeState>();
        builder.Services.AddHostedService<KnowledgeLoaderService>();
        return builder;
    }

    /// <summary>
    /// The bot, its adapter with the turn error boundary, metrics, conversation state and feedback — in Redis when
    /// <c>ConnectionStrings:Redis</c> is set, else in memory (state) and a JSON-lines file (feedback, <c>Feedback:Path</c>).
    /// Call after AddBotFramework.
    /// </summary>
    public static IServiceCollection AddIndBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis && !string.IsNullOrWhiteSpace(redis))
        {
            // One multiplexer for conversation state and feedback.
            services.AddSingleton(_ => new RedisConnection(redis));
            services.Replace(ServiceDescriptor.Singleton<IStorage>(sp => new RedisStorage(sp.GetRequiredService<RedisConnection>())));
            services.AddSingleton<IFeedbackStore>(sp => new RedisFeedbackStore(sp.GetRequiredService<RedisConnection>()));
            // Direct Line conversations, activities, watermarks and the token key too: a widget's conversation goes on
            // at whichever instance its next request reaches, and its stream follows it through pub/sub.
            services.Replace(ServiceDescriptor.Singleton<IDirectLineStore>(sp => new RedisDirectLineStore(
                sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<IOptionsMonitor<BotFramework.DirectLine.DirectLineOptions>>())));
            services.Replace(ServiceDescriptor.Singleton<IDirectLineSigningKey>(sp => new RedisDirectLineSigningKey(sp.GetRequiredService<RedisConnection>())));
        }
        else
        {
            services.AddSingleton<IFeedbackStore>(sp => new JsonLinesFeedbackStore(
                FeedbackOptions.Resolve(sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.Path, sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
                sp.GetRequiredService<ILogger<JsonLinesFeedbackStore>>()));
        }

        services.AddOptions<IndBotOptions>().BindConfiguration(IndBotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Kestrel stops accepting, then waits this long for requests in progress: a turn that has started finishes.
        services.AddOptions<HostOptions>().Configure<IOptions<IndBotOptions>>((host, bot) => host.ShutdownTimeout = bot.Value.ShutdownTimeout);
        services.TryAddSingleton<KnowledgeState>();
        services.AddSingleton<ConversationState>();
        services.AddSingleton<FeedbackRecorder>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<IndBotMetrics>();

        // Singletons: the adapter holds no per-request state; the bot keeps its state in storage.
        services.Replace(ServiceDescriptor.Singleton<CloudAdapter, IndBotAdapter>());
        services.AddSingleton<IndBotActivityHandler>();
        services.AddSingleton<TooFastNotice>();
        services.Replace(ServiceDescriptor.Singleton<IDirectLineRateLimitNotice>(sp => sp.GetRequiredService<TooFastNotice>()));
        services.AddHostedService<AnonymousModeWarning>();
        services.Replace(ServiceDescriptor.Singleton<IBot>(sp => sp.GetRequiredService<IndBotActivityHandler>()));
        return services;
    }

    /// <summary><c>POST /api/messages</c>: hands the request to the adapter, under the <see cref="MessageRateLimits"/> policy.</summary>
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/messages", (HttpRequest request, HttpResponse response, CloudAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
                adapter.ProcessAsync(request, response, bot, cancellationToken))
            .RequireRateLimiting(MessageRateLimits.PolicyName);
        return endpoints;
    }
}
