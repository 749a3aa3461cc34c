using System.Text.Json;
using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.Tests.Infrastructure;
using IndBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace IndBot.BotFramework.Tests;

/// <summary>
/// Authenticated bot against a fake Bot Framework on 127.0.0.1: OpenID metadata + JWKS with endorsements, an Emulator
/// metadata endpoint, a client-credentials token endpoint and a Connector that records replies.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ChannelIssuer = "https://api.botframework.com";
    private const string EmulatorIssuerV1 = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";
    private const string EmulatorIssuerV2 = "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0";

    private static readonly TestSigningKey SharedChannelKey = new("channel-key", "msteams", "directline", "webchat");
    private static readonly TestSigningKey SharedUnendorsedKey = new("unendorsed-key", null);
    private static readonly TestSigningKey SharedEmulatorKey = new("emulator-key", null);
    private static readonly TestSigningKey SharedAttackerKey = new("channel-key", "msteams");
    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;
    private CloudAdapter _adapter = null!;
    private int _tokensIssued;

    private string ServiceUrl => _server.BaseUrl + "/amer/";

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(HandleAsync);
        _services = AdapterHarness.BuildServices(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "s3cret",
            ["ToBotFromChannelOpenIdMetadataUrl"] = _server.BaseUrl + "/channel/openid",
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = _server.BaseUrl + "/emulator/openid",
            ["ToChannelFromBotLoginUrl"] = _server.BaseUrl + "/login",
        });
        _adapter = _services.GetRequiredService<CloudAdapter>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ValidChannelToken_Returns200AndReplyCarriesIssuedToken()
    {
        var result = await PostAsync(Message("msteams", ServiceUrl), "Bearer " + ChannelToken());

        Assert.Equal(200, result.Status);
        var reply = Assert.Single(_server.Requests, r => r.Path.Contains("/v3/", StringComparison.Ordinal));
        Assert.Equal("/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1/activities/1481567603816", reply.RawTarget);
        Assert.Equal("Bearer issued-token-1", reply.Authorization);
        var tokenRequest = Assert.Single(_server.Requests, r => r.Path.EndsWith("/token", StringComparison.Ordinal));
        Assert.Equal("/login/oauth2/v2.0/token", tokenRequest.Path);
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains($"client_id={AppId}", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains("client_secret=s3cret", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoTurns_ReuseCachedOutgoingToken()
    {
        await PostAsync(Message("msteams", ServiceUrl), "Bearer " + ChannelToken());
        await PostAsync(Message("msteams", ServiceUrl), "Bearer " + ChannelToken());

        Assert.Equal(1, _tokensIssued);
        Assert.All(_server.Requests.Where(r => r.Path.Contains("/v3/", StringComparison.Ordinal)), r => Assert.Equal("Bearer issued-token-1", r.Authorization));
    }

    [Fact]
    public async Task ServiceUrlClaimMatchesIgnoringCase_IsAccepted()
    {
        var result = await PostAsync(Message("msteams", ServiceUrl), "Bearer " + ChannelToken(serviceUrl: ServiceUrl.ToUpperInvariant().Replace("HTTP://", "http://", StringComparison.Ordinal)));

        Assert.Equal(200, result.Status);
    }

    public enum BadToken
    {
        Missing,
        NotBearer,
        Garbage,
        ForgedSignature,
        WrongAudience,
        WrongIssuer,
        Expired,
        NotEndorsedForChannel,
        KeyWithoutEndorsements,
        ServiceUrlMismatch,
        ServiceUrlMissing,
        Hs256,
        AlgNone,
        UnknownKid,
        EmulatorTokenForOtherApp,
        EmulatorTokenUnknownVersion,
        EmulatorIssuerSignedByChannelKey,
        TwoParts,
    }

    [Theory]
    [InlineData(BadToken.Missing)]
    [InlineData(BadToken.NotBearer)]
    [InlineData(BadToken.Garbage)]
    [InlineData(BadToken.ForgedSignature)]
    [InlineData(BadToken.WrongAudience)]
    [InlineData(BadToken.WrongIssuer)]
    [InlineData(BadToken.Expired)]
    [InlineData(BadToken.NotEndorsedForChannel)]
    [InlineData(BadToken.KeyWithoutEndorsements)]
    [InlineData(BadToken.ServiceUrlMismatch)]
    [InlineData(BadToken.ServiceUrlMissing)]
    [InlineData(BadToken.Hs256)]
    [InlineData(BadToken.AlgNone)]
    [InlineData(BadToken.UnknownKid)]
    [InlineData(BadToken.EmulatorTokenForOtherApp)]
    [InlineData(BadToken.EmulatorTokenUnknownVersion)]
    [InlineData(BadToken.EmulatorIssuerSignedByChannelKey)]
    [InlineData(BadToken.TwoParts)]
    public async Task BadToken_Returns401AndSendsNothing(BadToken kind)
    {
        var channelId = kind == BadToken.NotEndorsedForChannel ? "slack" : "msteams";
        string? header = kind switch
        {
            BadToken.Missing => null,
            BadToken.NotBearer => "Basic " + ChannelToken(),
            BadToken.Garbage => "Bearer not-a-jwt",
            BadToken.ForgedSignature => "Bearer " + ChannelToken(key: SharedAttackerKey.SecurityKey),
            BadToken.WrongAudience => "Bearer " + ChannelToken(audience: "someone-else"),
            BadToken.WrongIssuer => "Bearer " + ChannelToken(issuer: "https://evil.example"),
            BadToken.Expired => "Bearer " + ChannelToken(expires: DateTime.UtcNow.AddMinutes(-6)),
            BadToken.NotEndorsedForChannel => "Bearer " + ChannelToken(),
            BadToken.KeyWithoutEndorsements => "Bearer " + ChannelToken(key: SharedUnendorsedKey.SecurityKey),
            BadToken.ServiceUrlMismatch => "Bearer " + ChannelToken(serviceUrl: "https://evil.example/"),
            BadToken.ServiceUrlMissing => "Bearer " + TokenIssuer.Create(SharedChannelKey.SecurityKey, ChannelIssuer, AppId),
            BadToken.Hs256 => "Bearer " + ChannelToken(key: new SymmetricSecurityKey(new byte[32]) { KeyId = "channel-key" }, algorithm: SecurityAlgorithms.HmacSha256),
            BadToken.AlgNone => "Bearer " + TokenIssuer.Unsigned(ChannelIssuer, AppId, ServiceUrl),
            BadToken.UnknownKid => "Bearer " + ChannelToken(key: new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "who-knows" }),
            BadToken.EmulatorTokenForOtherApp => "Bearer " + EmulatorToken(EmulatorIssuerV1, "appid", "other-app", "1.0"),
            BadToken.EmulatorTokenUnknownVersion => "Bearer " + EmulatorToken(EmulatorIssuerV1, "appid", AppId, "3.0"),
            BadToken.EmulatorIssuerSignedByChannelKey => "Bearer " + TokenIssuer.Create(SharedChannelKey.SecurityKey, EmulatorIssuerV1, AppId, new Dictionary<string, object> { ["appid"] = AppId, ["ver"] = "1.0" }),
            BadToken.TwoParts => "Bearer " + ChannelToken() + " extra",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var result = await PostAsync(Message(channelId, ServiceUrl), header);

        Assert.Equal(401, result.Status);
        Assert.Equal("Unauthorized", JsonDocument.Parse(result.Body).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains("/v3/", StringComparison.Ordinal) || r.Path.EndsWith("/token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("e30.a.b.c.d")]
    [InlineData("e30.e30.e30.e30.e30")]
    [InlineData("e30.e30.")]
    [InlineData("e30.e30.e30")]
    [InlineData("bnVsbA.bnVsbA.")]
    [InlineData("WzFd.WzFd.x")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.%%%%.x")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOiJub3cifQ.x")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6MX0.eyJpc3MiOjF9.x")]
    [InlineData("....")]
    [InlineData("a.b.c")]
    public async Task MalformedToken_Returns401(string token)
    {
        var result = await PostAsync(Message("msteams", ServiceUrl), "Bearer " + token);

        Assert.Equal(401, result.Status);
        Assert.Equal("Unauthorized", JsonDocument.Parse(result.Body).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unauthorized_ChannelIdIsLoggedBoundedAndWithoutControlCharacters()
    {
        var logs = new CapturingLoggerProvider();
        using var services = AdapterHarness.BuildServices(
            new Dictionary<string, string?> { ["MicrosoftAppId"] = AppId, ["MicrosoftAppPassword"] = "s3cret" },
            s => s.AddLogging(b => b.AddProvider(logs)));
        var forged = "msteams\r\n2026-01-01 [Error] forged entry\u001b[2J" + new string('x', 200_000);
        var body = Message("msteams", ServiceUrl).Replace("\"channelId\":\"msteams\"", "\"channelId\":" + JsonSerializer.Serialize(forged), StringComparison.Ordinal);

        var result = await AdapterHarness.PostAsync(services.GetRequiredService<CloudAdapter>(), new EchoBot(), body);

        Assert.Equal(401, result.Status);
        var line = Assert.Single(logs.Logs, l => l.Message.StartsWith("Rejected unauthorized request", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', line.Message + line.State);
        Assert.DoesNotContain('\n', line.Message + line.State);
        Assert.DoesNotContain('\u001b', line.Message + line.State);
        Assert.InRange(line.Message.Length, 1, 300);
    }

    [Fact]
    public async Task ExpiredWithinClockSkew_IsAccepted()
    {
        var result = await PostAsync(Message("msteams", ServiceUrl), "Bearer " + ChannelToken(expires: DateTime.UtcNow.AddMinutes(-4)));

        Assert.Equal(200, result.Status);
    }

    [Theory]
    [InlineData(EmulatorIssuerV1, "appid", "1.0")]
    [InlineData(EmulatorIssuerV1, "appid", null)]
    [InlineData(EmulatorIssuerV2, "azp", "2.0")]
    public async Task EmulatorToken_IsAcceptedButReplyCarriesNoToken(string issuer, string appIdClaim, string? version)
    {
        var result = await PostAsync(Message("emulator", ServiceUrl), "Bearer " + EmulatorToken(issuer, appIdClaim, AppId, version));

        Assert.Equal(200, result.Status);
        var reply = Assert.Single(_server.Requests, r => r.Path.Contains("/v3/", StringComparison.Ordinal));
        Assert.Null(reply.Authorization);
        Assert.Equal(0, _tokensIssued);
    }

    [Fact]
    public async Task ExpectReplies_WithValidToken_ReturnsActivitiesAndPostsNothing()
    {
        var body = Message("msteams", ServiceUrl).Replace("\"type\":\"message\"", "\"type\":\"message\",\"deliveryMode\":\"expectReplies\"", StringComparison.Ordinal);

        var result = await PostAsync(body, "Bearer " + ChannelToken());

        Assert.Equal(200, result.Status);
        Assert.Equal("echo: hello", JsonSerializer.Deserialize(result.Body, BotJsonContext.Default.ExpectedReplies)!.Activities.Single().Text);
        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains("/v3/", StringComparison.Ordinal) || r.Path.EndsWith("/token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MetadataUnreachable_Returns401NotServerError()
    {
        using var services = AdapterHarness.BuildServices(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "s3cret",
            ["ToBotFromChannelOpenIdMetadataUrl"] = _server.BaseUrl + "/missing/openid",
        });

        var result = await AdapterHarness.PostAsync(services.GetRequiredService<CloudAdapter>(), new EchoBot(), Message("msteams", ServiceUrl), authorization: "Bearer " + ChannelToken());

        Assert.Equal(401, result.Status);
    }

    [Fact]
    public async Task TokenProvider_CachesUntilFiveMinutesBeforeExpiry()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var services = AdapterHarness.BuildServices(
            new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppPassword"] = "s3cret",
                ["ToChannelFromBotLoginUrl"] = _server.BaseUrl + "/login",
            },
            s => s.AddSingleton<TimeProvider>(time));
        var provider = services.GetRequiredService<IAccessTokenProvider>();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetTokenAsync(false, CancellationToken.None)));
        time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await provider.GetTokenAsync(false, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var refreshed = await provider.GetTokenAsync(false, CancellationToken.None);

        Assert.All(tokens, t => Assert.Equal("issued-token-1", t));
        Assert.Equal("issued-token-1", stillCached);
        Assert.Equal("issued-token-2", refreshed);
        Assert.Equal(2, _tokensIssued);
    }

    private Task<HttpResult> PostAsync(string body, string? authorization) =>
        AdapterHarness.PostAsync(_adapter, new EchoBot(), body, authorization: authorization);

    private string ChannelToken(SecurityKey? key = null, string issuer = ChannelIssuer, string audience = AppId, string? serviceUrl = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256) =>
        TokenIssuer.Create(key ?? SharedChannelKey.SecurityKey, issuer, audience, new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl }, expires, algorithm);

    private string EmulatorToken(string issuer, string appIdClaim, string appId, string? version)
    {
        var claims = new Dictionary<string, object> { [appIdClaim] = appId };
        if (version is not null)
        {
            claims["ver"] = version;
        }

        return TokenIssuer.Create(SharedEmulatorKey.SecurityKey, issuer, appId, claims);
    }

    private static string Message(string channelId, string serviceUrl) => $$"""
        {"type":"message","id":"1481567603816","channelId":"{{channelId}}","serviceUrl":"{{serviceUrl}}",
         "conversation":{"id":"19:abc@thread.tacv2;messageid=1"},"from":{"id":"29:user"},"recipient":{"id":"28:{{AppId}}"},"text":"hello"}
        """;

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var path = request.Path;
        switch (path)
        {
            case "/channel/openid":
                await WriteJsonAsync(context, new { issuer = ChannelIssuer, jwks_uri = _server.BaseUrl + "/channel/keys", id_token_signing_alg_values_supported = new[] { "RS256" } });
                break;
            case "/channel/keys":
                await WriteJsonAsync(context, new { keys = new[] { SharedChannelKey.ToJwk(), SharedUnendorsedKey.ToJwk() } });
                break;
            case "/emulator/openid":
                await WriteJsonAsync(context, new { issuer = "https://login.microsoftonline.com/{tenantid}/v2.0", jwks_uri = _server.BaseUrl + "/emulator/keys" });
                break;
            case "/emulator/keys":
                await WriteJsonAsync(context, new { keys = new[] { SharedEmulatorKey.ToJwk() } });
                break;
            case "/login/oauth2/v2.0/token":
                var n = Interlocked.Increment(ref _tokensIssued);
                await WriteJsonAsync(context, new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = $"issued-token-{n}" });
                break;
            default:
                if (path.Contains("/v3/conversations/", StringComparison.Ordinal))
                {
                    await WriteJsonAsync(context, new { id = "reply-1" });
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                break;
        }
    }

    private static Task WriteJsonAsync(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
