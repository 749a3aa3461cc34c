using System.Text.Json.Serialization;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Direct Line <c>Conversation</c> (start, reconnect, token responses).</summary>
public sealed class DirectLineConversationResponse
{
    public string? ConversationId { get; set; }

    public string? Token { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    public string? StreamUrl { get; set; }

    /// <summary>Not part of Direct Line: the domain the widget must use when the token came from Azure.</summary>
    public string? Domain { get; set; }
}

/// <summary>Direct Line <c>ActivitySet</c>.</summary>
public sealed class DirectLineActivitySet
{
    public IReadOnlyList<Activity> Activities { get; set; } = [];

    public string? Watermark { get; set; }
}

/// <summary>Direct Line <c>ResourceResponse</c> of a post.</summary>
public sealed class DirectLineResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>Optional body of <c>POST /v3/directline/conversations</c> (DirectLineJS sends the user and the locale).</summary>
public sealed class DirectLineStartRequest
{
    public ChannelAccount? User { get; set; }

    public string? Locale { get; set; }
}
