using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.Schema;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IndBot.State;

/// <summary>
/// Direct Line conversations in Redis, shared by every instance: a hash per conversation (user, locale, next sequence
/// number, bytes, rate-limit notice) and a sorted set of its activities scored by sequence number, both expiring after
/// <see cref="DirectLineOptions.ConversationIdleTimeout"/> without use. Appends are one Lua script (number, store,
/// trim to the per-conversation limits, publish), so two instances never hand out the same watermark, and a stream
/// on any instance learns of new activities by Redis pub/sub. While Redis is down the endpoints answer 503.
/// </summary>
public sealed class RedisDirectLineStore : IDirectLineStore
{
    private const string Prefix = "indbot:dl:";

    // KEYS: meta, activities. ARGV: payload, max count, max bytes, idle ms, channel. Returns the sequence number, or -1
    // for a conversation that idled out.
    private static readonly LuaScript AppendScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @meta) == 0 then return -1 end
        local seq = redis.call('HINCRBY', @meta, 'next', 1) - 1
        redis.call('ZADD', @activities, seq, seq .. ':' .. @payload)
        local bytes = redis.call('HINCRBY', @meta, 'bytes', string.len(@payload))
        local count = redis.call('ZCARD', @activities)
        while count > 1 and (count > tonumber(@maxCount) or bytes > tonumber(@maxBytes)) do
          local first = redis.call('ZRANGE', @activities, 0, 0)[1]
          local colon = string.find(first, ':', 1, true)
          bytes = redis.call('HINCRBY', @meta, 'bytes', -(string.len(first) - colon))
          redis.call('ZREMRANGEBYRANK', @activities, 0, 0)
          count = count - 1
        end
        redis.call('PEXPIRE', @meta, @idle)
        redis.call('PEXPIRE', @activities, @idle)
        redis.call('PUBLISH', @channel, seq)
        return seq
        """);

    private static readonly LuaScript CreateScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @meta) == 1 then return 0 end
        redis.call('HSET', @meta, 'user', @user, 'locale', @locale, 'next', 0, 'bytes', 0, 'notice', 0)
        redis.call('PEXPIRE', @meta, @idle)
        return 1
        """);

    private readonly RedisConnection _connection;
    private readonly IOptionsMonitor<DirectLineOptions> _options;

    public RedisDirectLineStore(RedisConnection connection, IOptionsMonitor<DirectLineOptions> options)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public async Task<IDirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var fields = await Run(() => database.HashGetAllAsync(MetaKey(conversationId)), cancellationToken).ConfigureAwait(false);
        if (fields.Length == 0)
        {
            return null;
        }

        var values = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        return new Conversation(this, conversationId, values.GetValueOrDefault("user") ?? "", NullIfEmpty(values.GetValueOrDefault("locale")), values.GetValueOrDefault("notice") == "1");
    }

    public async Task<(IDirectLineConversation Conversation, bool Created)> GetOrCreateAsync(string conversationId, string userId, string? locale, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var created = (int)await Run(() => CreateScript.EvaluateAsync(database, new
        {
            meta = (RedisKey)MetaKey(conversationId),
            user = userId,
            locale = locale ?? "",
            idle = (long)IdleTimeout.TotalMilliseconds,
        }), cancellationToken).ConfigureAwait(false) == 1;
        if (created)
        {
            return (new Conversation(this, conversationId, userId, locale, false), true);
        }

        return (await FindAsync(conversationId, cancellationToken).ConfigureAwait(false) ?? new Conversation(this, conversationId, userId, locale, false), false);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string conversationId, Action onAppended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onAppended);
        var subscriber = await Run(() => _connection.SubscriberAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var channel = RedisChannel.Literal(ChannelName(conversationId));
        Action<RedisChannel, RedisValue> handler = (_, _) => onAppended();
        await Run(() => subscriber.SubscribeAsync(channel, handler), cancellationToken).ConfigureAwait(false);
        return new Subscription(subscriber, channel, handler);
    }

    private TimeSpan IdleTimeout => _options.CurrentValue.ConversationIdleTimeout;

    private Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken) => Run(() => _connection.DatabaseAsync(cancellationToken), cancellationToken);

    /// <summary>Redis errors become <see cref="DirectLineStoreUnavailableException"/> (503 at the endpoints).</summary>
    private static async Task<T> Run<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new DirectLineStoreUnavailableException(ex.GetType().Name, ex);
        }
    }

    private static Task Run(Func<Task> call, CancellationToken cancellationToken) => Run(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }, cancellationToken);

    private static string MetaKey(string conversationId) => $"{Prefix}{{{conversationId}}}:meta";

    private static string ActivitiesKey(string conversationId) => $"{Prefix}{{{conversationId}}}:activities";

    private static string ChannelName(string conversationId) => $"{Prefix}{conversationId}:appended";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string ActivityId(string conversationId, long sequence) =>
        conversationId + "|" + sequence.ToString("0000000", CultureInfo.InvariantCulture);

    private sealed class Conversation(RedisDirectLineStore store, string id, string userId, string? locale, bool notice) : IDirectLineConversation
    {
        public string Id { get; } = id;

        public string UserId { get; } = userId;

        public string? Locale { get; } = locale;

        public bool RateLimitNoticeShown { get; private set; } = notice;

        public async Task SetRateLimitNoticeShownAsync(bool shown, CancellationToken cancellationToken)
        {
            var database = await store.DatabaseAsync(cancellationToken).ConfigureAwait(false);
            await Run(() => database.HashSetAsync(MetaKey(Id), "notice", shown ? 1 : 0), cancellationToken).ConfigureAwait(false);
            RateLimitNoticeShown = shown;
        }

        public async Task TouchAsync(CancellationToken cancellationToken)
        {
            var database = await store.DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var batch = database.CreateBatch();
            var meta = batch.KeyExpireAsync(MetaKey(Id), store.IdleTimeout);
            var activities = batch.KeyExpireAsync(ActivitiesKey(Id), store.IdleTimeout);
            batch.Execute();
            await Run(() => Task.WhenAll(meta, activities), cancellationToken).ConfigureAwait(false);
        }

        public async Task<string> AppendAsync(Activity activity, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(activity);
            var options = store._options.CurrentValue;
            // Stored without its id: the id is the sequence number the script hands out (read back from the score).
            activity.Id = null;
            var payload = JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity);
            var database = await store.DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var sequence = (long)await Run(() => AppendScript.EvaluateAsync(database, new
            {
                meta = (RedisKey)MetaKey(Id),
                activities = (RedisKey)ActivitiesKey(Id),
                payload,
                maxCount = options.MaxActivitiesPerConversation,
                maxBytes = options.MaxBytesPerConversation,
                idle = (long)store.IdleTimeout.TotalMilliseconds,
                channel = ChannelName(Id),
            }), cancellationToken).ConfigureAwait(false);
            if (sequence < 0)
            {
                throw new DirectLineStoreUnavailableException("The conversation idled out.");
            }

            activity.Id = ActivityId(Id, sequence);
            return activity.Id;
        }

        public async Task<(IReadOnlyList<Activity> Activities, long Watermark)> GetFromAsync(long watermark, long maxBytes, CancellationToken cancellationToken)
        {
            var database = await store.DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var batch = database.CreateBatch();
            var nextTask = batch.HashGetAsync(MetaKey(Id), "next");
            var membersTask = batch.SortedSetRangeByScoreAsync(ActivitiesKey(Id), watermark, double.PositiveInfinity, take: 500);
            batch.Execute();
            await Run(() => Task.WhenAll(nextTask, membersTask), cancellationToken).ConfigureAwait(false);
            var next = (await nextTask).TryParse(out long stored) ? stored : 0;
            var members = await membersTask;
            if (members.Length == 0)
            {
                return ([], Math.Max(0, next));
            }

            var page = new List<Activity>();
            long bytes = 0;
            long last = watermark - 1;
            foreach (var member in members)
            {
                var text = member.ToString();
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                var sequence = long.Parse(text.AsSpan(0, colon), CultureInfo.InvariantCulture);
                var size = Encoding.UTF8.GetByteCount(text.AsSpan(colon + 1));
                if (page.Count > 0 && bytes + size > maxBytes)
                {
                    break;
                }

                var activity = JsonSerializer.Deserialize(text.AsSpan(colon + 1), BotJsonContext.Default.Activity)!;
                activity.Id = ActivityId(Id, sequence);
                page.Add(activity);
                bytes += size;
                last = sequence;
            }

            return (page, last + 1);
        }
    }

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Redis is down: the subscription is gone with the connection anyway.
            }
        }
    }
}

/// <summary>
/// The token signing key shared by every instance: created once in Redis (SET NX), so a token issued by one instance
/// opens the conversation on any other. Read on first use and kept; while Redis cannot be reached, token requests get 503.
/// </summary>
public sealed class RedisDirectLineSigningKey(RedisConnection connection) : IDirectLineSigningKey
{
    private const string KeyName = "indbot:dl:signing-key";
    private readonly object _gate = new();
    private byte[]? _key;

    public byte[] Key
    {
        get
        {
            if (_key is { } key)
            {
                return key;
            }

            lock (_gate)
            {
                if (_key is not null)
                {
                    return _key;
                }

                try
                {
                    var database = connection.DatabaseAsync(CancellationToken.None).GetAwaiter().GetResult();
                    database.StringSet(KeyName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
                    var stored = database.StringGet(KeyName);
                    _key = Convert.FromBase64String(stored.ToString());
                    return _key;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or FormatException)
                {
                    throw new DirectLineStoreUnavailableException("The token signing key could not be read from Redis.", ex);
                }
            }
        }
    }
}
