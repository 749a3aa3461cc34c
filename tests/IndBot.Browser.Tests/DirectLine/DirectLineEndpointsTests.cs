using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework.DirectLine;
using IndBot.Browser.Tests.Infrastructure;
using static IndBot.Browser.Tests.Infrastructure.DirectLineClient;

namespace IndBot.Browser.Tests.DirectLine;

[Collection(EchoBotSlowTurnCollection.Name)]
public sealed class DirectLineEndpointsTests : IAsyncLifetime
{
    private DirectLineTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await DirectLineTestHost.StartInMemoryAsync(new()
        {
            ["DirectLine:BotId"] = "echo-bot",
            ["DirectLine:BotName"] = "Echo",
            ["DirectLine:AllowedOrigins:0"] = "https://www.example.nl",
            ["DirectLine:MaxActivitiesPerConversation"] = "50",
        });
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task TokenRoute_LocalToken_IsJwtWithDirectLineUser()
    {
        using var response = await _client.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1800, (int)body!["expires_in"]!);
        var token = (string)body["token"]!;
        Assert.Equal(3, token.Split('.').Length);
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token.Split('.')[1]));
        Assert.Contains("\"user\":\"dl_", payload, StringComparison.Ordinal);
        Assert.Contains((string)body["conversationId"]!, payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartConversation_RunsConversationUpdate_WelcomeIsFirstActivity()
    {
        var (conversationId, token) = await StartAsync(_client, "nl-NL");

        var (activities, watermark) = await GetActivitiesAsync(_client, conversationId, token);

        var welcome = Assert.Single(activities)!;
        Assert.Equal("message", (string)welcome["type"]!);
        Assert.Equal(EchoBot.WelcomeNl, (string)welcome["text"]!);
        Assert.Equal("bot", (string)welcome["from"]!["role"]!);
        Assert.Equal("echo-bot", (string)welcome["from"]!["id"]!);
        Assert.Equal($"{conversationId}|0000000", (string)welcome["id"]!);
        Assert.Null(welcome["replyToId"]);
        Assert.Equal("1", watermark);
    }

    [Fact]
    public async Task StartConversation_Twice_SecondAnswers200WithoutSecondWelcome()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var again = await _client.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", token));
        var (activities, _) = await GetActivitiesAsync(_client, conversationId, token);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(activities);
    }

    [Fact]
    public async Task PostActivity_EchoesUserActivityWithServerIdAndClientActivityId_ThenReplies()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var post = await PostMessageAsync(_client, conversationId, token, "hello", "abc123");
        var posted = await post.Content.ReadFromJsonAsync<JsonObject>();
        var (activities, _) = await GetActivitiesAsync(_client, conversationId, token, "1");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal($"{conversationId}|0000001", (string)posted!["id"]!);
        var echo = activities[0]!;
        Assert.Equal((string)posted["id"]!, (string)echo["id"]!);
        Assert.Equal("abc123", (string)echo["channelData"]!["clientActivityID"]!);
        Assert.Equal("user", (string)echo["from"]!["role"]!);
        Assert.StartsWith("dl_", (string)echo["from"]!["id"]!, StringComparison.Ordinal); // the token's user, not the client's claim
        Assert.Equal("directline", (string)echo["channelId"]!);
        Assert.Equal("http://localhost/", (string)echo["serviceUrl"]!);
        Assert.NotNull(echo["timestamp"]);
        Assert.Equal("hello", (string)echo["text"]!);

        var reply = activities[1]!;
        Assert.Equal("Echo: hello", (string)reply["text"]!);
        Assert.Equal("bot", (string)reply["from"]!["role"]!);
        Assert.Equal((string)posted["id"]!, (string)reply["replyToId"]!);
        Assert.Equal($"{conversationId}|0000002", (string)reply["id"]!);
        Assert.NotNull(reply["timestamp"]);
    }

    [Fact]
    public async Task PostActivity_BotAnswersAtOnce_ItsTypingIsLeftOut()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var post = await PostMessageAsync(_client, conversationId, token, "hello");
        var (activities, _) = await GetActivitiesAsync(_client, conversationId, token, "1");

        // The echo bot sends typing, then its answer: an indicator the answer would replace at once is not shown.
        Assert.Equal(["message", "message"], activities.Select(a => (string)a!["type"]!));
        Assert.Equal("Echo: hello", (string)activities[1]!["text"]!);
    }

    [Fact]
    public async Task PostActivity_WhileTheBotWorks_TypingIsVisibleBeforeTheAnswer()
    {
        EchoBot.ResetSlow();
        var (conversationId, token) = await StartAsync(_client);

        var post = PostMessageAsync(_client, conversationId, token, "slow");
        await EchoBot.SlowTyping.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var (first, _) = await GetActivitiesAsync(_client, conversationId, token, "1");
        _host.Time!.Advance(DirectLineService.TypingDelay);
        var (during, _) = await GetActivitiesAsync(_client, conversationId, token, "1");
        EchoBot.SlowRelease.SetResult();
        using var response = await post;
        var (after, _) = await GetActivitiesAsync(_client, conversationId, token, "1");

        Assert.Equal(["message"], first.Select(a => (string)a!["type"]!));
        Assert.Equal(["message", "typing"], during.Select(a => (string)a!["type"]!));
        Assert.Equal(["message", "typing", "message"], after.Select(a => (string)a!["type"]!));
        Assert.Equal("Echo: slow", (string)after[2]!["text"]!);
    }

    [Fact]
    public async Task GetActivities_Watermark_PagesOnlyNewActivities()
    {
        var (conversationId, token) = await StartAsync(_client);
        var (_, afterWelcome) = await GetActivitiesAsync(_client, conversationId, token);

        (await PostMessageAsync(_client, conversationId, token, "one", "c1")).Dispose();
        var (page1, afterOne) = await GetActivitiesAsync(_client, conversationId, token, afterWelcome);
        (await PostMessageAsync(_client, conversationId, token, "two", "c2")).Dispose();
        var (page2, afterTwo) = await GetActivitiesAsync(_client, conversationId, token, afterOne);
        var (empty, unchanged) = await GetActivitiesAsync(_client, conversationId, token, afterTwo);

        Assert.Equal(["one", "Echo: one"], page1.Where(a => (string)a!["type"]! == "message").Select(a => (string)a!["text"]!));
        Assert.Equal(["two", "Echo: two"], page2.Where(a => (string)a!["type"]! == "message").Select(a => (string)a!["text"]!));
        Assert.Empty(empty);
        Assert.Equal(afterTwo, unchanged);
    }

    [Fact]
    public async Task GetActivities_TokenOfAnotherConversation_Is403()
    {
        var (conversationId, _) = await StartAsync(_client);
        var (_, otherToken) = await StartAsync(_client);

        using var get = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", otherToken));
        using var post = await PostMessageAsync(_client, conversationId, otherToken, "hi");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb252IjoieCJ9.c2lnbmF0dXJl")]
    public async Task GetActivities_MissingOrInvalidToken_Is401(string? token)
    {
        var (conversationId, _) = await StartAsync(_client);

        using var response = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetActivities_NotStartedConversation_Is404()
    {
        var (conversationId, token) = await GetTokenAsync(_client);

        using var response = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Token_AfterLifetime_Is403TokenExpiredAndCannotBeRefreshed()
    {
        var (conversationId, token) = await StartAsync(_client);

        _host.Time!.Advance(TimeSpan.FromMinutes(31));
        using var get = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));
        using var refresh = await _client.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/refresh", token));

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal("TokenExpired", await ErrorCodeAsync(get));
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public async Task RefreshToken_OldTokenStopsWorkingAfterAShortGrace()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var refresh = await _client.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/refresh", token));
        var fresh = (string)(await refresh.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var withOldInGrace = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));
        _host.Time!.Advance(IndBot.BotFramework.DirectLine.DirectLineTokenService.SupersededGrace);
        using var withOld = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));
        using var refreshOld = await _client.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/refresh", token));
        using var postOld = await PostMessageAsync(_client, conversationId, token, "hello");
        var (activities, _) = await GetActivitiesAsync(_client, conversationId, fresh);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withOldInGrace.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refreshOld.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, postOld.StatusCode);
        Assert.Single(activities);
    }

    [Theory]
    [InlineData("/api/directline/token", false)]
    [InlineData("/v3/directline/conversations", true)]
    [InlineData("/v3/directline/tokens/refresh", true)]
    public async Task TokenResponses_AreNeverCached(string path, bool withToken)
    {
        var (_, token) = await GetTokenAsync(_client);
        if (path.EndsWith("refresh", StringComparison.Ordinal))
        {
            (_, token) = await StartAsync(_client);
        }

        using var response = await _client.SendAsync(Request(HttpMethod.Post, path, withToken ? token : null, new { }));

        Assert.True(response.IsSuccessStatusCode, $"status {response.StatusCode}");
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Reconnect_TokenResponseIsNeverCached()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var response = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task RefreshToken_BeforeExpiry_GivesNewTokenThatOutlivesTheOld()
    {
        var (conversationId, token) = await StartAsync(_client);
        _host.Time!.Advance(TimeSpan.FromMinutes(20));

        using var refresh = await _client.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/refresh", token));
        var body = await refresh.Content.ReadFromJsonAsync<JsonObject>();
        var fresh = (string)body!["token"]!;
        _host.Time.Advance(TimeSpan.FromMinutes(20));
        using var withOld = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));
        var (activities, _) = await GetActivitiesAsync(_client, conversationId, fresh);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(conversationId, (string)body["conversationId"]!);
        Assert.Equal(1800, (int)body["expires_in"]!);
        Assert.NotEqual(token, fresh);
        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
        Assert.Single(activities);
    }

    [Fact]
    public async Task PostActivity_BodyOver256KB_Is413()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var response = await PostMessageAsync(_client, conversationId, token, new string('a', 300 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostActivity_NoType_Is400()
    {
        var (conversationId, token) = await StartAsync(_client);

        using var response = await _client.SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token, new { text = "hi" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_GetsCorsHeaders_OtherOriginGetsNone()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        allowed.Headers.Add("Origin", "https://www.example.nl");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/directline/token");
        other.Headers.Add("Origin", "https://evil.example");

        using var allowedResponse = await _client.SendAsync(allowed);
        using var otherResponse = await _client.SendAsync(other);

        Assert.Equal(HttpStatusCode.NoContent, allowedResponse.StatusCode);
        Assert.Equal("https://www.example.nl", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-ms-bot-agent", allowedResponse.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        // What the browser sees: no Access-Control-Allow-Origin, so it keeps the response from the other origin's page.
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TokenRoute_AllowedOrigin_GetsCorsHeaders_OtherOriginGetsNone()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Post, "/api/directline/token") { Content = JsonContent.Create(new { }) };
        allowed.Headers.Add("Origin", "https://WWW.example.nl");
        using var other = new HttpRequestMessage(HttpMethod.Options, "/api/directline/token");
        other.Headers.Add("Origin", "https://www.example.nl.evil.example");
        other.Headers.Add("Access-Control-Request-Method", "POST");

        using var allowedResponse = await _client.SendAsync(allowed);
        using var otherResponse = await _client.SendAsync(other);

        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Equal("https://WWW.example.nl", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", allowedResponse.Headers.Vary);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task TokenRoute_SameOrigin_IsAllowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directline/token") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Origin", "http://localhost");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
