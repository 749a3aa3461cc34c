using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.Authentication;

/// <summary>Bearer tokens for bot → channel calls.</summary>
public interface IAccessTokenProvider
{
    /// <summary>False when authentication is disabled: then no token is ever sent.</summary>
    bool IsEnabled { get; }

    Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}

/// <summary>
/// OAuth2 client-credentials token (<c>POST {login}/oauth2/v2.0/token</c>), cached until 5 minutes before expiry.
/// A plain form POST rather than MSAL so that a loopback http authority works in tests.
/// </summary>
public sealed partial class ClientCredentialsTokenProvider : IAccessTokenProvider, IDisposable
{
    /// <summary>Name of the HttpClient used for token and OpenID metadata requests.</summary>
    public const string HttpClientName = "IndBot.BotFramework.Auth";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly BotFrameworkAuthenticationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ClientCredentialsTokenProvider> _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile CachedToken? _cached;

    public ClientCredentialsTokenProvider(
        IHttpClientFactory httpClientFactory,
        IOptions<BotFrameworkAuthenticationOptions> options,
        TimeProvider timeProvider,
        ILogger<ClientCredentialsTokenProvider> logger)
    {
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public bool IsEnabled => !_options.IsAuthenticationDisabled;

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            throw new InvalidOperationException("Authentication is disabled (no MicrosoftAppId); no token can be requested.");
        }

        var cached = _cached;
        if (!forceRefresh && cached is not null && _timeProvider.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Token;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while we waited.
            cached = _cached;
            if (cached is not null && _timeProvider.GetUtcNow() < cached.RefreshAt && (!forceRefresh || cached.FetchedAt > _timeProvider.GetUtcNow() - TimeSpan.FromSeconds(5)))
            {
                return cached.Token;
            }

            _cached = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            return _cached.Token;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var tokenUrl = _options.EffectiveLoginUrl + "/oauth2/v2.0/token";
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _options.MicrosoftAppId!,
                ["client_secret"] = _options.MicrosoftAppPassword ?? string.Empty,
                ["scope"] = _options.ToChannelFromBotOAuthScope.TrimEnd('/') + "/.default",
            }),
        };

        var client = _httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            LogTokenRequestFailed(_logger, (int)response.StatusCode);
            throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}.");
        }

        var now = _timeProvider.GetUtcNow();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("access_token", out var tokenElement)
            || tokenElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(tokenElement.GetString()))
        {
            throw new InvalidOperationException("The token endpoint answered without an access_token.");
        }

        var expiresIn = 3600L;
        if (root.TryGetProperty("expires_in", out var expiresElement))
        {
            if (expiresElement.ValueKind == JsonValueKind.Number && expiresElement.TryGetInt64(out var n))
            {
                expiresIn = n;
            }
            else if (expiresElement.ValueKind == JsonValueKind.String && long.TryParse(expiresElement.GetString(), out n))
            {
                expiresIn = n;
            }
        }

        var expiresAt = now + TimeSpan.FromSeconds(expiresIn);
        return new CachedToken(tokenElement.GetString()!, now, expiresAt - RefreshMargin);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot token request failed with status {StatusCode}")]
    private static partial void LogTokenRequestFailed(ILogger logger, int statusCode);

    private sealed record CachedToken(string Token, DateTimeOffset FetchedAt, DateTimeOffset RefreshAt);
}
