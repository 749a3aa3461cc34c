using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

public static class DirectLineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the self-hosted Direct Line 3.0 endpoint (options from the "DirectLine" section, validated at start-up).
    /// Needs <see cref="CloudAdapter"/> (AddBotFramework) and an <see cref="IBot"/> in DI; map the routes with MapDirectLine.
    /// </summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .Validate(o => o.TokenLifetime > TimeSpan.Zero && o.TokenLifetime <= TimeSpan.FromDays(1), "DirectLine:TokenLifetime must be between 0 and 1 day.")
            .Validate(o => o.ConversationIdleTimeout > TimeSpan.Zero, "DirectLine:ConversationIdleTimeout must be positive.")
            .Validate(o => o.MaxConversations > 0 && o.MaxActivitiesPerConversation > 0, "DirectLine:MaxConversations and MaxActivitiesPerConversation must be positive.")
            .Validate(o => o.MaxRequestBodyBytes is > 0 and <= 256 * 1024, "DirectLine:MaxRequestBodyBytes must be between 1 and 262144.")
            .Validate(o => o.MaxTextLength > 0, "DirectLine:MaxTextLength must be positive.")
            .Validate(o => o.MaxBytesPerConversation >= o.MaxRequestBodyBytes && o.MaxStoreBytes >= o.MaxBytesPerConversation,
                "DirectLine:MaxBytesPerConversation must be at least MaxRequestBodyBytes, and MaxStoreBytes at least MaxBytesPerConversation.")
            .Validate(o => o.MaxPageBytes >= o.MaxRequestBodyBytes, "DirectLine:MaxPageBytes must be at least MaxRequestBodyBytes.")
            .Validate(o => o.RateLimit.ActivitiesPerConversationPerMinute > 0 && o.RateLimit.ActivitiesPerIpPerMinute > 0 && o.RateLimit.ConversationsPerIpPerMinute > 0,
                "DirectLine:RateLimit values must be positive.")
            .Validate(o => o.GenerateTokenUrl.IsAbsoluteUri && o.GenerateTokenUrl.Scheme == Uri.UriSchemeHttps, "DirectLine:GenerateTokenUrl must be an absolute https URL.")
            .Validate(o => o.AllowedOrigins.All(origin => Uri.TryCreate(origin, UriKind.Absolute, out _)), "DirectLine:AllowedOrigins must be absolute origins such as https://www.example.nl.")
            .Validate(o => o.StreamHeartbeat >= TimeSpan.FromSeconds(1) && o.StreamHeartbeat <= TimeSpan.FromMinutes(5), "DirectLine:StreamHeartbeat must be between 1 second and 5 minutes.")
            .Validate(o => o.MaxStreams > 0, "DirectLine:MaxStreams must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        // Singletons: the token key, the conversations and the rate-limit buckets live for the process.
        services.TryAddSingleton<IDirectLineSigningKey, RandomDirectLineSigningKey>();
        services.TryAddSingleton<DirectLineTokenService>();
        services.TryAddSingleton<DirectLineConversationStore>();
        // Another store (Redis, shared by every instance) replaces this one; the cleanup sweeps only the memory store.
        services.TryAddSingleton<IDirectLineStore>(sp => sp.GetRequiredService<DirectLineConversationStore>());
        services.TryAddSingleton<DirectLineRateLimiter>();
        services.TryAddSingleton<IDirectLineTurnRunner, CloudAdapterTurnRunner>();
        services.TryAddSingleton<IDirectLineRateLimitNotice, ConfiguredRateLimitNotice>();
        services.TryAddSingleton<DirectLineService>();
        services.TryAddSingleton<DirectLineStreams>();
        // The pages of DirectLine:AllowedOrigins may call the routes (read at each request, so a changed list applies at
        // once); any other origin gets no CORS headers, and its browser keeps the response from the page.
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptionsMonitor<DirectLineOptions>>((cors, directLine) => cors.AddPolicy(DirectLineEndpoints.CorsPolicyName, policy => policy
            .SetIsOriginAllowed(origin => IsAllowedOrigin(origin, directLine.CurrentValue.AllowedOrigins))
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type", "Accept", "x-ms-bot-agent", "x-requested-with")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        services.AddHttpClient<AzureDirectLineTokenClient>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<DirectLineCleanupService>();
        return services;
    }

    private static bool IsAllowedOrigin(string origin, IEnumerable<string> allowed) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
        && allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var allowedUri)
            && string.Equals(allowedUri.GetLeftPart(UriPartial.Authority), originUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
}
