using IndBot.BotFramework;
using IndBot.BotFramework.Schema;

namespace IndBot.Testing;

/// <summary>
/// An in-process channel for handler tests, shaped like the SDK's <c>TestAdapter</c>: each message runs one turn
/// through the bot, and what the bot sends in it is kept in order. No HTTP, no authentication, no connector.
/// </summary>
public sealed class TestAdapter(IBot bot) : BotAdapter
{
    private readonly Queue<Activity> _replies = new();
    private int _nextId;

    public string ChannelId { get; init; } = "test";

    public string ConversationId { get; init; } = "test-" + Guid.NewGuid().ToString("N");

    public string? Locale { get; init; }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        lock (_replies)
        {
            foreach (var activity in activities)
            {
                activity.Id ??= $"reply-{Interlocked.Increment(ref _nextId)}";
                _replies.Enqueue(activity);
            }
        }

        return Task.FromResult(activities.Select(a => new ResourceResponse { Id = a.Id }).ToArray());
    }

    /// <summary>Runs the turn for a message from the user (a new id, this conversation, the adapter's channel and locale).</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = $"user-{Interlocked.Increment(ref _nextId)}",
            Text = text,
            Locale = Locale,
            ChannelId = ChannelId,
            ServiceUrl = "https://test.invalid/",
            From = new ChannelAccount("user", "User", RoleTypes.User),
            Recipient = new ChannelAccount("bot", "Bot", RoleTypes.Bot),
            Conversation = new ConversationAccount { Id = ConversationId },
            Timestamp = DateTimeOffset.UtcNow,
        };
        await bot.OnTurnAsync(new TurnContext(this, activity), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next activity the bot sent that is not a typing indicator or a trace, or null when there is none.</summary>
    public Activity? NextReply()
    {
        lock (_replies)
        {
            while (_replies.TryDequeue(out var reply))
            {
                if (reply.Type is not (ActivityTypes.Typing or ActivityTypes.Trace))
                {
                    return reply;
                }
            }

            return null;
        }
    }

    /// <summary>A conversation as steps (<see cref="TestFlow.Send"/>, <see cref="TestFlow.AssertReply(string)"/>), run by <see cref="TestFlow.StartTestAsync"/>.</summary>
    public TestFlow Send(string text) => new TestFlow(this).Send(text);
}

/// <summary>The SDK's <c>TestFlow</c>: a conversation written as what the user says and what the bot must reply.</summary>
public sealed class TestFlow(TestAdapter adapter)
{
    private readonly List<Func<Task>> _steps = [];

    public TestFlow Send(string text)
    {
        _steps.Add(() => adapter.SendAsync(text));
        return this;
    }

    /// <summary>The bot's next message contains <paramref name="expected"/> (in its text, or anywhere in its cards).</summary>
    public TestFlow AssertReply(string expected) => AssertReply(reply =>
    {
        var all = (reply.Text ?? "") + string.Join(' ', (reply.Attachments ?? []).Select(a => a.Content?.ToString()))
            + string.Join(' ', reply.SuggestedActions?.Actions.Select(a => a.Title) ?? []);
        if (!all.Contains(expected, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"The reply does not contain '{expected}': {reply.Text}");
        }
    });

    public TestFlow AssertReply(Action<Activity> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        _steps.Add(() =>
        {
            check(adapter.NextReply() ?? throw new Xunit.Sdk.XunitException("The bot sent no reply."));
            return Task.CompletedTask;
        });
        return this;
    }

    public async Task StartTestAsync()
    {
        foreach (var step in _steps)
        {
            await step();
        }
    }
}
