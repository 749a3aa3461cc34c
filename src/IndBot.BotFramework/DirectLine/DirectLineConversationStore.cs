using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Conversations in memory, bounded in number and dropped after <see cref="DirectLineOptions.ConversationIdleTimeout"/>.</summary>
public sealed class DirectLineConversationStore
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<DirectLineOptions> _options;

    public DirectLineConversationStore(TimeProvider timeProvider, IOptionsMonitor<DirectLineOptions> options)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public int Count => _conversations.Count;

    public DirectLineConversation? Find(string conversationId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            return null;
        }

        if (IsExpired(conversation, _timeProvider.GetUtcNow()))
        {
            _conversations.TryRemove(new KeyValuePair<string, DirectLineConversation>(conversationId, conversation));
            return null;
        }

        return conversation;
    }

    /// <summary>Creates the conversation, or returns the existing one (created = false); null when the store is full.</summary>
    public (DirectLineConversation? Conversation, bool Created) GetOrCreate(string conversationId, string userId, string? locale)
    {
        if (Find(conversationId) is { } existing)
        {
            return (existing, false);
        }

        var options = _options.CurrentValue;
        if (_conversations.Count >= options.MaxConversations)
        {
            RemoveExpired();
            if (_conversations.Count >= options.MaxConversations)
            {
                return (null, false);
            }
        }

        var created = new DirectLineConversation(conversationId, userId, locale, options.MaxActivitiesPerConversation, _timeProvider.GetUtcNow());
        var stored = _conversations.GetOrAdd(conversationId, created);
        return (stored, ReferenceEquals(stored, created));
    }

    /// <summary>Drops idle conversations; returns how many.</summary>
    public int RemoveExpired()
    {
        var now = _timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var pair in _conversations)
        {
            if (IsExpired(pair.Value, now) && _conversations.TryRemove(pair))
            {
                removed++;
            }
        }

        return removed;
    }

    private bool IsExpired(DirectLineConversation conversation, DateTimeOffset now) =>
        now - conversation.LastActive > _options.CurrentValue.ConversationIdleTimeout;
}
