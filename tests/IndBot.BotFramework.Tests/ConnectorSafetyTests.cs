using System.Net;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.Tests.Infrastructure;
using IndBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndBot.BotFramework.Tests;

/// <summary>
/// Replies through the Connector on a bad day: a failing or silent connector, a serviceUrl nobody proved, redirects. The
/// channels give up on a request after 15 s; an anonymous caller must not make the bot post anywhere it likes.
/// </summary>
public sealed class ConnectorSafetyTests : IAsyncLifetime
{
    private const string ErrorReply = "sorry, something went wrong";

    private LoopbackServer _failing = null!;
    private LoopbackServer _healthy = null!;
    private LoopbackServer _silent = null!;
    private readonly TaskCompletionSource _releaseSilent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        _failing = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        _healthy = await LoopbackServer.StartAsync();
        // Never answers: holds every request until the caller gives up or the test ends.
        _silent = await LoopbackServer.StartAsync((context, _) => _releaseSilent.Task.WaitAsync(context.RequestAborted));
    }

    public async Task DisposeAsync()
    {
        _releaseSilent.TrySetResult();
        await _failing.DisposeAsync();
        await _healthy.DisposeAsync();
        await _silent.DisposeAsync();
    }

    [Fact]
    public async Task FailingConnector_DoesNotBreakRepliesToAnotherServiceUrl()
    {
        using var services = AdapterHarness.BuildServices();
        var factory = services.GetRequiredService<IConnectorClientFactory>();

        // Enough failed attempts (40 × 3) to open a circuit breaker shared by every serviceUrl.
        for (var i = 0; i < 40; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => factory.Create(_failing.BaseUrl, serviceUrlVerified: false).SendToConversationAsync("c", MessageFactory.Text("hi")));
        }

        var response = await factory.Create(_healthy.BaseUrl, serviceUrlVerified: false).SendToConversationAsync("c", MessageFactory.Text("hi"));

        Assert.Equal("reply-1", response.Id);
    }

    [Fact]
    public async Task FailingConnector_ErrorReplyIsNotSentThroughIt()
    {
        using var services = AdapterHarness.BuildServices();
        var adapter = ErrorReplyingAdapter(services);

        var result = await AdapterHarness.PostAsync(adapter, new EchoBot(), Message(_failing.BaseUrl + "/"));

        Assert.Equal(200, result.Status);
        Assert.Equal(3, _failing.Requests.Count);
        Assert.All(_failing.Requests, r => Assert.Contains("echo: hi", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SilentConnector_TurnEndsAtItsDeadlineWithoutFurtherAttempts()
    {
        using var services = AdapterHarness.BuildServices(configure: s => s.Configure<ConnectorClientOptions>(o =>
        {
            // The turn's deadline comes long before an attempt's, so a second attempt can never start; it leaves the
            // first one time to reach the silent connector on a loaded machine (1 s did not, now and then).
            o.AttemptTimeout = TimeSpan.FromSeconds(20);
            o.TotalTimeout = TimeSpan.FromSeconds(30);
            o.TurnTimeout = TimeSpan.FromSeconds(3);
        }));
        var adapter = ErrorReplyingAdapter(services);

        var result = await AdapterHarness.PostAsync(adapter, new EchoBot(), Message(_silent.BaseUrl + "/"));

        Assert.Equal(200, result.Status);
        var only = Assert.Single(_silent.Requests);
        Assert.Contains("echo: hi", only.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://192.168.1.1:9/")]
    [InlineData("http://3232235777/")]
    [InlineData("http://0xC0A80101/")]
    [InlineData("http://192.168.257/")]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://localhost.example/")]
    public async Task AnonymousRequest_ServiceUrlNotLoopback_NothingIsSent(string serviceUrl)
    {
        var recorder = new RecordingHandler();
        var logs = new CapturingLoggerProvider();
        using var services = AdapterHarness.BuildServices(configure: s =>
        {
            s.AddHttpClient(ConnectorClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => recorder);
            s.AddLogging(b => b.AddProvider(logs));
        });
        var adapter = ErrorReplyingAdapter(services);

        var result = await AdapterHarness.PostAsync(adapter, new EchoBot(), Message(serviceUrl));

        Assert.Equal(200, result.Status);
        Assert.Empty(recorder.Requests);
        Assert.Contains(logs.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnonymousRequest_ServiceUrlInAllowedServiceUrls_IsAnswered()
    {
        var recorder = new RecordingHandler();
        using var services = AdapterHarness.BuildServices(
            new Dictionary<string, string?> { ["Connector:AllowedServiceUrls:0"] = "https://directline.example.nl/bot/" },
            s => s.AddHttpClient(ConnectorClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => recorder));

        await AdapterHarness.PostAsync(services.GetRequiredService<CloudAdapter>(), new EchoBot(), Message("https://directline.example.nl/bot/"));
        await AdapterHarness.PostAsync(services.GetRequiredService<CloudAdapter>(), new EchoBot(), Message("https://directline.example.nl/other/"));

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("https://directline.example.nl/bot/v3/conversations/conv%7Clivechat/activities/act%7C1", request.AbsoluteUri);
    }

    [Theory]
    [InlineData("/x#")]
    [InlineData("/x#/evil")]
    [InlineData("/x?next=/evil")]
    public async Task ServiceUrlWithFragmentOrQuery_ReplyPathIsBuiltFromTheParsedUrl(string suffix)
    {
        using var services = AdapterHarness.BuildServices();

        await AdapterHarness.PostAsync(services.GetRequiredService<CloudAdapter>(), new EchoBot(), Message(_healthy.BaseUrl + suffix));

        Assert.Equal("/x/v3/conversations/conv%7Clivechat/activities/act%7C1", Assert.Single(_healthy.Requests).RawTarget);
    }

    [Fact]
    public async Task ConnectorRedirect_IsNotFollowed()
    {
        await using var redirecting = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = _healthy.BaseUrl + "/stolen";
            return Task.CompletedTask;
        });
        using var services = AdapterHarness.BuildServices();

        var result = await AdapterHarness.PostAsync(services.GetRequiredService<CloudAdapter>(), new EchoBot(), Message(redirecting.BaseUrl + "/"));

        Assert.Equal(200, result.Status);
        Assert.NotEmpty(redirecting.Requests);
        Assert.Empty(_healthy.Requests);
    }

    private static CloudAdapter ErrorReplyingAdapter(IServiceProvider services)
    {
        var adapter = services.GetRequiredService<CloudAdapter>();
        adapter.OnTurnError = (turnContext, _) => turnContext.SendActivityAsync(ErrorReply, cancellationToken: CancellationToken.None);
        return adapter;
    }

    private static string Message(string serviceUrl) => $$"""
        {"type":"message","id":"act|1","channelId":"emulator","serviceUrl":"{{serviceUrl}}","conversation":{"id":"conv|livechat"},
         "from":{"id":"u","role":"user"},"recipient":{"id":"b"},"text":"hi"}
        """;

    /// <summary>Stands in for the network: records what would have been sent and answers like a Connector.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"r"}""") });
        }
    }
}
