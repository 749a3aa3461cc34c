using System.Globalization;
using System.Text.Json;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// One conversation's activity history in memory. Each activity gets the sequence number that forms its id
/// (<c>{conversationId}|0000042</c>) and the watermark: a client that read up to watermark N asks for the activities from N on.
/// The history is bounded in number and in bytes: each activity is kept as its JSON, so the bytes counted are the bytes
/// held (an activity object with its cards takes several times its JSON), and beyond either bound the oldest are
/// dropped and the watermarks keep counting.
/// </summary>
public sealed class DirectLineConversation : IDirectLineConversation
{
    private readonly object _gate = new();
    private readonly List<byte[]> _activities = [];
    private readonly int _maxActivities;
    private readonly long _maxBytes;
    private long _firstSequence;
    private long _bytes;
    private long _lastActive;
    private Action<long>? _onBytesChanged;
    private Action? _afterAppend;

    public DirectLineConversation(string id, string userId, string? locale, int maxActivities, DateTimeOffset now)
        : this(id, userId, locale, maxActivities, long.MaxValue, now, onBytesChanged: null)
    {
    }

    /// <param name="onBytesChanged">Told how many bytes each change added (or, negative, removed): the store's total.</param>
    public DirectLineConversation(string id, string userId, string? locale, int maxActivities, long maxBytes, DateTimeOffset now, Action<long>? onBytesChanged)
    {
        Id = id;
        UserId = userId;
        Locale = locale;
        _maxActivities = Math.Max(1, maxActivities);
        _maxBytes = Math.Max(1, maxBytes);
        _onBytesChanged = onBytesChanged;
        Touch(now);
    }

    public string Id { get; }

    public string UserId { get; }

    public string? Locale { get; set; }

    /// <summary>Whether the latest bot-side activity is the rate-limit notice (shown once per burst).</summary>
    public bool RateLimitNoticeShown { get; set; }

    /// <summary>Raised after every append (outside the conversation's lock): open streams send what is new.</summary>
    public event Action? Appended;

    /// <summary>Called after every append, before <see cref="Appended"/> (the store keeps its byte budget).</summary>
    internal Action? AfterAppend
    {
        set => _afterAppend = value;
    }

    /// <summary>The clock of <see cref="TouchAsync"/> (the store's).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActive), TimeSpan.Zero);

    /// <summary>The stored activities' size as JSON.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActive, now.UtcTicks);

    /// <summary>Assigns the next id and stores the activity; drops the oldest beyond the limits (never the one just stored).</summary>
    public string Append(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            var sequence = _firstSequence + _activities.Count;
            activity.Id = Id + "|" + sequence.ToString("0000000", CultureInfo.InvariantCulture);
            var json = JsonSerializer.SerializeToUtf8Bytes(activity, BotJsonContext.Default.Activity);
            _activities.Add(json);
            var change = (long)json.Length;
            while (_activities.Count > 1 && (_activities.Count > _maxActivities || _bytes + change > _maxBytes))
            {
                change -= _activities[0].Length;
                _activities.RemoveAt(0);
                _firstSequence++;
            }

            _bytes += change;
            _onBytesChanged?.Invoke(change);
            return activity.Id;
        }
    }

    /// <summary>
    /// The activities from <paramref name="watermark"/> on, at most <paramref name="maxBytes"/> of them as JSON (at least
    /// one), and the watermark to ask with next time: a client far behind catches up over several polls.
    /// </summary>
    public (IReadOnlyList<Activity> Activities, long Watermark) GetFrom(long watermark, long maxBytes = long.MaxValue)
    {
        lock (_gate)
        {
            var next = _firstSequence + _activities.Count;
            if (watermark >= next)
            {
                return ([], next);
            }

            var start = (int)Math.Clamp(watermark - _firstSequence, 0, _activities.Count);
            var page = new List<Activity>();
            long bytes = 0;
            for (var i = start; i < _activities.Count; i++)
            {
                var json = _activities[i];
                if (page.Count > 0 && bytes + json.Length > maxBytes)
                {
                    break;
                }

                page.Add(JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!);
                bytes += json.Length;
            }

            return (page, _firstSequence + start + page.Count);
        }
    }

    public Task SetRateLimitNoticeShownAsync(bool shown, CancellationToken cancellationToken)
    {
        RateLimitNoticeShown = shown;
        return Task.CompletedTask;
    }

    public Task TouchAsync(CancellationToken cancellationToken)
    {
        Touch(Clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<string> AppendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var id = Append(activity);
        _afterAppend?.Invoke();
        Appended?.Invoke();
        return Task.FromResult(id);
    }

    public Task<(IReadOnlyList<Activity> Activities, long Watermark)> GetFromAsync(long watermark, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(GetFrom(watermark, maxBytes));

    /// <summary>Stops reporting to the store (the conversation was removed from it) and returns the bytes it held.</summary>
    public long Detach()
    {
        lock (_gate)
        {
            _onBytesChanged = null;
            return _bytes;
        }
    }
}
