using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndBot.BotFramework.Schema;

/// <summary>A Bot Framework activity (v3 protocol). Unknown fields are kept in <see cref="Properties"/> so they round-trip.</summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? Timestamp { get; set; }
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    /// <summary>Not on the wire from channels; set by the adapter after authentication (incoming values are discarded).</summary>
    public string? CallerId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public IList<ChannelAccount>? MembersAdded { get; set; }
    public IList<ChannelAccount>? MembersRemoved { get; set; }
    public IList<MessageReaction>? ReactionsAdded { get; set; }
    public IList<MessageReaction>? ReactionsRemoved { get; set; }
    public string? TopicName { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public IList<Attachment>? Attachments { get; set; }
    public IList<Entity>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Label { get; set; }
    public string? ValueType { get; set; }
    /// <summary>Raw JSON payload (card submit data, invoke value, trace value). Use <see cref="BotJson.ToElement{T}"/> to set one from an object.</summary>
    public JsonElement? Value { get; set; }
    public string? Name { get; set; }
    public string? Code { get; set; }
    public JsonElement? RelatesTo { get; set; }
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? Expiration { get; set; }
    public string? Importance { get; set; }
    public string? DeliveryMode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Creates a message reply as the SDK does: from/recipient swapped, conversation, channel, serviceUrl and locale copied.</summary>
    public Activity CreateReply(string? text = null, string? locale = null) => new()
    {
        Type = ActivityTypes.Message,
        Timestamp = DateTimeOffset.UtcNow,
        From = new ChannelAccount { Id = Recipient?.Id, Name = Recipient?.Name, Role = RoleTypes.Bot },
        Recipient = new ChannelAccount { Id = From?.Id, Name = From?.Name },
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Conversation = Conversation is null
            ? null
            : new ConversationAccount { Id = Conversation.Id, Name = Conversation.Name, IsGroup = Conversation.IsGroup, TenantId = Conversation.TenantId },
        Text = text ?? string.Empty,
        Locale = locale ?? Locale,
    };

    /// <summary>Creates a trace activity (only delivered on the Emulator channel).</summary>
    public Activity CreateTrace(string name, JsonElement? value = null, string? valueType = null, string? label = null)
    {
        var reply = CreateReply();
        reply.Type = ActivityTypes.Trace;
        reply.Text = null;
        reply.Name = name;
        reply.Value = value;
        reply.ValueType = valueType;
        reply.Label = label;
        return reply;
    }

    /// <summary>The mention entities of this activity.</summary>
    public IReadOnlyList<Mention> GetMentions() =>
        Entities?.Where(e => string.Equals(e.Type, Mention.EntityType, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.GetAs<Mention>())
            .OfType<Mention>()
            .ToList() ?? [];
}

public sealed class ChannelAccount
{
    public ChannelAccount() { }

    public ChannelAccount(string? id, string? name = null, string? role = null)
    {
        Id = id;
        Name = name;
        Role = role;
    }

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class MessageReaction
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>Response of the Connector for send/reply; the id may be absent (offline-directline answers with an empty body).</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>HTTP response of an invoke activity. The body is written unwrapped.</summary>
public sealed class InvokeResponse
{
    public int Status { get; set; }
    public JsonElement? Body { get; set; }
}

/// <summary>Body of a <c>deliveryMode: expectReplies</c> response.</summary>
public sealed class ExpectedReplies
{
    public IList<Activity> Activities { get; set; } = [];
}
