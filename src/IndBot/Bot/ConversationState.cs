using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.State;
using Microsoft.Extensions.Options;

namespace IndBot.Bot;

/// <summary>
/// A conversation's state in <see cref="IStorage"/>, as the SDK's <c>ConversationState</c>: one record per channel and
/// conversation (<see cref="ConversationData"/>), read at most once per turn (<see cref="LoadAsync"/>, kept in the turn's
/// state) and written at most once, at the end, only when it changed (<see cref="SaveChangesAsync"/>); it expires
/// <see cref="IndBotOptions.ConversationExpiry"/> after its last change. When the storage fails (Redis down) the bot
/// answers without the conversation's state and logs it once until the storage works again. Singleton.
/// </summary>
public sealed partial class ConversationState
{
    private const string TurnStateKey = "IndBot.ConversationState";

    private readonly IStorage _storage;
    private readonly IOptionsMonitor<IndBotOptions> _options;
    private readonly ILogger<ConversationState> _logger;
    private int _failing;

    public ConversationState(IStorage storage, IOptionsMonitor<IndBotOptions> options, ILogger<ConversationState> logger)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The storage key: hashed, so no channel's conversation id (which may hold a user id) is stored as such.</summary>
    public static string KeyFor(Activity activity) => "indbot:conversation:" + HashFor(activity);

    /// <summary>A shorter hash than the storage key: enough to tell conversations apart in a report, useless to look one up.</summary>
    public static string ConversationIdFor(Activity activity) => HashFor(activity)[..16];

