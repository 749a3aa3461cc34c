using StackExchange.Redis;

namespace IndBot.State;

/// <summary>
/// The process's one Redis multiplexer (StackExchange.Redis is built to be shared), used by conversation state and
/// feedback. Singleton. Connects lazily and reconnects by itself; while Redis is down, calls fail fast.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public RedisConnection(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _configuration = ConfigurationOptions.Parse(connectionString);
        _configuration.AbortOnConnectFail = false;
        _configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Retry every second while Redis is away (the default backs off to tens of seconds): follow-up context returns
        // soon after Redis does, and a reconnect attempt costs next to nothing.
        _configuration.ReconnectRetryPolicy = new LinearRetry(1000);
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

    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
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

    /// <summary>The multiplexer's pub/sub side (Direct Line streams follow their conversation through it).</summary>
    public async Task<ISubscriber> SubscriberAsync(CancellationToken cancellationToken)
    {
        await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return _connection!.GetSubscriber();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectLock.Dispose();
    }
}
