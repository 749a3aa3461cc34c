using System.Net;
using IndBot.Browser.Tests.Infrastructure;
using static IndBot.Browser.Tests.Infrastructure.DirectLineClient;

namespace IndBot.Browser.Tests.DirectLine;

public sealed class DirectLineLimitsTests
{
    [Fact]
    public async Task PostActivity_TooFast_EchoesAndAddsOneNoticeInsteadOfRunningTheBot()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new() { ["DirectLine:RateLimit:ActivitiesPerConversationPerMinute"] = "2" });
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        for (var i = 1; i <= 4; i++)
        {
            using var response = await PostMessageAsync(client, conversationId, token, $"m{i}", $"c{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (activities, _) = await GetActivitiesAsync(client, conversationId, token, "1");
        var texts = activities.Where(a => (string)a!["type"]! == "message").Select(a => (string)a!["text"]!).ToList();

        Assert.Equal(["m1", "Echo: m1", "m2", "Echo: m2", "m3", "You're sending messages very quickly. Please wait a moment and then try again.", "m4"], texts);
    }

    [Fact]
    public async Task TokenRoute_TooManyFromOneAddress_Is429()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new() { ["DirectLine:RateLimit:ConversationsPerIpPerMinute"] = "2" });
        using var client = host.CreateClient();

        await GetTokenAsync(client);
        await GetTokenAsync(client);
        using var third = await client.PostAsync("/api/directline/token", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task Conversation_OverActivityLimit_DropsOldestButWatermarksKeepCounting()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new() { ["DirectLine:MaxActivitiesPerConversation"] = "4" });
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        (await PostMessageAsync(client, conversationId, token, "one", "c1")).Dispose();
        (await PostMessageAsync(client, conversationId, token, "two", "c2")).Dispose();
        var (all, watermark) = await GetActivitiesAsync(client, conversationId, token);

        Assert.Equal("7", watermark);
        Assert.Equal(4, all.Count);
        Assert.Equal($"{conversationId}|0000003", (string)all[0]!["id"]!);
    }

    [Fact]
    public async Task Conversation_IdleLongerThanTimeout_IsGone()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new()
        {
            ["DirectLine:ConversationIdleTimeout"] = "00:10:00",
            ["DirectLine:TokenLifetime"] = "01:00:00",
        });
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        host.Time!.Advance(TimeSpan.FromMinutes(11));
        using var response = await client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