    /// <summary>The conversation's state, read from storage on the turn's first call; empty when none, unknown or unreadable.</summary>
    public async Task<ConversationData> LoadAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.TurnState.TryGetValue(TurnStateKey, out var cached))
        {
            return ((Loaded)cached).Data;
        }

        var key = KeyFor(turnContext.Activity);
        ConversationData? stored = null;
        ReadOnlyMemory<byte>? json = null;
        try
        {
            json = await _storage.ReadJsonAsync(key, cancellationToken).ConfigureAwait(false);
            stored = json is { } bytes ? JsonSerializer.Deserialize<ConversationData>(bytes.Span, BotJson.Options) : null;
            Recovered();
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
        }

        // Another version's record (an older or newer release during a rolling deploy) is not guessed at: a fresh start.
        // The record read is compared at the end of the turn with the JSON it was read from (JSON of another shape
        // only costs a write), a fresh one with the JSON of an empty record.
        var data = stored is { Version: ConversationData.CurrentVersion } ? stored : new ConversationData();
        turnContext.TurnState[TurnStateKey] = new Loaded(key, data, data == stored ? json!.Value : EmptyJson);
        return data;
    }

    /// <summary>Writes the turn's state if it was loaded and has changed since.</summary>
    public async Task SaveChangesAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (!turnContext.TurnState.TryGetValue(TurnStateKey, out var cached) || cached is not Loaded loaded)
        {
            return;
        }

        var json = Serialize(loaded.Data);
        if (json.AsSpan().SequenceEqual(loaded.Json.Span))
        {
            return;
        }

        try
        {
            await _storage.WriteJsonAsync(loaded.Key, json, _options.CurrentValue.ConversationExpiry, cancellationToken).ConfigureAwait(false);
            turnContext.TurnState[TurnStateKey] = loaded with { Json = json };
            Recovered();
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
        }
    }

    /// <summary>A hash of channel and conversation id: the same conversation on every instance, no id in the clear.</summary>
    private static string HashFor(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var id = $"{activity.ChannelId}|{activity.Conversation?.Id}";
        var maxBytes = Encoding.UTF8.GetMaxByteCount(id.Length);
        var bytes = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(id, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], hash);
        return Convert.ToHexStringLower(hash);
    }

    private static byte[] Serialize(ConversationData data) => JsonSerializer.SerializeToUtf8Bytes(data, BotJson.Options);

    private static readonly byte[] EmptyJson = Serialize(new ConversationData());

    // Any storage exception (connection, timeout, corrupt value) only costs the conversation's state, never the answer.
    private static bool IsStorageFailure(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private void Failed(Exception ex)
    {
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogStorageFailed(_logger, ex.GetType().Name, ex);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _failing, 0) == 1)
        {
            LogStorageRecovered(_logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation state storage failed ({ErrorType}); answering without follow-up context until it recovers")]
    private static partial void LogStorageFailed(ILogger logger, string errorType, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation state storage works again")]
    private static partial void LogStorageRecovered(ILogger logger);

    /// <summary>The turn's state as loaded: its key, the record the turn changes, and the JSON it had when read or last written.</summary>
    private sealed record Loaded(string Key, ConversationData Data, ReadOnlyMemory<byte> Json);
}

/// <summary>
/// Everything the bot keeps of one conversation, stored as one record. <see cref="Version"/> names its shape: a record of
/// another version reads as empty, so change it whenever a change of the shape would misread old records.
/// </summary>
public sealed class ConversationData
{
    public const int CurrentVersion = 1;

    /// <summary>How many answers of a conversation can still be rated by message id.</summary>
    public const int MaxRatedAnswers = 20;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>The follow-up context, stored apart from the engine's record so an engine change cannot break stored state.</summary>
    public StoredContext Context { get; set; } = new();

    /// <summary>The options the bot offered last turn, if it asked "Did you mean…".</summary>
    public PendingClarification? Clarification { get; set; }

    /// <summary>The latest answers' ids as the channel gave them (Teams' feedback names only the message it rates).</summary>
    public IList<RatedAnswer> RatedAnswers { get; set; } = [];

    /// <summary>Remembers the answers just sent, keeping the latest <see cref="MaxRatedAnswers"/>.</summary>
    public void RememberAnswers(IEnumerable<RatedAnswer> answers)
    {
        var kept = RatedAnswers.Concat(answers).ToList();
        RatedAnswers = kept.Count > MaxRatedAnswers ? kept[^MaxRatedAnswers..] : kept;
    }

    /// <summary>The entry and language of the answer sent as <paramref name="activityId"/>, if it is among the latest answers.</summary>
    public RatedAnswer? FindAnswer(string? activityId) =>
        string.IsNullOrEmpty(activityId) ? null : RatedAnswers.LastOrDefault(a => a.ActivityId == activityId);
}

/// <summary>"Did you mean…" options offered in a conversation; <see cref="Question"/> is redacted.</summary>
public sealed record PendingClarification
{
    public string? Question { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<PendingOption> Options { get; init; } = [];
}

/// <summary>One offered option: the entry and the question its button sends.</summary>
public sealed record PendingOption(string EntryId, string Question);

/// <summary>An answer that can be rated: the id the channel gave the message, its entry and language.</summary>
public sealed record RatedAnswer(string ActivityId, string EntryId, string Language);

/// <summary>The stored follow-up context: the engine's <see cref="ConversationContext"/> in a shape of its own.</summary>
public sealed record StoredContext
{
    public string? Language { get; init; }
    public string? ChosenLanguage { get; init; }
    public string? LastDeskId { get; init; }
    public string? LastEntryId { get; init; }
    public bool AwaitingDesk { get; init; }
    public bool WarnedAboutPersonalData { get; init; }

    /// <summary>The day, time and service last asked about, kept for a follow-up ("is Utrecht open on Friday?" → "and Zwolle?").</summary>
    public DeskSlots? LastAsked { get; init; }

    /// <summary>The visitor said they are abroad; no place is kept, only that.</summary>
    public bool VisitorAbroad { get; init; }

    public static StoredContext From(ConversationContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new()
        {
            Language = c.Language,
            ChosenLanguage = c.ChosenLanguage,
            LastDeskId = c.LastDeskId,
            LastEntryId = c.LastEntryId,
            AwaitingDesk = c.AwaitingDesk,
            WarnedAboutPersonalData = c.WarnedAboutPersonalData,
            LastAsked = c.LastAsked,
            VisitorAbroad = c.VisitorAbroad,
        };
    }

    public ConversationContext ToContext() => new()
    {
        Language = Language,
        ChosenLanguage = ChosenLanguage,
        LastDeskId = LastDeskId,
        LastEntryId = LastEntryId,
        AwaitingDesk = AwaitingDesk,
        WarnedAboutPersonalData = WarnedAboutPersonalData,
        LastAsked = LastAsked,
        VisitorAbroad = VisitorAbroad,
    };
}
