namespace IndBot.BotFramework;

/// <summary>A bot: handles one turn (one incoming activity).</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}
