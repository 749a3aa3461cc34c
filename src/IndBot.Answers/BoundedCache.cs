using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

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
        if (TryGet(key, out var known))
        {
            return known;
        }

        var value = create(key, state);
        Add(key, value);
        return value;
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (capacity <= 0)
        {
            value = default;
            return false;
        }

        return _entries.TryGetValue(key, out value);
    }

    public void Add(TKey key, TValue value)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = value;
    }
}
