using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Schema;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IndBot.Tests.Bot;

/// <summary>
/// Rate limits of a bot behind Azure Bot Service: every channel's traffic arrives from a few connector addresses with a
/// token. Authenticated traffic is limited per conversation only; requests without a valid token never use up a
/// conversation's allowance, and they are the ones limited per address.
/// </summary>
public sealed class AuthenticatedRateLimitTests : IAsyncLifetime
{
    private const string ValidToken = "channel-token";
    private const string TooFast = "You're sending messages very quickly";

    private readonly ChannelFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task UnauthenticatedRequests_DoNotUseUpTheConversationsLimit()
    {
        var client = _factory.CreateClient();
        var conversation = BotClient.NewConversation();

        for (var i = 0; i < 30; i++)
        {
            using var forged = await PostAsync(client, conversation, token: i % 2 == 0 ? null : "forged");
            Assert.True(forged.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"status {forged.StatusCode}");
        }

        using var valid = await PostAsync(client, conversation, ValidToken);
        var reply = BotClient.SingleMessage(await ReadRepliesAsync(valid));

        Assert.DoesNotContain(TooFast, reply.Text);
    }

    [Fact]
    public async Task AuthenticatedTraffic_ManyConversationsFromOneAddress_IsNotLimitedPerAddress()
    {
        var client = _factory.CreateClient();

        var texts = new List<string?>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await PostAsync(client, BotClient.NewConversation(), ValidToken);
            texts.Add(BotClient.SingleMessage(await ReadRepliesAsync(response)).Text);
        }

        Assert.All(texts, text => Assert.DoesNotContain(TooFast, text));
    }

    [Fact]
    public async Task AuthenticatedTraffic_OneConversationTooFast_GetsTheFriendlyNotice()
    {
        var client = _factory.CreateClient();
        var conversation = BotClient.NewConversation();

        for (var i = 0; i < 5; i++)
        {
            (await PostAsync(client, conversation, ValidToken)).Dispose();
        }

        using var sixth = await PostAsync(client, conversation, ValidToken);

        Assert.StartsWith(TooFast, BotClient.SingleMessage(await ReadRepliesAsync(sixth)).Text);
    }

    [Fact]
    public async Task UnauthenticatedRequests_AreLimitedPerAddress()
    {
        var client = _factory.CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < ChannelFactory.PerIp + 1; i++)
        {
            using var response = await PostAsync(client, BotClient.NewConversation(), token: null);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(ChannelFactory.PerIp), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string conversation, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(BotClient.Message("When do I give my fingerprints?", conversation, "msteams").ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    private static async Task<IReadOnlyList<Activity>> ReadRepliesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, BotJsonContext.Default.ExpectedReplies);
        return [.. replies!.Activities];
    }

    /// <summary>A bot with an app id whose channel tokens are checked by a stand-in: "channel-token" is valid, nothing else.</summary>
    private sealed class ChannelFactory : IndBotFactory
    {
        public const int PerIp = 4;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:PerConversationPerMinute"] = "5",
            ["RateLimits:PerIpPerMinute"] = PerIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.Replace(ServiceDescriptor.Singleton<IBotFrameworkAuthenticator, StandInAuthenticator>());
    }

    private sealed class StandInAuthenticator : IBotFrameworkAuthenticator
    {
        public Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string? authorizationHeader, CancellationToken cancellationToken) =>
            Task.FromResult(authorizationHeader == "Bearer " + ValidToken
                ? AuthenticateRequestResult.Authenticated(new ClaimsIdentity([new Claim("aud", "app")], "Bearer"), serviceUrlVerified: false, CallerIdConstants.PublicAzureChannel)
                : AuthenticateRequestResult.Failed("stand-in: not the channel token"));
    }
}
