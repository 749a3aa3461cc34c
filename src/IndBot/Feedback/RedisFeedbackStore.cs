using IndBot.State;
using StackExchange.Redis;

namespace IndBot.Feedback;

/// <summary>Feedback in one Redis list shared by all instances, capped at <see cref="MaxRecords"/> (oldest dropped).</summary>
public sealed class RedisFeedbackStore : IFeedbackStore
{
    public const string Key = "indbot:feedback";
    public const long MaxRecords = 200_000;

    private readonly RedisConnection _connection;

    public RedisFeedbackStore(RedisConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    public string Description => $"Redis list {Key}";

    public async Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var database = await _connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var length = await database.ListRightPushAsync(Key, record.ToJson()).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (length > MaxRecords)
        {
            await database.ListTrimAsync(Key, -MaxRecords, -1).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every append is one Redis command that has completed when it returns: nothing to flush.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var database = await _connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var values = await database.ListRangeAsync(Key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. values.Where(v => !v.IsNull).Select(v => FeedbackRecord.TryParse(v.ToString())).OfType<FeedbackRecord>()];
    }
}
