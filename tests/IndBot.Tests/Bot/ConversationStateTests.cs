using IndBot.Answers.Decisions;
using IndBot.Bot;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.State;
using IndBot.State;
using IndBot.Testing;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace IndBot.Tests.Bot;

/// <summary>One record per conversation, read once at the start of a turn and written once at its end, only when changed.</summary>
public sealed class ConversationStateTests(ConversationStateTests.CountingFactory factory) : IClassFixture<ConversationStateTests.CountingFactory>
{
    private readonly CountingFactory _factory = factory;

    [Theory]
    [InlineData(Channels.Emulator)]
    [InlineData(Channels.Msteams)] // Teams also remembers the answers' ids for its feedback buttons: in the same record.
    public async Task Message_OneTurn_OneReadAndOneWrite(string channelId)
    {
        var conversation = NewConversation(channelId);
        _factory.Storage.Reset();

        await new TestFlow(conversation).Send("What is the IND phone number?").AssertReply("088 0430 430").StartTestAsync();

        Assert.Equal(1, _factory.Storage.Reads);
        Assert.Equal(1, _factory.Storage.Writes);
        Assert.Equal(0, _factory.Storage.Deletes);
    }

    [Fact]
    public async Task Message_StateUnchanged_IsNotWrittenAgain()
    {
        var conversation = NewConversation(Channels.Emulator);
        _factory.Storage.Reset();

        await new TestFlow(conversation)
            .Send("What is the IND phone number?").AssertReply("088 0430 430")
            .Send("What is the IND phone number?").AssertReply("088 0430 430")
            .StartTestAsync();

        Assert.Equal(2, _factory.Storage.Reads);
        Assert.Equal(1, _factory.Storage.Writes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ConversationData.CurrentVersion + 1)]
    public async Task Load_RecordOfAnotherVersion_ReadsAsEmpty(int version)
    {
        var storage = new MemoryStorage(TimeProvider.System);
        var turn = NewTurn();
        await storage.WriteAsync(ConversationState.KeyFor(turn.Activity), new ConversationData
        {
            Version = version,
            Context = new StoredContext { LastDeskId = "zwolle", WarnedAboutPersonalData = true },
            RatedAnswers = [new RatedAnswer("reply-1", "phone", "en")],
        });

        var data = await NewState(storage).LoadAsync(turn, CancellationToken.None);

        Assert.Equal(ConversationData.CurrentVersion, data.Version);
        Assert.Equal(new StoredContext(), data.Context);
        Assert.Empty(data.RatedAnswers);
    }

    [Fact]
    public async Task Load_OnlyTheEarlierKeys_ReadsAsEmpty()
    {
        // Before one record per conversation, the context had a key of its own; it is not read, it expires.
        var storage = new MemoryStorage(TimeProvider.System);
        var turn = NewTurn();
        var hash = ConversationState.KeyFor(turn.Activity)["indbot:conversation:".Length..];
        await storage.WriteAsync("indbot:context:" + hash, new StoredContext { LastDeskId = "zwolle" });

        var data = await NewState(storage).LoadAsync(turn, CancellationToken.None);

        Assert.Null(data.Context.LastDeskId);
    }

    [Fact]
    public Task SaveThenLoad_MemoryStorage_NextTurnGetsTheWholeRecord() => AssertRoundTripAsync(new MemoryStorage(TimeProvider.System));

    [Fact]
    public async Task SaveThenLoad_RedisStorage_NextTurnGetsTheWholeRecord()
    {
        await using var server = await RedisServer.StartAsync();
        await using var storage = new RedisStorage(server.ConnectionString);
        await AssertRoundTripAsync(storage);
    }

    private static async Task AssertRoundTripAsync(IStorage storage)
    {
        var clarification = new PendingClarification { Question = "travel", Language = "en", Options = [new PendingOption("travel-abroad", "Can I travel abroad?")] };
        var first = NewTurn();
        var data = await NewState(storage).LoadAsync(first, CancellationToken.None);
        data.Context = StoredContext.From(new ConversationContext { LastDeskId = "zwolle", Language = "nl", VisitorAbroad = true });
        data.Clarification = clarification;
        data.RememberAnswers(Enumerable.Range(1, ConversationData.MaxRatedAnswers + 2).Select(i => new RatedAnswer($"reply-{i}", "phone", "en")));
        await NewState(storage).SaveChangesAsync(first, CancellationToken.None);

        var next = await NewState(storage).LoadAsync(NewTurn(), CancellationToken.None);

        Assert.Equal("zwolle", next.Context.LastDeskId);
        Assert.Equal("nl", next.Context.Language);
        Assert.True(next.Context.ToContext().VisitorAbroad);
        Assert.Equal(clarification.Question, next.Clarification?.Question);
        Assert.Equal(clarification.Options, next.Clarification?.Options);
        Assert.Equal(ConversationData.MaxRatedAnswers, next.RatedAnswers.Count);
        Assert.Equal("phone", next.FindAnswer($"reply-{ConversationData.MaxRatedAnswers + 2}")?.EntryId);
        Assert.Null(next.FindAnswer("reply-1"));
    }

    private TestAdapter NewConversation(string channelId) =>
        new(_factory.Services.GetRequiredService<IBot>()) { ChannelId = channelId, ConversationId = "state-" + Guid.NewGuid().ToString("N") };

    private static TurnContext NewTurn() => new(new TestAdapter(Mock.Of<IBot>()), new Activity
    {
        Type = ActivityTypes.Message,
        ChannelId = "test",
        Conversation = new ConversationAccount { Id = "state-conversation" },
    });

    private static ConversationState NewState(IStorage storage) =>
        new(storage, Mock.Of<IOptionsMonitor<IndBotOptions>>(o => o.CurrentValue == new IndBotOptions()), NullLogger<ConversationState>.Instance);

    public sealed class CountingFactory : IndBotFactory
    {
        public CountingStorage Storage { get; } = new(new MemoryStorage(TimeProvider.System));

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.Replace(ServiceDescriptor.Singleton<IStorage>(Storage));
    }

    /// <summary>Counts every storage call of the bot.</summary>
    public sealed class CountingStorage(IStorage inner) : IStorage
    {
        private int _reads;
        private int _writes;
        private int _deletes;

        public int Reads => _reads;

        public int Writes => _writes;

        public int Deletes => _deletes;

        public void Reset()
        {
            Interlocked.Exchange(ref _reads, 0);
            Interlocked.Exchange(ref _writes, 0);
            Interlocked.Exchange(ref _deletes, 0);
        }

        public Task<ReadOnlyMemory<byte>?> ReadJsonAsync(string key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadJsonAsync(key, cancellationToken);
        }

        public Task WriteJsonAsync(string key, ReadOnlyMemory<byte> json, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteJsonAsync(key, json, expiry, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _deletes);
            return inner.DeleteAsync(key, cancellationToken);
        }
    }
}
