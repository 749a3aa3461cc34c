using IndBot.BotFramework.State;
using StackExchange.Redis;

namespace IndBot.State;

/// <summary>
/// <see cref="IStorage"/> in Redis, so several bot instances share conversation state. Singleton: one multiplexer per
/// process, shared through <see cref="RedisConnection"/>. While Redis is down, calls fail fast and the caller answers
/// without context.
/// </summary>
public sealed class RedisStorage : IStorage, IAsyncDisposable
{
    private readonly RedisConnection _connection;
    private readonly bool _ownsConnection;

    public RedisStorage(string connectionString)
        : this(new RedisConnection(connectionString)) => _ownsConnection = true;

    public RedisStorage(RedisConnection connection) => _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    public async Task<ReadOnlyMemory<byte>?> ReadJsonAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var value = await database.StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        return (byte[])value!;
    }

    public async Task WriteJsonAsync(string key, ReadOnlyMemory<byte> json, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (expiry is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "Expiry must be positive.");
        }

        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.StringSetAsync(key, json, expiry.HasValue ? new Expiration(expiry.Value) : Expiration.Default).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.KeyDeleteAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken) => _connection.DatabaseAsync(cancellationToken);
}
