using System.Text.Json;
using System.Text.Json.Serialization;
using IndBot.BotFramework.Schema;

namespace IndBot.Bot;

/// <summary>The <c>value</c> of a "Was this helpful?" button, sent back by messageBack/postBack.</summary>
public sealed record FeedbackValue
{
    public const string TypeName = "indbot.feedback";

    [JsonPropertyName("type")]
    public string Type { get; init; } = TypeName;

    [JsonPropertyName("helpful")]
    public bool Helpful { get; init; }

    [JsonPropertyName("entryId")]
    public string? EntryId { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }

    /// <summary>Reads a feedback value from an activity's <c>value</c>; false for anything else.</summary>
    public static bool TryRead(JsonElement? value, out FeedbackValue feedback)
    {
        feedback = new FeedbackValue();
        if (value is not { ValueKind: JsonValueKind.Object } element
            || !element.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != TypeName
            || !element.TryGetProperty("helpful", out var helpful)
            || helpful.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        feedback = new FeedbackValue
        {
            Helpful = helpful.GetBoolean(),
            EntryId = element.TryGetProperty("entryId", out var id) && id.ValueKind == JsonValueKind.String ? Truncate(id.GetString()) : null,
            Language = element.TryGetProperty("language", out var language) && language.ValueKind == JsonValueKind.String ? Truncate(language.GetString()) : null,
        };
        return true;
    }

    public JsonElement ToElement() => BotJson.ToElement(this);

    // The value comes back from the client: keep it short before it reaches a log line.
    private static string? Truncate(string? text) => text is { Length: > 80 } ? text[..80] : text;
}
