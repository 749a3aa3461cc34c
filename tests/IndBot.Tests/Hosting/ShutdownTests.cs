using System.Net;
using IndBot.Answers.Decisions;
using IndBot.Snapshots;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Moq;

namespace IndBot.Tests.Hosting;

/// <summary>The real Kestrel server: stopping the host lets a turn in progress finish and deliver its reply.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly KestrelFactory _factory = new();

    public async Task InitializeAsync()
    {
        _factory.UseKestrel();
        _factory.StartServer();
        await _factory.InitializeAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public void ShutdownTimeout_Default_TwentySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), _factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task StopAsync_TurnInProgress_TurnCompletesBeforeHostStops()
    {
        var knowledge = _factory.Knowledge;
        // Held until the end of the test: the blocking engine answers through the loaded one, whose index must stay open.
        var current = knowledge.Acquire()!;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new Mock<IAnswerEngine>();
        engine.Setup(e => e.Decide(It.IsAny<Question>())).Returns<Question>(question =>
        {
            entered.TrySetResult();
            release.Task.Wait();
            return current.Engine.Decide(question);
        });
        var now = DateTimeOffset.UtcNow;
        _factory.Knowledge.Publish(new KnowledgeSnapshot(current.Knowledge, engine.Object, now), _factory.Knowledge.Path!, now);
        var http = _factory.CreateClient();
        var bot = new BotClient(http);

        var turn = bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation());
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = _factory.Host!.StopAsync();

        Assert.False(stopping.IsCompleted);
        release.SetResult();
        var reply = BotClient.SingleMessage(await turn.WaitAsync(TimeSpan.FromSeconds(30)));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("Source:", reply.Text);
        Assert.NotEqual(80, http.BaseAddress!.Port);
        using var probe = new HttpClient { BaseAddress = http.BaseAddress };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => probe.GetAsync("/healthz"));
        knowledge.Release(current);
    }

    private sealed class KestrelFactory : IndBotFactory
    {
        public IHost? Host { get; private set; }

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            // A free port on loopback instead of the default 3978.
            ["urls"] = "http://127.0.0.1:0",
        };

        protected override IHost CreateHost(IHostBuilder builder)
        {
            Host = base.CreateHost(builder);
            return Host;
        }
    }
}
