using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

/// <summary>Context of one turn: the incoming activity and the way to answer it.</summary>
public interface ITurnContext
{
    BotAdapter Adapter { get; }

    Activity Activity { get; }

    /// <summary>Per-turn values (e.g. the connector client, the invoke response).</summary>
    IDictionary<string, object> TurnState { get; }

    /// <summary>True once a non-trace activity was sent in this turn.</summary>
    bool Responded { get; }

    Task<ResourceResponse> SendActivityAsync(string text, string? speak = null, string? inputHint = InputHints.AcceptingInput, CancellationToken cancellationToken = default);

    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse[]> SendActivitiesAsync(Activity[] activities, CancellationToken cancellationToken = default);
}
