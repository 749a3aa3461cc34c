using System.Security.Claims;
using IndBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IndBot.BotFramework.Authentication;

/// <summary>Outcome of authenticating an incoming request.</summary>
public sealed class AuthenticateRequestResult
{
    private AuthenticateRequestResult() { }

    public bool Succeeded { get; private init; }

    /// <summary>True when the activity's serviceUrl was proven by the signed <c>serviceurl</c> claim: only then may our token go there.</summary>
    public bool ServiceUrlVerified { get; private init; }

    public ClaimsIdentity? Identity { get; private init; }

    public string? CallerId { get; private init; }

    /// <summary>Why it failed, for the log only — never for the client.</summary>
    public string? FailureReason { get; private init; }

    public static AuthenticateRequestResult Anonymous { get; } = new() { Succeeded = true };

    public static AuthenticateRequestResult Authenticated(ClaimsIdentity identity, bool serviceUrlVerified, string? callerId) =>
        new() { Succeeded = true, Identity = identity, ServiceUrlVerified = serviceUrlVerified, CallerId = callerId };

    public static AuthenticateRequestResult Failed(string reason) => new() { FailureReason = reason };
}

/// <summary>Validates the bearer token of requests from channels and the Emulator.</summary>
public interface IBotFrameworkAuthenticator
{
    Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string? authorizationHeader, CancellationToken cancellationToken);
}

/// <summary>
/// Channel tokens (issuer api.botframework.com, audience = app id, key endorsed for the channel, serviceurl claim) and
/// Emulator tokens (AAD issuers, appid/azp = app id), as in the SDK's <c>JwtTokenValidation</c>.
/// </summary>
public sealed partial class BotFrameworkAuthenticator : IBotFrameworkAuthenticator
{
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    private readonly BotFrameworkAuthenticationOptions _options;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _channelKeys;
    private readonly ConfigurationManager<IDictionary<string, HashSet<string>>>? _channelEndorsements;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _emulatorKeys;
    private readonly HashSet<string> _emulatorIssuers;

