using System.Security.Cryptography;
using System.Text;
using IndBot.Answers.Decisions;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.State;
using IndBot.Hosting;
using Microsoft.Extensions.Options;

namespace IndBot.Bot;

/// <summary>
/// Reads and writes a conversation's <see cref="ConversationContext"/> in <see cref="IStorage"/>, one key per channel and
/// conversation, expiring after <see cref="IndBotOptions.ConversationExpiry"/>. When the storage fails (Redis down) the
/// bot answers without follow-up context and logs it once until the storage works again.
/// </summary>
public sealed partial class ConversationContextStore
{
    private readonly IStorage _storage;
    private readonly IOptionsMonitor<IndBotOptions> _options;
    private readonly ILogger<ConversationContextStore> _logger;
    private int _failing;

    public ConversationContextStore(IStorage storage, IOptionsMonitor<IndBotOptions> options, ILogger<ConversationContextStore> logger)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The storage key: hashed, so no channel's conversation id (which may hold a user id) is stored as such.</summary>
    public static string KeyFor(Activity activity) => KeysFor(activity).Context;

    /// <summary>The conversation's keys, from one hash: compute once per turn.</summary>
    public static ConversationKeys KeysFor(Activity activity) => new(HashFor(activity));

    /// <summary>A hash of channel and conversation id: the same conversation on every instance, no id in the clear.</summary>
    public static string HashFor(Activity activity)
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

    /// <summary>The options the bot offered last turn, if it asked "Did you mean…"; null when none or storage fails.</summary>
    public async Task<PendingClarification?> ReadClarificationAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await _storage.ReadAsync<PendingClarification>(key, cancellationToken).ConfigureAwait(false);
            Recovered();
            return stored;
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
            return null;
        }
    }

    /// <summary>Stores the offered options, or removes them (null) once the conversation has moved on.</summary>
    public async Task WriteClarificationAsync(string key, PendingClarification? pending, CancellationToken cancellationToken)
    {
        try
        {
            if (pending is null)
            {
                await _storage.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _storage.WriteAsync(key, pending, _options.CurrentValue.ConversationExpiry, cancellationToken).ConfigureAwait(false);
            }

            Recovered();
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
        }
    }

    public async Task<ConversationContext> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await _storage.ReadAsync<StoredContext>(key, cancellationToken).ConfigureAwait(false);
            Recovered();
            return stored?.ToContext() ?? ConversationContext.Empty;
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
            return ConversationContext.Empty;
        }
    }

    public async Task WriteAsync(string key, ConversationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await _storage.WriteAsync(key, StoredContext.From(context), _options.CurrentValue.ConversationExpiry, cancellationToken).ConfigureAwait(false);
            Recovered();
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
        }
    }

    /// <summary>How many answers of a conversation can still be rated by message id.</summary>
    public const int MaxRatedAnswers = 20;

    /// <summary>The entry and language of the answer sent as <paramref name="activityId"/>, if it is among the latest answers.</summary>
    public async Task<RatedAnswer?> FindAnswerAsync(string key, string? activityId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            return null;
        }

        try
        {
            var stored = await _storage.ReadAsync<List<RatedAnswer>>(key, cancellationToken).ConfigureAwait(false);
            Recovered();
            return stored?.LastOrDefault(a => a.ActivityId == activityId);
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
            return null;
        }
    }

    /// <summary>Remembers the ids the channel gave the answers just sent (the latest <see cref="MaxRatedAnswers"/>).</summary>
    public async Task RememberAnswersAsync(string key, IReadOnlyList<RatedAnswer> answers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            return;
        }

        try
        {
            var stored = await _storage.ReadAsync<List<RatedAnswer>>(key, cancellationToken).ConfigureAwait(false) ?? [];
            stored.AddRange(answers);
            var kept = stored.Skip(Math.Max(0, stored.Count - MaxRatedAnswers)).ToList();
            await _storage.WriteAsync(key, kept, _options.CurrentValue.ConversationExpiry, cancellationToken).ConfigureAwait(false);
            Recovered();
        }
        catch (Exception ex) when (IsStorageFailure(ex, cancellationToken))
        {
            Failed(ex);
        }
    }

    // Any storage exception (connection, timeout, corrupt value) only costs the follow-up context, never the answer.
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

    /// <summary>A conversation's storage keys and its short id for feedback records, all from one hash.</summary>
    public sealed record ConversationKeys(string Hash)
    {
        /// <summary>Where the conversation's context is stored.</summary>
        public string Context => "indbot:context:" + Hash;

        /// <summary>Where the conversation's pending "Did you mean…" options are stored, next to its context.</summary>
        public string Clarification => "indbot:clarification:" + Hash;

        /// <summary>Where the ids of the conversation's latest answers are kept (Teams' feedback names only the message it rates).</summary>
        public string Answers => "indbot:answers:" + Hash;

        /// <summary>A shorter hash than the storage keys: enough to tell conversations apart in a report, useless to look one up.</summary>
        public string Conversation => Hash[..16];
    }

    /// <summary>"Did you mean…" options offered in a conversation; <see cref="Question"/> is redacted.</summary>
    public sealed record PendingClarification
    {
        public string? Question { get; init; }
        public string? Language { get; init; }
        public IReadOnlyList<PendingOption> Options { get; init; } = [];
    }

    /// <summary>An answer that can be rated: the id the channel gave the message, its entry and language.</summary>
    public sealed record RatedAnswer(string ActivityId, string EntryId, string Language);

    /// <summary>One offered option: the entry and the question its button sends.</summary>
    public sealed record PendingOption(string EntryId, string Question);

    /// <summary>The stored shape, versioned apart from the engine's record so an engine change cannot break stored state.</summary>
    internal sealed record StoredContext
    {
        public string? Language { get; init; }
        public string? ChosenLanguage { get; init; }
        public string? LastDeskId { get; init; }
        public string? LastEntryId { get; init; }
        public bool AwaitingDesk { get; init; }
        public bool WarnedAboutPersonalData { get; init; }

        public static StoredContext From(ConversationContext c) => new()
        {
            Language = c.Language,
            ChosenLanguage = c.ChosenLanguage,
            LastDeskId = c.LastDeskId,
            LastEntryId = c.LastEntryId,
            AwaitingDesk = c.AwaitingDesk,
            WarnedAboutPersonalData = c.WarnedAboutPersonalData,
        };

        public ConversationContext ToContext() => new()
        {
            Language = Language,
            ChosenLanguage = ChosenLanguage,
            LastDeskId = LastDeskId,
            LastEntryId = LastEntryId,
            AwaitingDesk = AwaitingDesk,
            WarnedAboutPersonalData = WarnedAboutPersonalData,
        };
    }
}
