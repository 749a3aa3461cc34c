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

    private sealed class RedisFactory(string connectionString) : IndBotFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = connectionString,
        };
    }
}