    public BotFrameworkAuthenticator(
        IOptions<BotFrameworkAuthenticationOptions> options,
        IHttpClientFactory httpClientFactory,
        ILogger<BotFrameworkAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));

        _emulatorIssuers = new HashSet<string>(EmulatorIssuers, StringComparer.Ordinal);
        if (_options.IsSingleTenant && !string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId))
        {
            // SDK accepts these for the token's tid; we pin the configured tenant (same result for real tokens, stricter otherwise).
            _emulatorIssuers.Add($"https://sts.windows.net/{_options.MicrosoftAppTenantId}/");
            _emulatorIssuers.Add($"https://login.microsoftonline.com/{_options.MicrosoftAppTenantId}/v2.0");
        }

        if (_options.IsAuthenticationDisabled)
        {
            return;
        }

        var httpClient = httpClientFactory.CreateClient(ClientCredentialsTokenProvider.HttpClientName);
        var channelRetriever = CreateDocumentRetriever(httpClient, _options.ToBotFromChannelOpenIdMetadataUrl);
        _channelKeys = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.ToBotFromChannelOpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), channelRetriever);
        _channelEndorsements = new ConfigurationManager<IDictionary<string, HashSet<string>>>(
            _options.ToBotFromChannelOpenIdMetadataUrl, new EndorsementsRetriever(), channelRetriever);
        _emulatorKeys = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.ToBotFromEmulatorOpenIdMetadataUrl,
            new OpenIdConnectConfigurationRetriever(),
            CreateDocumentRetriever(httpClient, _options.ToBotFromEmulatorOpenIdMetadataUrl));
    }

    public async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string? authorizationHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);

        if (_options.IsAuthenticationDisabled)
        {
            // SDK: anonymous is accepted only without a header; a header against a bot without app id fails.
            return string.IsNullOrEmpty(authorizationHeader)
                ? AuthenticateRequestResult.Anonymous
                : AuthenticateRequestResult.Failed("Authorization header sent but the bot has no MicrosoftAppId.");
        }

        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return AuthenticateRequestResult.Failed("Missing Authorization header.");
        }

        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return AuthenticateRequestResult.Failed("Authorization header is not 'Bearer <token>'.");
        }

        var token = parts[1];
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever cannot be read as a JWT (bad base64, a header that is not JSON, five parts: IDX10400 throws a
            // FormatException) is a 401 like any other bad token, never a 500.
            return AuthenticateRequestResult.Failed($"Token is not a readable JWT ({ex.GetType().Name}).");
        }

        try
        {
            return _emulatorIssuers.Contains(jwt.Issuer)
                ? await ValidateEmulatorTokenAsync(token, cancellationToken).ConfigureAwait(false)
                : await ValidateChannelTokenAsync(token, jwt, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or SecurityTokenException or ArgumentException or IOException)
        {
            // Metadata unreachable or a token the handler rejects by throwing: still a 401, never a 500.
            LogValidationError(_logger, ex);
            return AuthenticateRequestResult.Failed("Token could not be validated.");
        }
    }

    private async Task<AuthenticateRequestResult> ValidateChannelTokenAsync(string token, JsonWebToken jwt, Activity activity, CancellationToken cancellationToken)
    {
        var config = await _channelKeys!.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var parameters = CreateParameters(config);
        parameters.ValidIssuer = _options.ToBotFromChannelTokenIssuer;
        parameters.ValidateAudience = true;
        parameters.ValidAudience = _options.MicrosoftAppId;

        var result = await ValidateAsync(token, parameters, _channelKeys).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthenticateRequestResult.Failed($"Channel token invalid: {result.Exception?.GetType().Name}");
        }

        var endorsements = await _channelEndorsements!.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(jwt.Kid) || !endorsements.TryGetValue(jwt.Kid, out var channels))
        {
            return AuthenticateRequestResult.Failed("Signing key has no endorsements.");
        }

        if (!string.IsNullOrEmpty(activity.ChannelId) && !channels.Contains(activity.ChannelId))
        {
            return AuthenticateRequestResult.Failed("Signing key is not endorsed for the channel.");
        }

        var serviceUrlClaim = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
        if (string.IsNullOrEmpty(serviceUrlClaim) || !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateRequestResult.Failed("serviceurl claim does not match the activity.");
        }

        return AuthenticateRequestResult.Authenticated(result.ClaimsIdentity, serviceUrlVerified: true, CallerIdConstants.PublicAzureChannel);
    }

    private async Task<AuthenticateRequestResult> ValidateEmulatorTokenAsync(string token, CancellationToken cancellationToken)
    {
        var config = await _emulatorKeys!.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var parameters = CreateParameters(config);
        parameters.ValidIssuers = _emulatorIssuers;
        // SDK does not check aud on Emulator tokens; it checks appid (v1) / azp (v2) below.
        parameters.ValidateAudience = false;

        var result = await ValidateAsync(token, parameters, _emulatorKeys).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthenticateRequestResult.Failed($"Emulator token invalid: {result.Exception?.GetType().Name}");
        }

        var version = result.ClaimsIdentity.FindFirst("ver")?.Value;
        var appIdClaim = version switch
        {
            null or "" or "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        var appId = appIdClaim is null ? null : result.ClaimsIdentity.FindFirst(appIdClaim)?.Value;
        if (appId is null || !string.Equals(appId, _options.MicrosoftAppId, StringComparison.Ordinal))
        {
            return AuthenticateRequestResult.Failed("Emulator token is not for this app id.");
        }

        // Emulator tokens carry no serviceurl claim, so the (localhost) serviceUrl is not proven: no token is sent back.
        return AuthenticateRequestResult.Authenticated(result.ClaimsIdentity, serviceUrlVerified: false, callerId: null);
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, TokenValidationParameters parameters, ConfigurationManager<OpenIdConnectConfiguration> keys)
    {
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys can roll at any time: ask for fresh metadata (rate-limited by the configuration manager).
            keys.RequestRefresh();
        }

        return result;
    }

    private static TokenValidationParameters CreateParameters(OpenIdConnectConfiguration config) => new()
    {
        ValidateIssuer = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = ClockSkew,
        IssuerSigningKeys = config.SigningKeys,
        ValidAlgorithms = AllowedAlgorithms,
        TryAllIssuerSigningKeys = false,
    };

    private static HttpDocumentRetriever CreateDocumentRetriever(HttpClient httpClient, string url) => new(httpClient)
    {
        // Plain http only for loopback metadata (tests serve it on 127.0.0.1).
        RequireHttps = !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Framework token validation failed")]
    private static partial void LogValidationError(ILogger logger, Exception exception);
}
