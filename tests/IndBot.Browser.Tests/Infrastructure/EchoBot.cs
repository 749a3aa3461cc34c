using IndBot.BotFramework;
using IndBot.BotFramework.Schema;

namespace IndBot.Browser.Tests.Infrastructure;

/// <summary>
/// The test classes that use the echo bot's "slow" turn (<see cref="EchoBot.SlowTyping"/>, <see cref="EchoBot.SlowRelease"/>,
/// shared static state): one collection, so they never run at the same time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EchoBotSlowTurnCollection
{
    public const string Name = "echo bot's slow turn";
}

/// <summary>A tiny bot for the protocol tests: welcomes the user, answers "Echo: text" after a typing activity, offers two suggested actions for "menu".</summary>
public sealed class EchoBot : ActivityHandler
{
    public const string Welcome = "Welcome to the echo bot.";
    public const string WelcomeNl = "Welkom bij de echobot.";

    /// <summary>"slow": the bot has sent its typing activity and waits for <see cref="SlowRelease"/> before answering.</summary>
    public static TaskCompletionSource SlowTyping { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource SlowRelease { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void ResetSlow()
    {
        SlowTyping = new(TaskCreationOptions.RunContinuationsAsynchronously);
        SlowRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        foreach (var member in membersAdded)
        {
            if (member.Id != turnContext.Activity.Recipient?.Id)
            {
                var dutch = turnContext.Activity.Locale?.StartsWith("nl", StringComparison.OrdinalIgnoreCase) == true;
                await turnContext.SendActivityAsync(dutch ? WelcomeNl : Welcome, cancellationToken: cancellationToken);
            }
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken);
        var text = turnContext.Activity.Text ?? "";
        if (text == "slow")
        {
            SlowTyping.TrySetResult();
            await SlowRelease.Task.WaitAsync(cancellationToken);
        }
        if (text == "menu")
        {
            await turnContext.SendActivityAsync(MessageFactory.SuggestedActions(["Option one", "Option two"], "Did you mean:"), cancellationToken);
            return;
        }

        if (text == "markdown")
        {
            await turnContext.SendActivityAsync("This is **bold** and a [link](https://example.org/).", cancellationToken: cancellationToken);
            return;
        }

        await turnContext.SendActivityAsync($"Echo: {text}", cancellationToken: cancellationToken);
    }
}
