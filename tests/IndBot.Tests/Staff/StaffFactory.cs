using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using IndBot.Staff;
using IndBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IndBot.Tests.Staff;

/// <summary>
/// The host with staff settings. In memory every request has no remote address; a test names one with
/// <see cref="RemoteAddressHeader"/>. Entra ID is <see cref="FakeAuthority"/>: no real sign-in service is reachable here.
/// </summary>
public class StaffFactory(IDictionary<string, string?> settings) : IndBotFactory
{
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    public FakeAuthority Authority { get; } = new();

    protected override IDictionary<string, string?> Settings => settings;

    /// <summary>A client that keeps cookies and does not follow redirects, on https (the sign-in's cookies are Secure).</summary>
    public HttpClient CreateStaffClient(string? remoteAddress = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        if (remoteAddress is not null)
        {
            client.DefaultRequestHeaders.Add(RemoteAddressHeader, remoteAddress);
        }

        return client;
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<IStartupFilter, RemoteAddressFilter>();
        // Configure runs before the handler's own post-configuration, which builds the metadata client from this.
        services.Configure<OpenIdConnectOptions>(StaffHostingExtensions.SignInScheme, o => o.BackchannelHttpHandler = Authority);
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteAddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address!);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>A stand-in for Microsoft Entra ID: its metadata document, signing keys and token endpoint, with a test key.</summary>
public sealed class FakeAuthority : HttpMessageHandler
{
    public const string Authority = "https://login.fake.test/tenant/v2.0";
    public const string AuthorizeEndpoint = "https://login.fake.test/tenant/oauth2/v2.0/authorize";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };

    /// <summary>What the token endpoint answers next.</summary>
    public string? NextIdToken { get; set; }

    public string IdToken(string nonce, string name, IReadOnlyList<string> groups, IReadOnlyList<string>? roles = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = nonce,
            ["sub"] = "staff-subject",
            ["oid"] = Guid.NewGuid().ToString(),
            ["name"] = name,
            ["groups"] = groups.ToArray(),
        };
        if (roles is not null)
        {
            claims["roles"] = roles.ToArray();
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = ClientId,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        object? body = request.RequestUri!.AbsolutePath switch
        {
            "/tenant/v2.0/.well-known/openid-configuration" => new Dictionary<string, object>
            {
                ["issuer"] = Authority,
                ["authorization_endpoint"] = AuthorizeEndpoint,
                ["token_endpoint"] = "https://login.fake.test/tenant/oauth2/v2.0/token",
                ["jwks_uri"] = "https://login.fake.test/tenant/discovery/v2.0/keys",
                ["end_session_endpoint"] = "https://login.fake.test/tenant/oauth2/v2.0/logout",
                ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            },
            "/tenant/discovery/v2.0/keys" => new { keys = new[] { Jwk() } },
            "/tenant/oauth2/v2.0/token" => new Dictionary<string, object?> { ["id_token"] = NextIdToken, ["access_token"] = "opaque", ["token_type"] = "Bearer", ["expires_in"] = 600 },
            _ => null,
        };
        var response = body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json") };
        return Task.FromResult(response);
    }

    private Dictionary<string, string> Jwk()
    {
        var parameters = _key.Rsa.ExportParameters(false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }
}
