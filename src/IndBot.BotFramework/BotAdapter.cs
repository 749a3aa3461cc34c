using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

/// <summary>Connects a bot to a channel: delivers outgoing activities and runs turns through one error boundary.</summary>
public abstract class BotAdapter
{
    /// <summary>TurnState key of the invokeResponse activity the bot produced.</summary>
    public const string InvokeResponseKey = "BotFrameworkAdapter.InvokeResponse";

    /// <summary>
    /// The turn's error boundary: called with the exception when the bot throws. Use it to log and to tell the user,
    /// in their language, that something went wrong — never the exception text.
    /// </summary>
    public Func<ITurnContext, Exception, Task>? OnTurnError { get; set; }

    /// <summary>
    /// Deliver trace activities on every channel, not only the Emulator (deviation from the SDK, opt-in: lets support
    /// staff see the answer trace in other clients).
    /// </summary>
    public bool TraceOnAllChannels { get; set; }

    public abstract Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken);
}
