using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace IndBot.BotFramework.Tests;

/// <summary>What a client sees from /api/messages with authentication disabled (local Emulator, offline-directline).</summary>
public class CloudAdapterTests
{
    private const string Message = """
        {"type":"message","id":"act|0000001","channelId":"emulator","serviceUrl":"http://127.0.0.1:1",
         "conversation":{"id":"conv|livechat"},"from":{"id":"user-1","name":"User","role":"user"},
         "recipient":{"id":"bot-1","name":"Bot","role":"bot"},"text":"hi","locale":"nl-NL"}
        """;

    private readonly Mock<IConnectorClientFactory> _connectorFactory = new(MockBehavior.Strict);
    private readonly CloudAdapter _adapter;

    public CloudAdapterTests()
    {
        var services = AdapterHarness.BuildServices(configure: s => s.AddSingleton(_connectorFactory.Object));
        _adapter = services.GetRequiredService<CloudAdapter>();
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Process_NotPost_Returns405(string method)
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Message, method: method);

        Assert.Equal(405, result.Status);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/jsonx")]
    public async Task Process_NotJsonContentType_Returns415(string? contentType)
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Message, contentType);

        Assert.Equal(415, result.Status);
        AssertError(result, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task Process_JsonWithCharset_IsAccepted(string contentType)
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Expect(Message), contentType);

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Process_BodyOver256KbWithContentLength_Returns413()
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), BigMessage());

        Assert.Equal(413, result.Status);
        AssertError(result, "PayloadTooLarge");
    }

    [Fact]
    public async Task Process_BodyOver256KbChunked_Returns413()
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), BigMessage(), sendContentLength: false);

        Assert.Equal(413, result.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""[{"type":"message"}]""")]
    [InlineData("\"message\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"type":""}""")]
    [InlineData("""{"type":null,"text":"hi"}""")]
    [InlineData("""{"type":5}""")]
    [InlineData("""{"type":"message","from":"not an object"}""")]
    [InlineData("""{"type":"message","membersAdded":{}}""")]
    public async Task Process_MalformedActivity_Returns400WithJsonError(string body)
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), body);

        Assert.Equal(400, result.Status);
        AssertError(result, "BadRequest");
    }

    [Fact]
    public async Task Process_TooDeepJson_Returns400()
    {
        var body = """{"type":"message","value":""" + new string('[', 200) + new string(']', 200) + "}";

        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), body);

        Assert.Equal(400, result.Status);
    }

    [Fact]
    public async Task Process_AuthorizationHeaderWhileAuthDisabled_Returns401()
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Message, authorization: "Bearer abc.def.ghi");

        Assert.Equal(401, result.Status);
        AssertError(result, "Unauthorized");
    }

    [Fact]
    public async Task Process_ExpectReplies_Returns200WithActivitiesAndCallsNoConnector()
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Expect(Message));

        Assert.Equal(200, result.Status);
        Assert.StartsWith("application/json", result.ContentType);
        var replies = JsonSerializer.Deserialize(result.Body, BotJsonContext.Default.ExpectedReplies)!;
        var reply = Assert.Single(replies.Activities);
        Assert.Equal("echo: hi", reply.Text);
        Assert.Equal("bot-1", reply.From!.Id);
        Assert.Equal(RoleTypes.Bot, reply.From.Role);
        Assert.Equal("user-1", reply.Recipient!.Id);
        Assert.Equal("conv|livechat", reply.Conversation!.Id);
        Assert.Equal("act|0000001", reply.ReplyToId);
        Assert.Equal("nl-NL", reply.Locale);
        _connectorFactory.Verify(f => f.Create(It.IsAny<string>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task Process_BotThrows_Returns200AndRunsErrorBoundaryWithoutLeakingText()
    {
        Exception? seen = null;
        _adapter.OnTurnError = async (context, ex) =>
        {
            seen = ex;
            await context.SendActivityAsync("Sorry, something went wrong.");
        };

        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Expect(Message.Replace("\"hi\"", "\"boom\"", StringComparison.Ordinal)));

        Assert.Equal(200, result.Status);
        Assert.IsType<InvalidOperationException>(seen);
        Assert.DoesNotContain("secret internal detail", result.Body, StringComparison.Ordinal);
        Assert.Contains("Sorry, something went wrong.", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_ErrorHandlerAlsoThrows_StillNo500()
    {
        _adapter.OnTurnError = (_, _) => throw new InvalidOperationException("handler broke");

        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Message.Replace("\"hi\"", "\"boom\"", StringComparison.Ordinal));

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Process_ConnectorFails_ErrorBoundaryRunsAndNo500()
    {
        var client = new Mock<IConnectorClient>();
        client.Setup(c => c.ReplyToActivityAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConnectorException(502, "down"));
        _connectorFactory.Setup(f => f.Create(It.IsAny<string>(), false)).Returns(client.Object);
        var errors = 0;
        _adapter.OnTurnError = (_, _) =>
        {
            errors++;
            return Task.CompletedTask;
        };

        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), Message);

        Assert.Equal(200, result.Status);
        Assert.Equal(1, errors);
    }

    [Fact]
    public async Task Process_UnhandledInvoke_Returns501()
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), """{"type":"invoke","name":"task/fetch","channelId":"msteams","conversation":{"id":"c"}}""");

        Assert.Equal(501, result.Status);
    }

    [Fact]
    public async Task Process_HandledInvoke_ReturnsStatusAndUnwrappedBody()
    {
        var result = await AdapterHarness.PostAsync(_adapter, new InvokeBot(), """{"type":"invoke","name":"adaptiveCard/action","channelId":"msteams","conversation":{"id":"c"}}""");

        Assert.Equal(200, result.Status);
        Assert.Equal("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Approved"}""", result.Body);
    }

    [Theory]
    [InlineData("""{"type":"conversationUpdate","channelId":"emulator","serviceUrl":"http://127.0.0.1:1","conversation":{"id":"c1"},"id":"x","membersAdded":[],"membersRemoved":[],"from":{"id":"offline-directline","name":"Offline Directline Server"}}""")]
    [InlineData("""{"type":"ping","channelId":"emulator","conversation":{"id":"c1"}}""")]
    [InlineData("""{"type":"deleteUserData","channelId":"emulator","conversation":{"id":"c1"}}""")]
    [InlineData("""{"type":"typing","channelId":"emulator"}""")]
    [InlineData("""{"type":"event","name":"webchat/join","value":{"language":"nl"}}""")]
    [InlineData("""{"type":"installationUpdate","action":"add"}""")]
    [InlineData("""{"type":"message","text":"hi","deliveryMode":"expectReplies"}""")]
    public async Task Process_WhatRealClientsSend_Returns200(string body)
    {
        var result = await AdapterHarness.PostAsync(_adapter, new EchoBot(), body);

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Process_IncomingText_ControlCharactersStripped()
    {
        var bot = new EchoBot();

        await AdapterHarness.PostAsync(_adapter, bot, Expect(Message.Replace("\"hi\"", "\"h\\u0000i\\u001b\\nthere\\tok\"", StringComparison.Ordinal)));

        Assert.Equal(["hi\nthere\tok"], bot.ReceivedTexts);
    }

    [Fact]
    public async Task Process_IncomingCallerId_IsDiscarded()
    {
        var bot = new CallerIdBot();

        await AdapterHarness.PostAsync(_adapter, bot, """{"type":"message","callerId":"urn:botframework:azure","deliveryMode":"expectReplies"}""");

        Assert.True(bot.Seen);
        Assert.Null(bot.CallerId);
    }

    [Fact]
    public async Task ProcessActivityForReplies_ReturnsRepliesWithoutConnector()
    {
        var activity = JsonSerializer.Deserialize(Message, BotJsonContext.Default.Activity)!;
        activity.ChannelId = "directline";

        var replies = await _adapter.ProcessActivityForRepliesAsync(activity, new TraceAndEchoBot(), CancellationToken.None);

        var reply = Assert.Single(replies);
        Assert.Equal("echo", reply.Text);
        Assert.Equal(RoleTypes.Bot, reply.From!.Role);
        Assert.Equal("act|0000001", reply.ReplyToId);
        _connectorFactory.Verify(f => f.Create(It.IsAny<string>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task ProcessActivityForReplies_OnEmulator_KeepsTraces()
    {
        var activity = JsonSerializer.Deserialize(Message, BotJsonContext.Default.Activity)!;

        var replies = await _adapter.ProcessActivityForRepliesAsync(activity, new TraceAndEchoBot(), CancellationToken.None);

        Assert.Equal([ActivityTypes.Trace, ActivityTypes.Message], replies.Select(r => r.Type));
    }

    private static string Expect(string json) =>
        JsonNode.Parse(json)!.AsObject().Apply(o => o["deliveryMode"] = "expectReplies").ToJsonString();

    private static string BigMessage() => """{"type":"message","text":" """ + new string('a', CloudAdapter.MaxBodyBytes) + "\"}";

    private static void AssertError(HttpResult result, string code)
    {
        Assert.StartsWith("application/json", result.ContentType);
        var json = JsonNode.Parse(result.Body)!;
        Assert.Equal(code, (string?)json["error"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)json["error"]!["message"]));
    }

    private sealed class InvokeBot : ActivityHandler
    {
        protected override Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
            Task.FromResult(new InvokeResponse
            {
                Status = 200,
                Body = BotJson.ToElement(new Dictionary<string, object> { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.activity.message", ["value"] = "Approved" }),
            });
    }

    private sealed class CallerIdBot : IBot
    {
        public bool Seen { get; private set; }

        public string? CallerId { get; private set; }

        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            Seen = true;
            CallerId = turnContext.Activity.CallerId;
            return Task.CompletedTask;
        }
    }

    private sealed class TraceAndEchoBot : ActivityHandler
    {
        protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            await turnContext.SendActivityAsync(turnContext.Activity.CreateTrace("Decision", BotJson.ToElement(new { Kind = "answer" })), cancellationToken);
            await turnContext.SendActivityAsync("echo", cancellationToken: cancellationToken);
        }
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Apply(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}

/// <summary>Request bodies Kestrel gives up on; the client gets Kestrel's status and nothing is logged as an error.</summary>
public class UnreadableBodyTests
{
    [Theory]
    [InlineData(408)]
    [InlineData(400)]
    public async Task Process_BodyKestrelGivesUpOn_ReturnsItsStatusWithoutError(int status)
    {
        var logs = new IndBot.Testing.CapturingLoggerProvider();
        using var services = AdapterHarness.BuildServices(configure: s => s.AddLogging(b => b.AddProvider(logs)));
        var adapter = services.GetRequiredService<CloudAdapter>();
        var bot = new EchoBot();

        var result = await AdapterHarness.PostAsync(adapter, bot, null, sendContentLength: false, bodyStream: new StalledBody(status));

        Assert.Equal(status, result.Status);
        Assert.Empty(bot.ReceivedTexts);
        Assert.DoesNotContain(logs.Logs, l => l.Level >= LogLevel.Error);
    }

    /// <summary>What Kestrel's request body does when the client stalls (MinRequestBodyDataRate) or breaks the chunking.</summary>
    private sealed class StalledBody(int status) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", status);
    }
}
