using IndBot.BotFramework.State;
using IndBot.BotFramework.Tests.Infrastructure;

namespace IndBot.BotFramework.Tests;

public class MemoryStorageTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WriteThenRead_ReturnsCopyOfValue()
    {
        var storage = new MemoryStorage(_time);
        var state = new ConversationState { Language = "nl", Turns = 2 };

        await storage.WriteAsync("conv/1", state);
        state.Turns = 99;
        var read = await storage.ReadAsync<ConversationState>("conv/1");

        Assert.Equal("nl", read!.Language);
        Assert.Equal(2, read.Turns);
    }

    [Fact]
    public async Task Read_MissingKey_ReturnsDefault()
    {
        Assert.Null(await new MemoryStorage(_time).ReadAsync<ConversationState>("nope"));
    }

    [Fact]
    public async Task Read_AfterExpiry_ReturnsDefault()
    {
        var storage = new MemoryStorage(_time);
        await storage.WriteAsync("k", new ConversationState(), TimeSpan.FromMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await storage.ReadAsync<ConversationState>("k"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await storage.ReadAsync<ConversationState>("k"));
    }

    [Fact]
    public async Task ExpiredEntries_AreSweptWithoutBeingReadAgain()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var storage = new MemoryStorage(time);
        for (var i = 0; i < 1000; i++)
        {
            await storage.WriteAsync($"conversation/{i}", new ConversationState { Turns = i }, TimeSpan.FromMinutes(10));
        }

        await storage.WriteAsync("kept", new ConversationState(), TimeSpan.FromHours(1));
        await storage.WriteAsync("forever", new ConversationState());

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(1002, storage.Count);
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(2, storage.Count);
        Assert.NotNull(await storage.ReadAsync<ConversationState>("kept"));
        Assert.NotNull(await storage.ReadAsync<ConversationState>("forever"));
    }

    [Fact]
    public async Task Delete_RemovesValue()
    {
        var storage = new MemoryStorage(_time);
        await storage.WriteAsync("k", "v");

        await storage.DeleteAsync("k");

        Assert.Null(await storage.ReadAsync<string>("k"));
    }

    public sealed class ConversationState
    {
        public string? Language { get; set; }

        public int Turns { get; set; }
    }
}
