using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// Where Direct Line conversations, their activities and watermarks live: in this process
/// (<see cref="DirectLineConversationStore"/>) or shared by every instance (the host's Redis store). A stream learns of
/// new activities through <see cref="SubscribeAsync"/>, whichever instance appended them.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>The conversation, or null when it is unknown or has idled out.</summary>
    Task<IDirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Creates the conversation (created = true), or returns the existing one.</summary>
    Task<(IDirectLineConversation Conversation, bool Created)> GetOrCreateAsync(string conversationId, string userId, string? locale, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onAppended"/> after activities were appended to the conversation (it may be called more
    /// often than that, and from any thread); dispose the result to stop.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(string conversationId, Action onAppended, CancellationToken cancellationToken);
}

/// <summary>One Direct Line conversation as the endpoints use it.</summary>
public interface IDirectLineConversation
{
    string Id { get; }

    string UserId { get; }

    string? Locale { get; }

    /// <summary>Whether the latest bot-side activity is the rate-limit notice (shown once per burst).</summary>
    bool RateLimitNoticeShown { get; }

    Task SetRateLimitNoticeShownAsync(bool shown, CancellationToken cancellationToken);

    /// <summary>Marks the conversation as used now, so it does not idle out.</summary>
    Task TouchAsync(CancellationToken cancellationToken);

    /// <summary>Stores the activity under the next sequence number, sets its id (<c>{conversationId}|0000042</c>) and returns it.</summary>
    Task<string> AppendAsync(Activity activity, CancellationToken cancellationToken);

    /// <summary>The activities from <paramref name="watermark"/> on (at most <paramref name="maxBytes"/> of JSON, at least one) and the next watermark.</summary>
    Task<(IReadOnlyList<Activity> Activities, long Watermark)> GetFromAsync(long watermark, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>The store (or what it relies on, such as Redis) cannot be reached: the endpoints answer 503, not 500.</summary>
public sealed class DirectLineStoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
