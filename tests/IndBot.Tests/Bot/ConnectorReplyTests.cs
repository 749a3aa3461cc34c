using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.Testing;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Bot;

[Collection(HostCollection.Name)]
public sealed class ConnectorReplyTests(IndBotFactory factory)
{
    private readonly BotClient _bot = new(factory.CreateClient());

    [Fact]
    public async Task Message_NormalDelivery_PostsReplyToServiceUrlWithEncodedIds()
    {
        await using var connector = await LoopbackServer.StartAsync();
        const string conversationId = "a:1;messageid=2@x|y";
        const string activityId = "1:abc|def";
        var activity = BotClient.Message("When do I give my fingerprints?", conversationId, "emulator", expectReplies: false);
        activity["id"] = activityId;
        activity["serviceUrl"] = connector.BaseUrl + "/";

        using var response = await _bot.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);

        var reply = await connector.NextAsync();
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", reply.RawTarget);
        Assert.Null(reply.Authorization);
        var body = JsonNode.Parse(reply.Body)!;
        Assert.Equal("message", (string?)body["type"]);
        Assert.Equal(activityId, (string?)body["replyToId"]);
        Assert.Equal("bot", (string?)body["from"]!["role"]);
        Assert.Equal("bot-1", (string?)body["from"]!["id"]);
        Assert.Equal("user-1", (string?)body["recipient"]!["id"]);
        Assert.Equal(conversationId, (string?)body["conversation"]!["id"]);
        Assert.Equal("emulator", (string?)body["channelId"]);

        var trace = await connector.NextAsync();
        Assert.Equal("trace", JsonDocument.Parse(trace.Body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Message_NormalDelivery_RepliesWithoutPerRequestInfoLogs()
    {
        await using var connector = await LoopbackServer.StartAsync();
        var conversationId = BotClient.NewConversation();
        var activity = BotClient.Message("When do I give my fingerprints?", conversationId, "emulator", expectReplies: false);
        activity["serviceUrl"] = connector.BaseUrl + "/";
        var before = factory.Logs.Logs.Count;

        using var response = await _bot.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await connector.NextAsync();
        await connector.NextAsync();

        // HttpClient and Polly would write lines per request (start, end, attempt, pipeline) at Information.
        var lines = factory.Logs.Logs.Skip(before)
            .Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information && (l.Category.StartsWith("System.Net.Http", StringComparison.Ordinal) || l.Category.StartsWith("Polly", StringComparison.Ordinal)))
            .Select(l => $"{l.Category}: {l.Message}");
        Assert.Empty(lines);
    }
}
