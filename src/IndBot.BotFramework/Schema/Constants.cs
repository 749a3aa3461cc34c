namespace IndBot.BotFramework.Schema;

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string Trace = "trace";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string InstallationUpdate = "installationUpdate";
    public const string ContactRelationUpdate = "contactRelationUpdate";
    public const string DeleteUserData = "deleteUserData";
    public const string Handoff = "handoff";

    /// <summary>Internal type: "sending" it sets the HTTP response of an invoke (SDK <c>ActivityTypesEx.InvokeResponse</c>).</summary>
    public const string InvokeResponse = "invokeResponse";
}

public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string Notification = "notification";
    public const string ExpectReplies = "expectReplies";
    public const string Ephemeral = "ephemeral";
}

public static class ActionTypes
{
    public const string ImBack = "imBack";
    public const string PostBack = "postBack";
    public const string MessageBack = "messageBack";
    public const string OpenUrl = "openUrl";
    public const string DownloadFile = "downloadFile";
    public const string ShowImage = "showImage";
    public const string Signin = "signin";
    public const string PlayAudio = "playAudio";
    public const string PlayVideo = "playVideo";
    public const string Call = "call";
    public const string Invoke = "invoke";
}

public static class RoleTypes
{
    public const string User = "user";
    public const string Bot = "bot";
    public const string Skill = "skill";
}

public static class InputHints
{
    public const string AcceptingInput = "acceptingInput";
    public const string ExpectingInput = "expectingInput";
    public const string IgnoringInput = "ignoringInput";
}

public static class TextFormatTypes
{
    public const string Markdown = "markdown";
    public const string Plain = "plain";
    public const string Xml = "xml";
}

public static class AttachmentLayoutTypes
{
    public const string List = "list";
    public const string Carousel = "carousel";
}

public static class Channels
{
    public const string Msteams = "msteams";
    public const string Directline = "directline";
    public const string Webchat = "webchat";
    public const string Emulator = "emulator";
    public const string Test = "test";
}

public static class AttachmentContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string HeroCard = "application/vnd.microsoft.card.hero";
    public const string ThumbnailCard = "application/vnd.microsoft.card.thumbnail";
}

public static class CallerIdConstants
{
    public const string PublicAzureChannel = "urn:botframework:azure";
}
