using System.Diagnostics;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.Tests.Infrastructure;
using IndBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndBot.BotFramework.Tests;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private int _failuresLeft;
    private int _failStatus = 503;

    public async Task InitializeAsync() =>
        _server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = _failStatus;
                return;
            }

            if (context.Request.Path.StartsWithSegments("/empty", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 200;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"id":"resp-1"}""");
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/amer")]
    [InlineData("/amer/")]
    public async Task ReplyToActivity_PercentEncodesIdsAndKeepsServiceUrlPath(string path)
    {
        var client = CreateFactory().Create(_server.BaseUrl + path, serviceUrlVerified: false);

        var response = await client.ReplyToActivityAsync("19:aebd@thread.skype;messageid=1|x", "f:123|0000004", MessageFactory.Text("hi"));

        Assert.Equal("resp-1", response.Id);
        var request = Assert.Single(_server.Requests);
        var prefix = path.TrimEnd('/');
        Assert.Equal($"{prefix}/v3/conversations/19%3Aaebd%40thread.skype%3Bmessageid%3D1%7Cx/activities/f%3A123%7C0000004", request.RawTarget);
        Assert.Equal("POST", request.Method);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task SendToConversation_PostsToActivitiesPath()
    {
        var client = CreateFactory().Create(_server.BaseUrl, serviceUrlVerified: false);

        await client.SendToConversationAsync("a:1|livechat", MessageFactory.Text("hi"));

        Assert.Equal("/v3/conversations/a%3A1%7Clivechat/activities", Assert.Single(_server.Requests).RawTarget);
    }

    [Fact]
    public async Task Reply_EmptyBody200_IsTolerated()
    {
        var client = CreateFactory().Create(_server.BaseUrl + "/empty", serviceUrlVerified: false);

        var response = await client.SendToConversationAsync("c", MessageFactory.Text("hi"));

        Assert.Null(response.Id);
    }

    [Fact]
    public async Task Reply_TransientFailures_AreRetried()
    {
        _failuresLeft = 2;
        var client = CreateFactory(maxRetries: 3).Create(_server.BaseUrl, serviceUrlVerified: false);

        var response = await client.SendToConversationAsync("c", MessageFactory.Text("hi"));

        Assert.Equal("resp-1", response.Id);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Reply_PersistentFailure_GivesUpAfterBoundedAttempts()
    {
        _failuresLeft = int.MaxValue;
        var client = CreateFactory(maxRetries: 2).Create(_server.BaseUrl, serviceUrlVerified: false);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync("c", MessageFactory.Text("hi")));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, _server.Requests.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Reply_ClientError_IsNotRetried()
    {
        _failuresLeft = int.MaxValue;
        _failStatus = 400;
        var client = CreateFactory(maxRetries: 3).Create(_server.BaseUrl, serviceUrlVerified: false);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync("c", MessageFactory.Text("hi")));

        Assert.Equal(400, error.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    public void Create_InvalidServiceUrl_Throws(string serviceUrl) =>
        Assert.Throws<ArgumentException>(() => CreateFactory().Create(serviceUrl, serviceUrlVerified: false));

    [Fact]
    public async Task Reply_ThroughAdapter_PostsToReplyPathWithoutTokenWhenAuthDisabled()
    {
        using var services = AdapterHarness.BuildServices();
        var adapter = services.GetRequiredService<CloudAdapter>();
        var body = $$"""
            {"type":"message","id":"act|1","channelId":"emulator","serviceUrl":"{{_server.BaseUrl}}","conversation":{"id":"conv|livechat"},
             "from":{"id":"u","role":"user"},"recipient":{"id":"b"},"text":"hi"}
            """;

        var result = await AdapterHarness.PostAsync(adapter, new EchoBot(), body);

        Assert.Equal(200, result.Status);
        Assert.Equal("", result.Body);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v3/conversations/conv%7Clivechat/activities/act%7C1", request.RawTarget);
        Assert.Null(request.Authorization);
        var reply = System.Text.Json.JsonSerializer.Deserialize(request.Body, BotJsonContext.Default.Activity)!;
        Assert.Equal("act|1", reply.ReplyToId);
        Assert.Equal("echo: hi", reply.Text);
        Assert.Null(reply.Id);
    }

    [Fact]
    public async Task Reply_IsSentLikeTheSdk_WithContentLengthAndUserAgent()
    {
        var client = CreateFactory().Create(_server.BaseUrl, serviceUrlVerified: false);

        await client.SendToConversationAsync("c", MessageFactory.Text("Hello, I'm IndBot — ça va?"));

        var request = Assert.Single(_server.Requests);
        Assert.False(request.Headers.ContainsKey("Transfer-Encoding"), "the body was sent chunked");
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(request.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["Content-Length"]);
        Assert.StartsWith("Microsoft-BotFramework/3.1 ", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Reply_ThatSucceeds_LogsNothingAtInformation()
    {
        var logs = new CapturingLoggerProvider();
        using var services = AdapterHarness.BuildServices(configure: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information)));
        var client = services.GetRequiredService<IConnectorClientFactory>().Create(_server.BaseUrl, serviceUrlVerified: false);

        await client.SendToConversationAsync("c", MessageFactory.Text("hi"));
        await client.SendToConversationAsync("c", MessageFactory.Text("hi again"));

        Assert.Empty(logs.Logs.Where(l => l.Level >= LogLevel.Information).Select(l => $"{l.Category}: {l.Message}"));
    }

    private static IConnectorClientFactory CreateFactory(int maxRetries = 2)
    {
        var services = AdapterHarness.BuildServices(configure: s => s.Configure<ConnectorClientOptions>(o => o.MaxRetryAttempts = maxRetries));
        return services.GetRequiredService<IConnectorClientFactory>();
    }
}
