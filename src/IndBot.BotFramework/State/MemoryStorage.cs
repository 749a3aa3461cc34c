using System.Collections.Concurrent;
using System.Text.Json;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.State;

/// <summary>In-process <see cref="IStorage"/>. Values are stored as JSON so readers never share instances with writers.</summary>
public sealed class MemoryStorage : IStorage
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public MemoryStorage(TimeProvider timeProvider) =>
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return Task.FromResult<T?>(default);
        }

        if (entry.ExpiresAt is { } expiresAt && _timeProvider.GetUtcNow() >= expiresAt)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return Task.FromResult<T?>(default);
        }

        return Task.FromResult(JsonSerializer.Deserialize<T>(entry.Json, BotJson.Options));
    }

    public Task WriteAsync<T>(string key, T value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (expiry is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "Expiry must be positive.");
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(value, BotJson.Options);
        _entries[key] = new Entry(json, expiry is { } e ? _timeProvider.GetUtcNow() + e : null);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private sealed record Entry(byte[] Json, DateTimeOffset? ExpiresAt);
}
