using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndBot.Feedback;

/// <summary>What a feedback record is about.</summary>
public static class FeedbackKinds
{
    /// <summary>The engine found nothing: an unanswered question.</summary>
    public const string Fallback = "fallback";

    /// <summary>The engine asked "Did you mean…" with <see cref="FeedbackRecord.Options"/>.</summary>
    public const string Clarification = "clarification";

    /// <summary>The user picked one of the offered options: <see cref="FeedbackRecord.EntryId"/> for <see cref="FeedbackRecord.Question"/>.</summary>
    public const string Choice = "choice";

    /// <summary>A "Was this helpful?" vote on <see cref="FeedbackRecord.EntryId"/>.</summary>
    public const string Vote = "vote";
}

/// <summary>
/// One stored feedback event. <see cref="Question"/> is always redacted (PersonalData.Redact) and
/// <see cref="Conversation"/> is a hash, never a channel's conversation id.
/// </summary>
public sealed record FeedbackRecord
{
    public required DateTimeOffset At { get; init; }
    public required string Kind { get; init; }
    public required string Conversation { get; init; }
    public string? Language { get; init; }
    public string? Question { get; init; }
    public string? EntryId { get; init; }

    /// <summary>For a fallback: the engine's best (rejected) candidate, to group unanswered questions by topic.</summary>
    public string? TopCandidate { get; init; }

    /// <summary>For a clarification: the entry ids offered.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>For a vote: yes (true) or no (false).</summary>
    public bool? Helpful { get; init; }

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses one stored line; null for a line that is not a record (a torn write, a hand edit).</summary>
    public static FeedbackRecord? TryParse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<FeedbackRecord>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where feedback records go: a JSON-lines file by default, a Redis list when Redis is configured.</summary>
public interface IFeedbackStore
{
    Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once every record appended before the call is stored (a store may write in batches).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Where the records are, for the report header.</summary>
    string Description { get; }
}
