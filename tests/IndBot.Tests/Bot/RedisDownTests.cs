using IndBot.BotFramework.State;
using IndBot.State;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Bot;

/// <summary>Redis configured but unreachable: the bot answers without follow-up context and logs the failure once.</summary>
public sealed class RedisDownTests : IAsyncLifetime
{
    private readonly RedisDownFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Message_RedisUnreachable_StillAnsweredAndLoggedOnce()
    {
        Assert.IsType<RedisStorage>(_factory.Services.GetRequiredService<IStorage>());
        var bot = new BotClient(_factory.CreateClient());
        var conversation = BotClient.NewConversation();

        var first = BotClient.SingleMessage(await bot.AskAsync("Where is the IND desk in Utrecht?", conversation));
        var second = BotClient.SingleMessage(await bot.AskAsync("When do I give my fingerprints?", conversation));

        Assert.Contains("Bergstraat 58", BotClient.Json(first));
        Assert.Contains("Source:", second.Text);
        Assert.Single(_factory.Logs.Logs, l => l.Message.StartsWith("Conversation state storage failed", StringComparison.Ordinal));
    }

    private sealed class RedisDownFactory : IndBotFactory
    {
        // Port 1 on loopback: nothing listens there.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=500,asyncTimeout=500",
        };
    }
}
