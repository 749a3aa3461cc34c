using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the protocol layer: options from the configuration root (SDK key names, validated at start-up),
    /// <see cref="CloudAdapter"/>, authentication, the resilient Connector client, the token provider and a default
    /// <see cref="IStorage"/> (<see cref="MemoryStorage"/>).
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BotFrameworkAuthenticationOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkAuthenticationOptions>, BotFrameworkAuthenticationOptionsValidator>());
        services.AddOptions<ConnectorClientOptions>();

        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ConnectorClient.HttpClientName)
            // HttpClient's own request logging writes the full URL, and a Connector URL holds the conversation id.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            {
                var options = provider.GetRequiredService<IOptions<ConnectorClientOptions>>().Value;
                resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
                resilience.Retry.Delay = options.RetryDelay;
                resilience.Retry.UseJitter = true;
                resilience.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                // The circuit breaker requires a sampling window of at least twice the attempt timeout.
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2));
            });
        services.AddHttpClient(ClientCredentialsTokenProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));

        // Singletons: they cache tokens and signing keys for the process lifetime.
        services.TryAddSingleton<IAccessTokenProvider, ClientCredentialsTokenProvider>();
        services.TryAddSingleton<IBotFrameworkAuthenticator, BotFrameworkAuthenticator>();
        services.TryAddSingleton<IConnectorClientFactory, ConnectorClientFactory>();
        services.TryAddSingleton<CloudAdapter>();
        services.TryAddSingleton<IStorage, MemoryStorage>();
        return services;
    }
}
