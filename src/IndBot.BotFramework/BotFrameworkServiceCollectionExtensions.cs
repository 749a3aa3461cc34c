using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly.Telemetry;

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
        services.AddOptions<ConnectorClientOptions>()
            .Bind(configuration.GetSection(ConnectorClientOptions.SectionName))
            .Validate(o => o.TurnTimeout >= TimeSpan.FromSeconds(1) && o.TurnTimeout < TimeSpan.FromSeconds(15),
                "Connector:TurnTimeout must be at least 1 second and under 15 seconds (Teams and Direct Line give up after 15 s).")
            .Validate(o => o.MaxRetryAttempts is >= 0 and <= 10, "Connector:MaxRetryAttempts must be between 0 and 10.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.AttemptTimeout <= o.TotalTimeout, "Connector:AttemptTimeout must be positive and at most Connector:TotalTimeout.")
            .Validate(o => o.AllowedServiceUrls.All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)),
                "Connector:AllowedServiceUrls must be absolute http(s) URLs such as https://directline.example.nl/bot/.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ConnectorClient.HttpClientName)
            // HttpClient's own request logging writes the full URL, and a Connector URL holds the conversation id.
            .RemoveAllLoggers()
            // A redirect would carry the reply (and our token) to wherever the connector points: never followed.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
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
            })
            // One pipeline (and circuit breaker) per serviceUrl host: a failing connector must not silence the others.
            .SelectPipelineByAuthority();
        // Polly logs every failed attempt of the last try as an error, with its stack: one unreachable connector (an
        // anonymous caller's serviceUrl) would flood the log. The adapter logs one warning per undelivered reply; the
        // attempts go to Debug, retries and an opening circuit keep their own severity.
        services.AddOptions<TelemetryOptions>().Configure(telemetry => telemetry.SeverityProvider = args =>
            args.Event.EventName == "ExecutionAttempt" ? ResilienceEventSeverity.Debug : args.Event.Severity);

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
