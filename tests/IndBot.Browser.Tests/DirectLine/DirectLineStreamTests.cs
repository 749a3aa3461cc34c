using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using IndBot.BotFramework.DirectLine;
using IndBot.Browser.Tests.Infrastructure;
using static IndBot.Browser.Tests.Infrastructure.DirectLineClient;

namespace IndBot.Browser.Tests.DirectLine;

/// <summary>The Direct Line 3.0 stream: streamUrl in every token and conversation response, activity sets pushed over a WebSocket as they happen.</summary>
[Collection(EchoBotSlowTurnCollection.Name)]
public sealed class DirectLineStreamTests : IAsyncLifetime
{
    private DirectLineTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await DirectLineTestHost.StartInMemoryAsync(new() { ["DirectLine:StreamHeartbeat"] = "00:00:05" });
        _client = _host.CreateClient();
        EchoBot.ResetSlow();
    }

    public async Task DisposeAsync()
    {
        EchoBot.SlowRelease.TrySetResult();
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task TokenStartReconnectAndRefresh_EachCarryAStreamUrl()
    {
        using var tokenResponse = await _client.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        var issued = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        var started = await StartConversationAsync(_client);
        var conversationId = (string)started["conversationId"]!;
        using var reconnect = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}?watermark=1", (string)started["token"]!));
        var reconnected = (await reconnect.Content.ReadFromJsonAsync<JsonObject>())!;
        using var refresh = await _client.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/refresh", (string)started["token"]!));
        var refreshed = (await refresh.Content.ReadFromJsonAsync<JsonObject>())!;

        foreach (var body in new[] { issued, started, reconnected, refreshed })
        {
            var streamUrl = new Uri((string)body["streamUrl"]!);
            Assert.Equal("ws", streamUrl.Scheme);
            Assert.Equal($"/v3/directline/conversations/{body["conversationId"]}/stream", streamUrl.AbsolutePath);
            Assert.Contains("t=", streamUrl.Query, StringComparison.Ordinal);
        }

        Assert.Contains("watermark=1&", (string)reconnected["streamUrl"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_FromStart_PushesTheWelcomeThenEchoTypingAndReplyAsTheyHappen()
    {
        var started = await StartConversationAsync(_client);
        var conversationId = (string)started["conversationId"]!;
        using var socket = await ConnectAsync((string)started["streamUrl"]!);

        var first = await ReceiveSetAsync(socket);
        Assert.Equal(EchoBot.Welcome, (string)first["activities"]![0]!["text"]!);
        Assert.Equal("1", (string)first["watermark"]!);

        // "slow": the bot sends typing, then waits. The stream must show the echo and (once the turn has taken longer
        // than the typing delay) the typing before the turn ends.
        var post = PostMessageAsync(_client, conversationId, (string)started["token"]!, "slow", "client-slow");
        await EchoBot.SlowTyping.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _host.Time!.Advance(DirectLineService.TypingDelay);
        var seen = new List<JsonNode>();
        while (!seen.Any(a => (string?)a["type"] == "typing"))
        {
            seen.AddRange((await ReceiveSetAsync(socket))["activities"]!.AsArray()!);
        }

        Assert.False(post.IsCompleted, "the post finished before the typing activity arrived");
        var echo = seen.First();
        Assert.Equal("client-slow", (string)echo["channelData"]!["clientActivityID"]!);
        Assert.Equal($"{conversationId}|0000001", (string)echo["id"]!);

        EchoBot.SlowRelease.TrySetResult();
        JsonNode? reply = null;
        while (reply is null)
        {
            reply = (await ReceiveSetAsync(socket))["activities"]!.AsArray().FirstOrDefault(a => (string?)a!["text"] == "Echo: slow");
        }

        Assert.Equal(HttpStatusCode.OK, (await post).StatusCode);
        Assert.Equal("bot", (string)reply["from"]!["role"]!);
    }

    [Fact]
    public async Task Reconnect_WithWatermark_StreamResumesAfterIt()
    {
        var started = await StartConversationAsync(_client);
        var conversationId = (string)started["conversationId"]!;
        var token = (string)started["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await PostMessageAsync(_client, conversationId, token, "one", "c-1")).StatusCode);
        var (_, watermark) = await GetActivitiesAsync(_client, conversationId, token);
        Assert.Equal(HttpStatusCode.OK, (await PostMessageAsync(_client, conversationId, token, "two", "c-2")).StatusCode);

        using var reconnect = await _client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}?watermark={watermark}", token));
        var body = (await reconnect.Content.ReadFromJsonAsync<JsonObject>())!;
        using var socket = await ConnectAsync((string)body["streamUrl"]!);

        var set = await ReceiveSetAsync(socket);
        var texts = set["activities"]!.AsArray().Select(a => (string?)a!["text"]).ToList();
        Assert.Equal("two", texts[0]);
        Assert.DoesNotContain("one", texts);
        Assert.DoesNotContain("Echo: one", texts);
    }

    [Fact]
    public async Task Stream_WhenNothingHappens_SendsEmptyHeartbeats()
    {
        var started = await StartConversationAsync(_client);
        using var socket = await ConnectAsync((string)started["streamUrl"]!);
        await ReceiveSetAsync(socket); // the welcome

        var receive = ReceiveTextAsync(socket);
        // The heartbeat runs on the host's clock: advance it until the empty message arrives.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!receive.IsCompleted && DateTime.UtcNow < deadline)
        {
            _host.Time!.Advance(TimeSpan.FromSeconds(5));
            try
            {
                await receive.WaitAsync(TimeSpan.FromMilliseconds(100));
            }
            catch (TimeoutException)
            {
                // Not yet: the stream may not have started waiting when the clock moved; move it again.
            }
        }

        Assert.Equal("", await receive);
    }

    [Fact]
    public async Task Stream_NewerSocketForTheConversation_ClosesTheOlderWithCollision()
    {
        var started = await StartConversationAsync(_client);
        using var older = await ConnectAsync((string)started["streamUrl"]!);
        await ReceiveSetAsync(older);

        using var newer = await ConnectAsync((string)started["streamUrl"]!);
        await ReceiveSetAsync(newer);

        var buffer = new byte[1024];
        var result = await older.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal("collision", older.CloseStatusDescription);
    }

    [Fact]
    public async Task Stream_BadRequests_GetShortErrorsNotAStream()
    {
        var started = await StartConversationAsync(_client);
        var conversationId = (string)started["conversationId"]!;
        var streamUrl = new Uri((string)started["streamUrl"]!);
        var other = await StartConversationAsync(_client);
        var path = $"/v3/directline/conversations/{conversationId}/stream";

        using var plainGet = await _client.GetAsync(streamUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, plainGet.StatusCode);
        Assert.Equal("BadArgument", await ErrorCodeAsync(plainGet));

        await AssertRejectedAsync(new Uri($"ws://localhost{path}"));
        // The conversation's bearer token is not a stream token, and another conversation's stream token opens only that one.
        await AssertRejectedAsync(new Uri($"ws://localhost{path}?t={Uri.EscapeDataString((string)started["token"]!)}"));
        await AssertRejectedAsync(new Uri($"ws://localhost{path}?{new Uri((string)other["streamUrl"]!).Query.TrimStart('?')}"));
    }

    private async Task AssertRejectedAsync(Uri url)
    {
        var client = _host.CreateWebSocketClient();
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => client.ConnectAsync(url, CancellationToken.None));
        Assert.Matches("40[13]", error.Message);
    }

    private async Task<WebSocket> ConnectAsync(string streamUrl) =>
        await _host.CreateWebSocketClient().ConnectAsync(new Uri(streamUrl), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

    private static async Task<JsonObject> ReceiveSetAsync(WebSocket socket)
    {
        while (true)
        {
            var text = await ReceiveTextAsync(socket);
            if (text.Length > 0)
            {
                return JsonNode.Parse(text)!.AsObject();
            }
        }
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }
}
