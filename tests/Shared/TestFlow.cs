using System.Text.Json;
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

    /// <summary>
    /// Runs the turn for a message from the user (a new id, this conversation, the adapter's channel and locale). Replies
    /// of earlier turns that no step read are dropped, so each assertion reads this turn's replies. An exception goes to
    /// <see cref="BotAdapter.OnTurnError"/> when one is set, as in a real adapter.
    /// </summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        lock (_replies)
        {
            _replies.Clear();
        }

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
        var context = new TurnContext(this, activity);
        try
        {
            await bot.OnTurnAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (OnTurnError is not null)
        {
            await OnTurnError(context, ex).ConfigureAwait(false);
        }
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

    /// <summary>The bot's next message shows <paramref name="expected"/>: in its text, a button, or a card's text, title or value.</summary>
    public TestFlow AssertReply(string expected) => AssertReply(reply =>
    {
        var shown = string.Join('\n', VisibleTexts(reply));
        if (!shown.Contains(expected, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"The reply does not show '{expected}'. It shows:\n{shown}");
        }
    });

    /// <summary>What a user can read in a reply: its text, its buttons' titles, and the texts, titles and values in its cards.</summary>
    public static IEnumerable<string> VisibleTexts(Activity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!string.IsNullOrEmpty(reply.Text))
        {
            yield return reply.Text;
        }

        foreach (var action in reply.SuggestedActions?.Actions ?? [])
        {
            if (action.Title is { Length: > 0 } title)
            {
                yield return title;
            }
        }

        foreach (var attachment in reply.Attachments ?? [])
        {
            if (attachment.Content is { } content)
            {
                foreach (var text in CardTexts(content))
                {
                    yield return text;
                }
            }
        }
    }

    private static IEnumerable<string> CardTexts(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(CardTexts);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return element.EnumerateObject().SelectMany(property =>
            property.Value.ValueKind == JsonValueKind.String && property.Name is "text" or "title" or "value" or "subtitle"
                ? [property.Value.GetString()!]
                : CardTexts(property.Value));
    }

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
