using IndBot.Answers.Decisions;
using IndBot.Knowledge;
using IndBot.BotFramework.Schema;
using IndBot.Snapshots;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace IndBot.Tests.Bot;

/// <summary>A host whose engine is a Moq seam: the turn error boundary and the trace-on-all-channels setting.</summary>
public sealed class ErrorBoundaryTests : IAsyncLifetime
{
    private readonly FakeEngineFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Engine_Throws_UserGetsSorryInTheirLanguageWithoutExceptionText()
    {
        _factory.Engine.Setup(e => e.Decide(It.IsAny<Question>())).Throws(new InvalidOperationException("secret internals 1234567890"));
        _factory.UseFakeEngine();
        var bot = new BotClient(_factory.CreateClient());

        var reply = BotClient.SingleMessage(await bot.AskAsync("Waar is het loket?", BotClient.NewConversation(), locale: "nl-NL"));

        Assert.StartsWith("Sorry, er ging bij ons iets mis", reply.Text);
        Assert.DoesNotContain("secret internals", BotClient.Json(reply));
    }

    [Fact]
    public async Task TraceOnAllChannels_WebChat_GetsTrace()
    {
        _factory.Engine.Setup(e => e.Decide(It.IsAny<Question>())).Returns(new Decision
        {
            Kind = DecisionKind.SmallTalk,
            Language = "en",
            SmallTalk = new SmallTalkIntent
            {
                Id = "greeting",
                Phrasings = LocalizedList.Empty,
                Reply = new LocalizedText(new Dictionary<string, string> { ["en"] = "Hello!" }),
            },
            Confidence = 1,
            Context = ConversationContext.Empty,
        });
        _factory.UseFakeEngine();
        var bot = new BotClient(_factory.CreateClient());

        var replies = await bot.AskAsync("hi", BotClient.NewConversation(), channelId: "webchat");

        var trace = Assert.Single(replies, a => a.Type == ActivityTypes.Trace);
        Assert.Equal("smalltalk", trace.Value!.Value.GetProperty("kind").GetString());
        Assert.Equal("Hello!", BotClient.SingleMessage(replies).Text);
    }

    private sealed class FakeEngineFactory : IndBotFactory
    {
        public Mock<IAnswerEngine> Engine { get; } = new(MockBehavior.Strict);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["IndBot:TraceOnAllChannels"] = "true" };

        /// <summary>Swaps the loaded engine for the mock, keeping the real texts.</summary>
        public void UseFakeEngine()
        {
            var state = Services.GetRequiredService<KnowledgeState>();
            var real = state.Current!;
            state.Publish(new KnowledgeSnapshot(real.Knowledge, Engine.Object, DateTimeOffset.UtcNow), state.Path!, DateTimeOffset.UtcNow);
        }
    }
}
