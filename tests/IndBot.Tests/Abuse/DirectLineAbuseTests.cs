using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.State;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Abuse;

/// <summary>
/// The widget's Direct Line endpoint under attack (anyone who can open the widget can do this): odd bodies, tokens and
/// watermarks get a short 4xx, never a 5xx; memory stays bounded however much is posted; personal data typed into the
/// chat reaches neither the log nor a store.
/// </summary>
[Collection(AbuseCollection.Name)]
public sealed class DirectLineAbuseTests(AbuseFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string> OddBodies => new()
    {
        { "not JSON", "hello" },
        { "truncated", """{"type":"message","text":"hi""" },
        { "array", """[{"type":"message","text":"hi"}]""" },
        { "no type", """{"text":"hi"}""" },
        { "type is a number", """{"type":5,"text":"hi"}""" },
        { "lone surrogate escape", """{"type":"message","text":"\ud800 hi"}""" },
        { "deep nesting", """{"type":"message","text":"hi","channelData":""" + new string('[', 300) + new string(']', 300) + "}" },
        { "very deep nesting", new string('[', 50_000) + new string(']', 50_000) },
        { "over the body limit", """{"type":"message","text":"hi","channelData":{"x":""" + "\"" + new string('x', 40 * 1024) + "\"}}" },
        { "text over 2,000 characters", """{"type":"message","text":""" + "\"" + new string('y', 5000) + "\"}" },
        { "null arrays", """{"type":"message","text":"fingerprints","entities":[null],"attachments":[null]}""" },
        { "conversationUpdate with null members", """{"type":"conversationUpdate","membersAdded":[null],"membersRemoved":[null]}""" },
        { "U+FFFE", "{\"type\":\"message\",\"text\":\"\uFFFE fingerprints \uFFFF\"}" },
        { "control and bidi", "{\"type\":\"message\",\"text\":\"\\u0000\\u001b[2J\u202E fingerprints\"}" },
        { "invoke", """{"type":"invoke","name":"x","value":{}}""" },
        { "unknown type", """{"type":"x\r\ny","text":"hi"}""" },
        { "spoofed identity", """{"type":"message","text":"fingerprints","from":{"id":"someone-else","role":"bot"},"conversation":{"id":"other"},"serviceUrl":"https://203.0.113.7/","channelId":"msteams"}""" },
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public async Task PostActivity_OddBody_IsNever5xxOrAnError(string name, string body)
    {
        var errorsBefore = factory.Errors().Count;
        var (conversationId, token) = await StartAsync();

        using var response = await _client.SendAsync(Post($"/v3/directline/conversations/{conversationId}/activities", token, body));
        var (activities, _) = await GetActivitiesAsync(conversationId, token, null);

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{name}: {(int)response.StatusCode}");
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
        Assert.DoesNotContain(activities, a => ((string?)a!["text"])?.Contains("something went wrong", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task PostActivity_OverTheBodyLimit_SameShortErrorAsTheMessagesEndpoint()
    {
        var (conversationId, token) = await StartAsync();
        var directLineLimit = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>().Value.MaxRequestBodyBytes;
        var messagesLimit = IndBot.BotFramework.CloudAdapter.MaxBodyBytes;

        using var directLine = await _client.SendAsync(Post($"/v3/directline/conversations/{conversationId}/activities", token, Oversized(directLineLimit)));
        using var messages = await _client.SendAsync(Post("/api/messages", null, Oversized(messagesLimit)));

        foreach (var (response, limit) in new[] { (directLine, directLineLimit), (messages, messagesLimit) })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
            Assert.Equal("PayloadTooLarge", (string?)error["code"]);
            Assert.Equal($"The request body exceeds {limit} bytes.", (string?)error["message"]);
        }

        static string Oversized(int limit) => """{"type":"message","text":"hi","channelData":{"x":""" + "\"" + new string('x', limit) + "\"}}";
    }

    public static TheoryData<string, string?> OddTokens => new()
    {
        { "none", null },
        { "empty", "" },
        { "garbage", "garbage" },
        { "three empty parts", ".." },
        { "bad base64", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.%%%.***" },
        { "alg none", "eyJhbGciOiJub25lIn0.eyJjb252IjoieCIsInVzZXIiOiJ5IiwiZXhwIjo5OTk5OTk5OTk5fQ." },
        { "forged signature", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb252IjoieCIsInVzZXIiOiJ5IiwiZXhwIjo5OTk5OTk5OTk5LCJzZXEiOjF9.c2lnbmF0dXJl" },
        { "long", new string('a', 6000) },
    };

    [Theory]
    [MemberData(nameof(OddTokens))]
    public async Task Routes_OddToken_Are401Or403Never5xx(string name, string? token)
    {
        var errorsBefore = factory.Errors().Count;
        var statuses = new List<HttpStatusCode>();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "/v3/directline/conversations"),
            (HttpMethod.Post, "/v3/directline/tokens/refresh"),
            (HttpMethod.Get, "/v3/directline/conversations/x"),
            (HttpMethod.Get, "/v3/directline/conversations/x/activities"),
            (HttpMethod.Post, "/v3/directline/conversations/x/activities"),
        })
        {
            using var request = method == HttpMethod.Post ? Post(path, null, """{"type":"message","text":"hi"}""") : new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }

            using var response = await _client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{name}: {s}"));
        Assert.Equal(errorsBefore, factory.Errors().Count);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("%00")]
    public async Task GetActivities_OddWatermark_IsNever5xx(string watermark)
    {
        var (conversationId, token) = await StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{watermark}: {response.StatusCode}");
    }

    [Fact]
    public async Task PersonalDataTypedIntoTheChat_ReachesNeitherLogsNorStores()
    {
        var secrets = new[] { "1234\u200B567890", "NL91ABNA0417164300", "NW3F5R6T1", "111\u2060222\u2060333", "jan.jansen@example.nl", "06 1234 5678", "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF10" };
        var (conversationId, token) = await StartAsync();
        foreach (var secret in secrets)
        {
            var body = System.Text.Json.JsonSerializer.Serialize(new { type = "message", text = "Zebra quixotic question about " + secret });
            using var response = await _client.SendAsync(Post($"/v3/directline/conversations/{conversationId}/activities", token, body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await factory.Services.GetRequiredService<IndBot.Feedback.IFeedbackStore>().FlushAsync();
        var feedback = System.Text.RegularExpressions.Regex.Unescape(await File.ReadAllTextAsync(factory.FeedbackPath));
        var storage = (MemoryStorage)factory.Services.GetRequiredService<IStorage>();
        var logs = factory.Logs.AllText();

        Assert.Contains("Zebra quixotic", feedback);
        foreach (var secret in secrets)
        {
            var digitsOnly = new string(secret.Where(char.IsLetterOrDigit).ToArray());
            foreach (var (place, text) in new[] { ("feedback", feedback), ("logs", logs) })
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal) || text.Contains(digitsOnly, StringComparison.Ordinal), $"{secret} in {place}");
            }
        }

        Assert.True(storage.Count > 0);
    }

    private async Task<(string ConversationId, string Token)> StartAsync()
    {
        using var tokenResponse = await _client.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        tokenResponse.EnsureSuccessStatusCode();
        var token = (string)(await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var start = await _client.SendAsync(Post("/v3/directline/conversations", token, "{}"));
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var body = await start.Content.ReadFromJsonAsync<JsonObject>();
        return ((string)body!["conversationId"]!, (string)body["token"]!);
    }

    private async Task<(JsonArray Activities, string? Watermark)> GetActivitiesAsync(string conversationId, string token, string? watermark)
    {
        using var response = await _client.SendAsync(Get($"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (body!["activities"]!.AsArray(), (string?)body["watermark"]);
    }

    private static HttpRequestMessage Post(string path, string? token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
