using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// Conversations in memory, dropped after <see cref="DirectLineOptions.ConversationIdleTimeout"/>. Bounded in number
/// (<see cref="DirectLineOptions.MaxConversations"/>) and in bytes (<see cref="DirectLineOptions.MaxStoreBytes"/>): when
/// full, the longest-idle conversations make room, so filling the store cannot lock new visitors out (an open chat
/// polls every second and is never the longest idle).
/// </summary>
public sealed class DirectLineConversationStore : IDirectLineStore
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly object _evictionGate = new();
    private long _totalBytes;

    public DirectLineConversationStore(TimeProvider timeProvider, IOptionsMonitor<DirectLineOptions> options)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public int Count => _conversations.Count;

    /// <summary>The stored activities of every conversation, as JSON bytes.</summary>
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    public DirectLineConversation? Find(string conversationId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            return null;
        }

        if (IsExpired(conversation, _timeProvider.GetUtcNow()))
        {
            Remove(conversation);
            return null;
        }

        return conversation;
    }

    /// <summary>Creates the conversation (making room if the store is full), or returns the existing one (created = false).</summary>
    public (DirectLineConversation Conversation, bool Created) GetOrCreate(string conversationId, string userId, string? locale)
    {
        if (Find(conversationId) is { } existing)
        {
            return (existing, false);
        }

        var options = _options.CurrentValue;
        if (_conversations.Count >= options.MaxConversations)
        {
            MakeRoom(options.MaxConversations - 1, options.MaxStoreBytes);
        }

        var created = new DirectLineConversation(
            conversationId, userId, locale, options.MaxActivitiesPerConversation, options.MaxBytesPerConversation, _timeProvider.GetUtcNow(), OnBytesChanged);
        created.Clock = _timeProvider;
        created.AfterAppend = EnforceByteBudget;
        var stored = _conversations.GetOrAdd(conversationId, created);
        return (stored, ReferenceEquals(stored, created));
    }

    Task<IDirectLineConversation?> IDirectLineStore.FindAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult<IDirectLineConversation?>(Find(conversationId));

    Task<(IDirectLineConversation Conversation, bool Created)> IDirectLineStore.GetOrCreateAsync(string conversationId, string userId, string? locale, CancellationToken cancellationToken)
    {
        var (conversation, created) = GetOrCreate(conversationId, userId, locale);
        return Task.FromResult<(IDirectLineConversation, bool)>((conversation, created));
    }

    public Task<IAsyncDisposable> SubscribeAsync(string conversationId, Action onAppended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onAppended);
        var conversation = Find(conversationId);
        if (conversation is null)
        {
            return Task.FromResult<IAsyncDisposable>(NoSubscription.Instance);
        }

        conversation.Appended += onAppended;
        return Task.FromResult<IAsyncDisposable>(new Subscription(conversation, onAppended));
    }

    private sealed class Subscription(DirectLineConversation conversation, Action handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            conversation.Appended -= handler;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NoSubscription : IAsyncDisposable
    {
        public static readonly NoSubscription Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Drops idle conversations; returns how many.</summary>
    public int RemoveExpired()
    {
        var now = _timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var pair in _conversations)
        {
            if (IsExpired(pair.Value, now) && Remove(pair.Value))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>After activities were stored: when all conversations together hold more than the budget, the longest idle go.</summary>
    public void EnforceByteBudget()
    {
        var options = _options.CurrentValue;
        if (TotalBytes > options.MaxStoreBytes)
        {
            MakeRoom(options.MaxConversations, options.MaxStoreBytes);
        }
    }

    // Called under the conversation's lock, as Detach is: the total never counts a removed conversation.
    private void OnBytesChanged(long change) => Interlocked.Add(ref _totalBytes, change);

    /// <summary>
    /// Drops expired conversations, then the longest idle until at most <paramref name="maxCount"/> conversations and
    /// <paramref name="maxBytes"/> bytes remain, plus a margin of 1 % so the next arrivals do not each pay for a sort.
    /// </summary>
    private void MakeRoom(int maxCount, long maxBytes)
    {
        // One eviction at a time; a conversation that appends while another evicts only adds to the next round.
        if (!Monitor.TryEnter(_evictionGate))
        {
            return;
        }

        try
        {
            RemoveExpired();
            var targetCount = Math.Max(0, maxCount - (maxCount / 100));
            var targetBytes = maxBytes - (maxBytes / 100);
            if (_conversations.Count <= targetCount && TotalBytes <= targetBytes)
            {
                return;
            }

            foreach (var conversation in _conversations.Values.OrderBy(c => c.LastActive).ToList())
            {
                if (_conversations.Count <= targetCount && TotalBytes <= targetBytes)
                {
                    break;
                }

                Remove(conversation);
            }
        }
        finally
        {
            Monitor.Exit(_evictionGate);
        }
    }

    private bool Remove(DirectLineConversation conversation)
    {
        if (!_conversations.TryRemove(new KeyValuePair<string, DirectLineConversation>(conversation.Id, conversation)))
        {
            return false;
        }

        Interlocked.Add(ref _totalBytes, -conversation.Detach());
        return true;
    }

    private bool IsExpired(DirectLineConversation conversation, DateTimeOffset now) =>
        now - conversation.LastActive > _options.CurrentValue.ConversationIdleTimeout;
}
