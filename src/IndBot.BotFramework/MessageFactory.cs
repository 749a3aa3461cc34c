using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

/// <summary>Builds outgoing message activities (like the SDK's <c>MessageFactory</c>).</summary>
public static class MessageFactory
{
    public static Activity Text(string? text, string? speak = null, string? inputHint = InputHints.AcceptingInput) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Speak = speak,
        InputHint = inputHint,
    };

    /// <summary>A message with <c>imBack</c> suggested actions whose title and value are each string.</summary>
    public static Activity SuggestedActions(IEnumerable<string> actions, string? text = null, string? speak = null, string? inputHint = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return SuggestedActions(actions.Select(a => new CardAction(ActionTypes.ImBack, a, a)), text, speak, inputHint);
    }

    public static Activity SuggestedActions(IEnumerable<CardAction> actions, string? text = null, string? speak = null, string? inputHint = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var activity = Text(text, speak, inputHint);
        activity.SuggestedActions = new SuggestedActions { Actions = actions.ToList() };
        return activity;
    }

    public static Activity Attachment(Attachment attachment, string? text = null, string? speak = null, string? inputHint = null)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return Attachment([attachment], text, speak, inputHint);
    }

    public static Activity Attachment(IEnumerable<Attachment> attachments, string? text = null, string? speak = null, string? inputHint = null)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var activity = Text(text, speak, inputHint);
        activity.AttachmentLayout = AttachmentLayoutTypes.List;
        activity.Attachments = attachments.ToList();
        return activity;
    }

    public static Activity Carousel(IEnumerable<Attachment> attachments, string? text = null, string? speak = null, string? inputHint = null)
    {
        var activity = Attachment(attachments, text, speak, inputHint);
        activity.AttachmentLayout = AttachmentLayoutTypes.Carousel;
        return activity;
    }
}
