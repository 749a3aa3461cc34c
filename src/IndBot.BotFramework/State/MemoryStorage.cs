using System.Collections.Concurrent;

namespace IndBot.BotFramework.State;

/// <summary>
/// In-process <see cref="IStorage"/>: the JSON as written. Expired
/// entries are swept every <see cref="SweepInterval"/> (on the injected clock), not only when their key is read again:
/// a conversation nobody continues must not stay in memory.
/// </summary>
public sealed class MemoryStorage : IStorage, IDisposable
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweeper;

    public MemoryStorage(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        // A weak reference: the timer must not keep a storage nobody disposed alive.
        _sweeper = _timeProvider.CreateTimer(
            static state => (((WeakReference<MemoryStorage>)state!).TryGetTarget(out var storage) ? storage : null)?.RemoveExpired(),
            new WeakReference<MemoryStorage>(this),
            SweepInterval,
            SweepInterval);
    }

    /// <summary>Entries held, expired ones not yet swept included.</summary>
    public int Count => _entries.Count;

    public Task<ReadOnlyMemory<byte>?> ReadJsonAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return Task.FromResult<ReadOnlyMemory<byte>?>(null);
        }

        if (entry.ExpiresAt is { } expiresAt && _timeProvider.GetUtcNow() >= expiresAt)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return Task.FromResult<ReadOnlyMemory<byte>?>(null);
        }

        return Task.FromResult<ReadOnlyMemory<byte>?>(entry.Json);
    }

    public Task WriteJsonAsync(string key, ReadOnlyMemory<byte> json, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (expiry is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "Expiry must be positive.");
        }

        _entries[key] = new Entry(json, expiry is { } e ? _timeProvider.GetUtcNow() + e : null);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>Drops every expired entry; returns how many.</summary>
    public int RemoveExpired()
    {
        var now = _timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt is { } expiresAt && now >= expiresAt && _entries.TryRemove(pair))
            {
                removed++;
            }
        }

        return removed;
    }

    public void Dispose() => _sweeper.Dispose();

    private sealed record Entry(ReadOnlyMemory<byte> Json, DateTimeOffset? ExpiresAt);
}
