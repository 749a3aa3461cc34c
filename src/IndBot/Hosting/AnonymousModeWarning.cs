using System.Net;
using IndBot.BotFramework.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IndBot.Hosting;

/// <summary>
/// Tells the operator at start, as a warning, when authentication is off (no <c>MicrosoftAppId</c>): anyone who reaches
/// <c>/api/messages</c> is accepted, so the bot belongs on loopback; and warns again, naming them, about every address
/// reachable from other machines (<c>--urls http://0.0.0.0:…</c>).
/// </summary>
public sealed partial class AnonymousModeWarning : IHostedService
{
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IOptions<BotFrameworkAuthenticationOptions> _authentication;
    private readonly ILogger<AnonymousModeWarning> _logger;

    public AnonymousModeWarning(IServer server, IHostApplicationLifetime lifetime, IOptions<BotFrameworkAuthenticationOptions> authentication, ILogger<AnonymousModeWarning> logger)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
        _authentication = authentication ?? throw new ArgumentNullException(nameof(authentication));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The addresses are known only once the server listens.
        _lifetime.ApplicationStarted.Register(() => Warn(
            _logger,
            _authentication.Value.IsAuthenticationDisabled,
            _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Logs the warnings for this configuration and these listening addresses.</summary>
    public static void Warn(ILogger logger, bool authenticationDisabled, IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(addresses);
        if (!authenticationDisabled)
        {
            return;
        }

        LogAuthenticationOff(logger);
        var exposed = addresses.Where(address => !IsLoopback(address)).ToList();
        if (exposed.Count > 0)
        {
            LogListeningBeyondLoopback(logger, string.Join(", ", exposed));
        }
    }

    private static bool IsLoopback(string address)
    {
        // Kestrel's wildcard forms (*, +, 0.0.0.0, [::]) mean every interface.
        var host = BindingAddress.Parse(address).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication is off: no MicrosoftAppId is configured, so /api/messages accepts requests without a token. " +
        "This is for local use with the Emulator; replies go only to loopback serviceUrls or Connector:AllowedServiceUrls. Set MicrosoftAppId and MicrosoftAppPassword for any other use.")]
    private static partial void LogAuthenticationOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication is off and the bot listens on {Addresses}, reachable from other machines: anyone there can talk to it unauthenticated. Listen on localhost only, or set MicrosoftAppId.")]
    private static partial void LogListeningBeyondLoopback(ILogger logger, string addresses);
}
