using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IndBot.BotFramework.State;
using IndBot.Feedback;
using IndBot.State;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Bot;

/// <summary>Two bot instances sharing a real redis-server, as behind a load balancer; Redis killed and restarted.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private RedisServer? _redis;
    private RedisFactory? _first;
    private RedisFactory? _second;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _first = new RedisFactory(_redis.ConnectionString);
        _second = new RedisFactory(_redis.ConnectionString);
        await Task.WhenAll(_first.InitializeAsync(), _second.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await (_first?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_second?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_redis?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task FollowUp_OnOtherInstance_UsesContextThroughRedisDownAndBack()
    {
        var a = new BotClient(_first!.CreateClient());
        var b = new BotClient(_second!.CreateClient());
        Assert.IsType<RedisStorage>(_first.Services.GetRequiredService<IStorage>());

        Assert.True(await FollowUpUsesContextAsync(a, b));

        await _redis!.KillAsync();
        Assert.False(await FollowUpUsesContextAsync(a, b));
        Assert.False(await FollowUpUsesContextAsync(b, a));
        Assert.Single(_first.Logs.Logs, l => l.Message.StartsWith("Conversation state storage failed", StringComparison.Ordinal));
        Assert.Single(_second.Logs.Logs, l => l.Message.StartsWith("Conversation state storage failed", StringComparison.Ordinal));

        await _redis.StartAgainAsync();
        // The client reconnects on its own schedule (about a second); ask until it has, within a bound.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (!await FollowUpUsesContextAsync(a, b))
        {
            Assert.True(DateTime.UtcNow < deadline, "Follow-up context did not come back within 30 s of Redis restarting.");
            await timer.WaitForNextTickAsync();
        }

        Assert.Contains(_first.Logs.Logs, l => l.Message == "Conversation state storage works again");
    }

    [Fact]
    public async Task Fallback_OnOneInstance_InSharedFeedbackList()
    {
        var a = new BotClient(_first!.CreateClient());
        var question = "Can I bring my pet parrot " + Guid.NewGuid().ToString("N")[..6] + "?";

        await a.AskAsync(question + " mail me at jan.jansen@example.nl", BotClient.NewConversation());

        var records = await _second!.Services.GetRequiredService<IFeedbackStore>().ReadAllAsync();
        var record = Assert.Single(records, r => r.Question?.StartsWith(question, StringComparison.Ordinal) == true);
        Assert.Equal(FeedbackKinds.Fallback, record.Kind);
        Assert.DoesNotContain("jan.jansen@example.nl", record.Question);
        Assert.False(File.Exists(_first.FeedbackPath));
    }

    /// <summary>Asks for the Zwolle desk on one instance and its opening hours on the other; true when the hours are Zwolle's only.</summary>
    private static async Task<bool> FollowUpUsesContextAsync(BotClient first, BotClient second)
    {
        var conversation = BotClient.NewConversation();
        var desk = BotClient.SingleMessage(await first.AskAsync("Where is the Zwolle desk?", conversation));
        Assert.Contains("Zwolle", BotClient.Json(desk));

        var hours = BotClient.SingleMessage(await second.AskAsync("and its opening hours?", conversation));
        Assert.False(string.IsNullOrWhiteSpace(hours.Text) && hours.Attachments is not { Count: > 0 });
        // Without context the bot lists all eight desks and asks which one.
        var json = BotClient.Json(hours);
        return json.Contains("Zwolle", StringComparison.Ordinal) && !json.Contains("Amsterdam", StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectLine_ConversationStartedOnOneInstance_ContinuesOnTheOtherAndItsStreamFollows()
    {
        using var a = _first!.CreateClient();
        using var b = _second!.CreateClient();

        // The widget's first two calls reach instance A: a token, then the conversation (the welcome is stored).
        using var tokenResponse = await a.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        var token = (string)(await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = JsonContent.Create(new { locale = "en-US" }) };
        start.Headers.Authorization = new("Bearer", token);
        using var startResponse = await a.SendAsync(start);
        Assert.Equal(HttpStatusCode.Created, startResponse.StatusCode);
        var conversation = (await startResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        var conversationId = (string)conversation["conversationId"]!;
        token = (string)conversation["token"]!;

        // Its stream is open on A.
        using var socket = await _first.Server.CreateWebSocketClient().ConnectAsync(new Uri((string)conversation["streamUrl"]!), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("I answer frequently asked questions", await ReceiveTextAsync(socket), StringComparison.Ordinal);

        // The question reaches instance B.
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities")
        {
            Content = JsonContent.Create(new { type = "message", text = "Where is the IND desk in Utrecht?", from = new { id = "x", role = "user" }, channelData = new { clientActivityID = "c-1" } }),
        };
        post.Headers.Authorization = new("Bearer", token);
        using var posted = await b.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal($"{conversationId}|0000001", (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);

        // A's stream pushes what B stored: the echo, then the answer.
        var pushed = new StringBuilder();
        while (!pushed.ToString().Contains("Bergstraat 58", StringComparison.Ordinal))
        {
            pushed.Append(await ReceiveTextAsync(socket));
        }

        Assert.Contains("\"clientActivityID\":\"c-1\"", pushed.ToString(), StringComparison.Ordinal);

        // B reads the whole conversation, with one numbering; B refreshes A's token.
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark=");
        read.Headers.Authorization = new("Bearer", token);
        using var history = await b.SendAsync(read);
        var activities = (await history.Content.ReadFromJsonAsync<JsonObject>())!["activities"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, activities.Count).Select(i => $"{conversationId}|{i:0000000}"), activities.Select(x => (string)x!["id"]!));
        Assert.StartsWith("Hello, I'm IndBot", (string)activities[0]!["text"]!, StringComparison.Ordinal);
        Assert.Equal("Where is the IND desk in Utrecht?", (string)activities[1]!["text"]!);
        Assert.Contains(activities, x => (string)x!["from"]!["role"]! == "bot" && x.ToJsonString().Contains("Bergstraat 58", StringComparison.Ordinal));
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task DirectLine_RedisDown_StartIs503NotA500()
    {
        using var a = _first!.CreateClient();
        using var tokenResponse = await a.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        var token = (string)(await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;

        await _redis!.KillAsync();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = JsonContent.Create(new { }) };
        start.Headers.Authorization = new("Bearer", token);
        using var response = await a.SendAsync(start);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("ServiceUnavailable", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!);
    }

    private static async Task<string> ReceiveTextAsync(System.Net.WebSockets.WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }

    private sealed class RedisFactory(string connectionString) : IndBotFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = connectionString,
        };
    }
}
