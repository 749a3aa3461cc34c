using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Net;
using System.Net.Http.Json;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Bot;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly LimitedFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("en-US", "You're sending messages very quickly")]
    [InlineData("nl-NL", "U stuurt erg snel berichten. Wacht even en stel uw vraag dan opnieuw.")]
    public async Task Message_OverConversationLimit_FriendlyReplyInUsersLanguage(string locale, string expected)
    {
        var bot = new BotClient(_factory.CreateClient());
        var conversation = BotClient.NewConversation();

        await bot.AskAsync("When do I give my fingerprints?", conversation, locale: locale);
        await bot.AskAsync("When do I give my fingerprints?", conversation, locale: locale);
        var third = BotClient.SingleMessage(await bot.AskAsync("When do I give my fingerprints?", conversation, locale: locale));
        var other = BotClient.SingleMessage(await bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation(), locale: locale));

        Assert.StartsWith(expected, third.Text);
        Assert.Equal(conversation, third.Conversation!.Id);
        Assert.DoesNotContain(expected, other.Text);
    }

    [Fact]
    public async Task Message_OverConversationLimitWithoutExpectReplies_429WithRetryAfter()
    {
        var bot = new BotClient(_factory.CreateClient());
        var conversation = BotClient.NewConversation();
        await bot.AskAsync("hello", conversation);
        await bot.AskAsync("hello", conversation);

        using var response = await bot.PostAsync(BotClient.Message("hello", conversation, expectReplies: false));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Request_OverAddressLimit_Refused()
    {
        using var factory = new LimitedFactory(perIp: 3);
        await factory.InitializeAsync();
        var bot = new BotClient(factory.CreateClient());

        for (var i = 0; i < 3; i++)
        {
            BotClient.SingleMessage(await bot.AskAsync("hello", BotClient.NewConversation()));
        }

        var refused = BotClient.SingleMessage(await bot.AskAsync("hello", BotClient.NewConversation()));
        using var raw = await bot.PostRawAsync("not json");
        using var health = await factory.CreateClient().GetAsync("/healthz");

        Assert.StartsWith("You're sending messages very quickly", refused.Text);
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("/api/messages/")]
    [InlineData("/API/Messages")]
    [InlineData("/api/messages/?x=1")]
    public async Task Message_OtherSpellingOfThePath_IsLimitedAlike(string path)
    {
        var client = _factory.CreateClient();
        var conversation = BotClient.NewConversation();

        var texts = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync(path, new StringContent(BotClient.Message("When do I give my fingerprints?", conversation).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var replies = await response.Content.ReadFromJsonAsync(IndBot.BotFramework.Schema.BotJsonContext.Default.ExpectedReplies);
            texts.Add(BotClient.SingleMessage([.. replies!.Activities]).Text);
        }

        Assert.DoesNotContain("You're sending messages very quickly", texts[1]);
        Assert.StartsWith("You're sending messages very quickly", texts[2]);
    }

    [Fact]
    public async Task Request_OtherSpellingOfThePath_CountsForTheAddressLimit()
    {
        using var factory = new LimitedFactory(perIp: 2);
        await factory.InitializeAsync();
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/api/messages/", "/api/messages/", "/API/MESSAGES/" })
        {
            using var response = await client.PostAsync(path, new StringContent("not json", System.Text.Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("en-US", "You're sending messages very quickly. Please wait a moment and then ask your question again.")]
    [InlineData("nl-NL", "U stuurt erg snel berichten. Wacht even en stel uw vraag dan opnieuw.")]
    public async Task DirectLine_OverConversationLimit_TheBotsOwnNoticeInTheUsersLanguage(string locale, string expected)
    {
        using var client = _factory.CreateClient();
        using var tokenResponse = await client.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        var token = (string)(await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var start = await client.PostAsync("/v3/directline/conversations", JsonContent.Create(new { }));
        var conversation = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["conversationId"]!;

        foreach (var text in new[] { "When do I give my fingerprints?", "Where is the Zwolle desk?", "What is a V-number?" })
        {
            using var posted = await client.PostAsync($"/v3/directline/conversations/{conversation}/activities",
                JsonContent.Create(new { type = "message", from = new { id = "user" }, text, locale }));
            Assert.True(posted.IsSuccessStatusCode, $"{text}: {posted.StatusCode}");
        }

        var activities = (await client.GetFromJsonAsync<JsonObject>($"/v3/directline/conversations/{conversation}/activities"))!["activities"]!.AsArray();
        var fromBot = activities.Where(a => (string?)a!["type"] == "message" && (string?)a["from"]?["role"] == "bot").Select(a => (string?)a!["text"]).ToList();
        Assert.Equal(expected, fromBot[^1]);
        Assert.Single(fromBot, t => t == expected);
    }

    private sealed class LimitedFactory(int perIp = 0) : IndBotFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:PerConversationPerMinute"] = "2",
            ["RateLimits:PerIpPerMinute"] = perIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DirectLine:RateLimit:ActivitiesPerConversationPerMinute"] = "2",
        };
    }
}
