using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.Tests.Infrastructure;

/// <summary>Answers "echo: {text}" to messages and welcomes added members.</summary>
public sealed class EchoBot : ActivityHandler
{
    public List<string?> ReceivedTexts { get; } = [];

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ReceivedTexts.Add(turnContext.Activity.Text);
        if (turnContext.Activity.Text == "boom")
        {
            throw new InvalidOperationException("secret internal detail");
        }

        await turnContext.SendActivityAsync($"echo: {turnContext.Activity.Text}", cancellationToken: cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        foreach (var member in membersAdded)
        {
            await turnContext.SendActivityAsync($"welcome {member.Name}", cancellationToken: cancellationToken);
        }
    }
}
