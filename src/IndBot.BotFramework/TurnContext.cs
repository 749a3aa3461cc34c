using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

/// <summary>Default <see cref="ITurnContext"/>: addresses outgoing activities from the incoming one and hands them to the adapter.</summary>
public class TurnContext : ITurnContext
{
    public TurnContext(BotAdapter adapter, Activity activity)
    {
        Adapter = adapter ?? throw new ArgumentNullException(nameof(adapter));
        Activity = activity ?? throw new ArgumentNullException(nameof(activity));
    }

    public BotAdapter Adapter { get; }

    public Activity Activity { get; }

    public IDictionary<string, object> TurnState { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public bool Responded { get; private set; }

    public Task<ResourceResponse> SendActivityAsync(string text, string? speak = null, string? inputHint = InputHints.AcceptingInput, CancellationToken cancellationToken = default) =>
        SendActivityAsync(MessageFactory.Text(text, speak, inputHint), cancellationToken);

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var responses = await SendActivitiesAsync([activity], cancellationToken).ConfigureAwait(false);
        return responses.Length > 0 ? responses[0] : new ResourceResponse();
    }

    public async Task<ResourceResponse[]> SendActivitiesAsync(Activity[] activities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        if (activities.Length == 0)
        {
            return [];
        }

        foreach (var activity in activities)
        {
            ApplyConversationReference(activity, Activity);
        }

        var responses = await Adapter.SendActivitiesAsync(this, activities, cancellationToken).ConfigureAwait(false);
        if (activities.Any(a => a.Type != ActivityTypes.Trace && a.Type != ActivityTypes.InvokeResponse))
        {
            Responded = true;
        }

        return responses;
    }

    /// <summary>Addresses an outgoing activity as a reply to <paramref name="incoming"/> (SDK <c>ApplyConversationReference</c>).</summary>
    public static void ApplyConversationReference(Activity outgoing, Activity incoming)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        ArgumentNullException.ThrowIfNull(incoming);
        outgoing.ChannelId = incoming.ChannelId;
        outgoing.ServiceUrl = incoming.ServiceUrl;
        outgoing.Conversation = incoming.Conversation;
        // role "bot" on our output: Web Chat places bubbles by from.role.
        outgoing.From = new ChannelAccount { Id = incoming.Recipient?.Id, Name = incoming.Recipient?.Name, Role = RoleTypes.Bot };
        outgoing.Recipient = incoming.From is null ? null : new ChannelAccount { Id = incoming.From.Id, Name = incoming.From.Name, Role = incoming.From.Role };
        outgoing.Locale ??= incoming.Locale;

        var isDirectLineJoin = incoming.Type == ActivityTypes.ConversationUpdate
            && (incoming.ChannelId == Channels.Directline || incoming.ChannelId == Channels.Webchat);
        if (!isDirectLineJoin && outgoing.ReplyToId is null)
        {
            outgoing.ReplyToId = incoming.Id;
        }
    }
}
