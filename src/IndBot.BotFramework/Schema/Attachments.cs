using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndBot.BotFramework.Schema;

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>An Adaptive Card attachment from raw card JSON (<c>{"type":"AdaptiveCard",...}</c>).</summary>
    public static Attachment AdaptiveCard(string cardJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardJson);
        using var doc = JsonDocument.Parse(cardJson);
        return AdaptiveCard(doc.RootElement);
    }

    /// <summary>An Adaptive Card attachment from a card JSON element.</summary>
    public static Attachment AdaptiveCard(JsonElement card) =>
        new() { ContentType = AttachmentContentTypes.AdaptiveCard, Content = card.Clone() };
}

public sealed class SuggestedActions
{
    public IList<string>? To { get; set; }
    public IList<CardAction> Actions { get; set; } = [];
}

public sealed class CardAction
{
    public CardAction() { }

    public CardAction(string type, string? title = null, string? value = null)
    {
        Type = type;
        Title = title;
        Value = value is null ? null : BotJson.ToElement(value);
    }

    public string? Type { get; set; }
    public string? Title { get; set; }
    public string? Image { get; set; }
    public string? ImageAltText { get; set; }
    public string? Text { get; set; }
    public string? DisplayText { get; set; }
    public JsonElement? Value { get; set; }
    public JsonElement? ChannelData { get; set; }
}

public sealed class CardImage
{
    public string? Url { get; set; }
    public string? Alt { get; set; }
    public CardAction? Tap { get; set; }
}

public sealed class HeroCard
{
    public const string ContentType = AttachmentContentTypes.HeroCard;

    public string? Title { get; set; }
    public string? Subtitle { get; set; }
    public string? Text { get; set; }
    public IList<CardImage>? Images { get; set; }
    public IList<CardAction>? Buttons { get; set; }
    public CardAction? Tap { get; set; }

    public Attachment ToAttachment() =>
        new() { ContentType = ContentType, Content = JsonSerializer.SerializeToElement(this, BotJsonContext.Default.HeroCard) };
}

/// <summary>An entity: <c>type</c> plus arbitrary fields (mention, clientInfo, ClientCapabilities...).</summary>
public sealed class Entity
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Reads this entity as a typed entity (e.g. <see cref="Mention"/>); null when it does not fit.</summary>
    public T? GetAs<T>() where T : class
    {
        try
        {
            var element = JsonSerializer.SerializeToElement(this, BotJsonContext.Default.Entity);
            return element.Deserialize<T>(BotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Creates an entity from a typed entity object.</summary>
    public static Entity From<T>(T value) where T : class =>
        BotJson.ToElement(value).Deserialize(BotJsonContext.Default.Entity) ?? new Entity();
}

/// <summary>A <c>mention</c> entity. Its <see cref="Text"/> must appear verbatim in the activity text (Teams).</summary>
public sealed class Mention
{
    public const string EntityType = "mention";

    public string Type { get; set; } = EntityType;
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }
}
