using System.Net;
using IndBot.Browser.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
        {
            using var response = await PostMessageAsync(client, conversationId, token, $"m{i}", $"c{i}");
            statuses.Add(response.StatusCode);
        }

        var (activities, _) = await GetActivitiesAsync(client, conversationId, token, "1");
        var texts = activities.Where(a => (string)a!["type"]! == "message").Select(a => (string)a!["text"]!).ToList();

        // The first limited message is kept with the notice, so the user sees why; later ones are refused, not stored.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(["m1", "Echo: m1", "m2", "Echo: m2", "m3", "You're sending messages very quickly. Please wait a moment and then try again."], texts);
    }

    [Fact]
    public async Task PostActivity_TextLongerThan2000Characters_IsRefusedAndNotStored()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        using var atLimit = await PostMessageAsync(client, conversationId, token, new string('a', 2000), "c1");
        using var tooLong = await PostMessageAsync(client, conversationId, token, new string('b', 2001), "c2");
        var (activities, _) = await GetActivitiesAsync(client, conversationId, token);

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("MessageTooLong", await ErrorCodeAsync(tooLong));
        Assert.DoesNotContain(activities, a => ((string?)a!["text"])?.Contains("bbbb", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task PostActivity_LargeBody_IsRefused()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        using var response = await PostBulkyAsync(client, conversationId, token, "hi", 100 * 1024);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Conversation_StoredBytesAreBounded_OldestDroppedWatermarksKeepCounting()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new()
        {
            ["DirectLine:MaxBytesPerConversation"] = "65536",
            ["DirectLine:RateLimit:ActivitiesPerConversationPerMinute"] = "1000",
            ["DirectLine:RateLimit:ActivitiesPerIpPerMinute"] = "1000",
        });
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        for (var i = 0; i < 20; i++)
        {
            using var response = await PostBulkyAsync(client, conversationId, token, $"m{i}", 16 * 1024);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (activities, bytes, watermark) = await ReadAllAsync(client, conversationId, token);

        // Each message: its echo and the bot's answer (the typing before it is left out), after the welcome.
        Assert.InRange(bytes, 1, 65536);
        Assert.Equal("41", watermark);
        Assert.Equal("Echo: m19", (string)activities[^1]!["text"]!);
    }

    [Fact]
    public async Task GetActivities_WithoutWatermark_AnswersInBoundedPagesWithoutGaps()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new()
        {
            ["DirectLine:MaxPageBytes"] = "50000",
            ["DirectLine:RateLimit:ActivitiesPerConversationPerMinute"] = "1000",
            ["DirectLine:RateLimit:ActivitiesPerIpPerMinute"] = "1000",
        });
        using var client = host.CreateClient();
        var (conversationId, token) = await StartAsync(client);
        for (var i = 0; i < 10; i++)
        {
            (await PostBulkyAsync(client, conversationId, token, $"m{i}", 16 * 1024)).Dispose();
        }

        using var first = await client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        var (activities, _, watermark) = await ReadAllAsync(client, conversationId, token);

        Assert.InRange(firstBody.Length, 1, 50000 + 1024);
        Assert.Equal(21, activities.Count);
        Assert.Equal("21", watermark);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), activities.Where(a => (string?)a!["from"]!["role"] == "user").Select(a => (string)a!["text"]!));
    }

    [Fact]
    public async Task Store_Full_EvictsTheLongestIdleConversationInsteadOfRefusing()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new() { ["DirectLine:MaxConversations"] = "2" });
        using var client = host.CreateClient();
        var (first, firstToken) = await StartAsync(client);
        host.Time!.Advance(TimeSpan.FromMinutes(1));
        var (second, secondToken) = await StartAsync(client);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await GetActivitiesAsync(client, first, firstToken);

        var (third, thirdToken) = await StartAsync(client);

        using var secondGone = await client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{second}/activities", secondToken));
        Assert.Equal(HttpStatusCode.NotFound, secondGone.StatusCode);
        await GetActivitiesAsync(client, first, firstToken);
        await GetActivitiesAsync(client, third, thirdToken);
    }

    [Fact]
    public async Task StartConversation_TooManyFromOneAddress_Is429()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new() { ["DirectLine:RateLimit:ConversationsPerIpPerMinute"] = "2" });
        using var client = host.CreateClient();
        var tokens = host.Services.GetRequiredService<IndBot.BotFramework.DirectLine.DirectLineTokenService>();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var (token, _) = tokens.Issue(IndBot.BotFramework.DirectLine.DirectLineTokenService.NewConversationId(), IndBot.BotFramework.DirectLine.DirectLineTokenService.NewUserId());
            using var response = await client.SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", token, new { }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Store_BytesOverBudget_EvictsTheLongestIdleConversations()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync(new()
        {
            ["DirectLine:MaxBytesPerConversation"] = "65536",
            ["DirectLine:MaxStoreBytes"] = "131072",
            ["DirectLine:RateLimit:ActivitiesPerConversationPerMinute"] = "1000",
            ["DirectLine:RateLimit:ActivitiesPerIpPerMinute"] = "1000",
            ["DirectLine:RateLimit:ConversationsPerIpPerMinute"] = "1000",
        });
        using var client = host.CreateClient();
        var started = new List<(string Id, string Token)>();
        for (var c = 0; c < 4; c++)
        {
            var conversation = await StartAsync(client);
            started.Add(conversation);
            for (var i = 0; i < 4; i++)
            {
                (await PostBulkyAsync(client, conversation.ConversationId, conversation.Token, $"m{i}", 16 * 1024)).Dispose();
            }

            host.Time!.Advance(TimeSpan.FromSeconds(10));
        }

        var store = host.Services.GetRequiredService<IndBot.BotFramework.DirectLine.DirectLineConversationStore>();
        using var oldest = await client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{started[0].Id}/activities", started[0].Token));

        Assert.InRange(store.TotalBytes, 1, 131072);
        Assert.Equal(HttpStatusCode.NotFound, oldest.StatusCode);
        await GetActivitiesAsync(client, started[^1].Id, started[^1].Token);
    }

    /// <summary>A short message with a large channelData: the part of an activity that is not its text.</summary>
    private static Task<HttpResponseMessage> PostBulkyAsync(HttpClient client, string conversationId, string token, string text, int padding) =>
        client.SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token, new
        {
            type = "message",
            text,
            from = new { id = "user", role = "user" },
            channelData = new { clientActivityID = text, padding = new string('x', padding) },
        }));

    /// <summary>Every stored activity, polling page by page as DirectLineJS does, with the bytes they take as JSON.</summary>
    private static async Task<(List<System.Text.Json.Nodes.JsonNode?> Activities, long Bytes, string Watermark)> ReadAllAsync(HttpClient client, string conversationId, string token)
    {
        var all = new List<System.Text.Json.Nodes.JsonNode?>();
        long bytes = 0;
        string? watermark = null;
        for (var page = 0; page < 100; page++)
        {
            var (activities, next) = await GetActivitiesAsync(client, conversationId, token, watermark);
            if (activities.Count == 0)
            {
                return (all, bytes, next);
            }

            bytes += activities.Sum(a => (long)System.Text.Encoding.UTF8.GetByteCount(a!.ToJsonString()));
            all.AddRange(activities.Select(a => a?.DeepClone()));
            watermark = next;
        }

        throw new InvalidOperationException("More than 100 pages.");
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

        // The welcome, then each message's echo and answer: five, of which the oldest went.
        Assert.Equal("5", watermark);
        Assert.Equal(4, all.Count);
        Assert.Equal($"{conversationId}|0000001", (string)all[0]!["id"]!);
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
