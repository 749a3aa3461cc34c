using System.Text.Json;
using IndBot.BotFramework.Schema;
using IndBot.BotFramework.State;
using StackExchange.Redis;

namespace IndBot.State;

/// <summary>
/// <see cref="IStorage"/> in Redis, so several bot instances share conversation state. Singleton: one multiplexer per
/// process (StackExchange.Redis is built to be shared). Connects lazily and reconnects by itself; while Redis is down,
/// calls fail fast and the caller answers without context.
/// </summary>
public sealed class RedisStorage : IStorage, IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public RedisStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _configuration = ConfigurationOptions.Parse(connectionString);
        _configuration.AbortOnConnectFail = false;
        _configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Turns must stay well inside the channels' 15 s; state is a nice-to-have.
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            _configuration.ConnectTimeout = 2000;
        }

        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            _configuration.AsyncTimeout = 1000;
        }
    }

    public async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var value = await database.StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? default : JsonSerializer.Deserialize<T>((byte[])value!, BotJson.Options);
    }

    public async Task WriteAsync<T>(string key, T value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (expiry is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "Expiry must be positive.");
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(value, BotJson.Options);
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
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectLock.Dispose();
    }

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connection)
        {
            return connection.GetDatabase();
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
            return _connection.GetDatabase();
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
