using System.Collections.Concurrent;

namespace IndBot.Answers;

/// <summary>
/// Thread-safe memo for values computed from data that never changes while the cache lives (one loaded index): at most
/// <c>capacity</c> entries, and when full it starts over, so memory stays bounded whatever users type. A capacity of
/// 0 caches nothing.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);

    public TValue GetOrAdd<TState>(TKey key, Func<TKey, TState, TValue> create, TState state)
    {
        if (capacity <= 0)
        {
            return create(key, state);
        }

        if (_entries.TryGetValue(key, out var known))
        {
            return known;
        }

        var value = create(key, state);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = value;
        return value;
    }
}
