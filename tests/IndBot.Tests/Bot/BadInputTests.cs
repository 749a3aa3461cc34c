using System.Net;
using System.Text.Json;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Bot;

[Collection(HostCollection.Name)]
public sealed class BadInputTests(IndBotFactory factory)
{
    private readonly BotClient _bot = new(factory.CreateClient());

    [Theory]
    [InlineData("{\"type\":\"message\",", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("[{\"type\":\"message\"}]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Post_BadBody_ReturnsShortJsonError(string body, string contentType, HttpStatusCode expected)
    {
        using var response = await _bot.PostRawAsync(body, contentType);

        Assert.Equal(expected, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(error.RootElement.GetProperty("error").TryGetProperty("message", out _));
    }

    [Fact]
    public async Task Post_BodyOver256KB_Returns413()
    {
        var activity = BotClient.Message(new string('a', 300 * 1024), BotClient.NewConversation());

        using var response = await _bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Message_TooLong_IsAnsweredPolitely()
    {
        var reply = BotClient.SingleMessage(await _bot.AskAsync(string.Concat(Enumerable.Repeat("Where is the desk? ", 160)), BotClient.NewConversation()));

        Assert.Contains("too long", reply.Text);
    }

    [Theory]
    [InlineData("<script>alert('x')</script> Where is the desk in Utrecht?")]
    [InlineData("[click me](javascript:alert(1)) fingerprints")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("\u0001\u0002\u001b[31m hello \u0000")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Message_HostileText_IsNeverEchoed(string text)
    {
        using var response = await _bot.PostAsync(BotClient.Message(text, BotClient.NewConversation()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("click me", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Message_WithoutTextRecipientOrTimestamp_IsAnswered()
    {
        var activity = BotClient.Message("x", BotClient.NewConversation());
        activity.Remove("text");
        activity.Remove("recipient");

        var replies = await _bot.SendAsync(activity);

        Assert.NotEmpty(replies);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"deliveryMode\":\"expectReplies\",\"text\":123,\"conversation\":{\"id\":\"c\"}}")]
    [InlineData("{\"type\":\"message\",\"deliveryMode\":\"expectReplies\",\"conversation\":\"not an object\"}")]
    [InlineData("{\"type\":\"message\",\"deliveryMode\":\"expectReplies\",\"value\":{\"type\":\"indbot.feedback\",\"helpful\":\"yes\"}}")]
    [InlineData("{\"type\":\"message\",\"deliveryMode\":\"expectReplies\",\"timestamp\":\"yesterday\",\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"message\",\"deliveryMode\":\"expectReplies\",\"text\":\"hi\"}")]
    public async Task Post_OddActivities_NeverReturn500(string body)
    {
        using var response = await _bot.PostRawAsync(body);

        Assert.True((int)response.StatusCode < 500, $"status {(int)response.StatusCode}");
    }
}
