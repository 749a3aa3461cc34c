using IndBot.Hosting;
using IndBot.Snapshots;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using IndBot.Telemetry;

namespace IndBot.Tests.Hosting;

/// <summary>Messages that arrive while the bot is still building its index (it listens before the index is ready).</summary>
public sealed class StartupTests : IAsyncLifetime
{
    private readonly NotLoadedFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task MessageBeforeKnowledgeIsLoaded_WaitsAndGetsTheAnswer()
    {
        var bot = new BotClient(_factory.CreateClient());
        Assert.Null(_factory.Knowledge.Current);

        // The message is on its way while the index is built.
        var asking = bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation());
        _factory.LoadKnowledge();

        var reply = BotClient.SingleMessage(await asking);
        Assert.DoesNotContain("something went wrong", reply.Text);
        Assert.Contains("biometric", reply.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task KnowledgeFailedToLoad_MessageGetsTheErrorReplyAtOnce()
    {
        var bot = new BotClient(_factory.CreateClient());
        _factory.Knowledge.ReportProblems([new IndBot.Knowledge.KnowledgeProblem("faq/broken.yaml", 1, "broken on purpose")], "knowledge", DateTimeOffset.UtcNow);

        var reply = BotClient.SingleMessage(await bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation()));

        Assert.StartsWith("Sorry, something went wrong", reply.Text);
        Assert.Contains("088 0430 430", reply.Text);
    }

    /// <summary>The host without its knowledge loader: the test decides when (and whether) the knowledge loads.</summary>
    private sealed class NotLoadedFactory : IndBotFactory
    {
        protected override void ConfigureTestServices(IServiceCollection services)
        {
            services.RemoveAll<IHostedService>(d => d.ImplementationType == typeof(KnowledgeLoaderService));
        }

        public void LoadKnowledge()
        {
            var loader = new KnowledgeLoaderService(
                Knowledge,
                Options.Create(new KnowledgeOptions { Path = KnowledgePath, Watch = false }),
                TimeProvider.System,
                Services.GetRequiredService<IndBotMetrics>(),
                NullLogger<KnowledgeLoaderService>.Instance);
            loader.Load(KnowledgePath);
        }
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T) && match(d)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
