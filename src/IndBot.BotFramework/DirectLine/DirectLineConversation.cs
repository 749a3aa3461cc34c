using System.Globalization;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// One conversation's activity history in memory. Each activity gets the sequence number that forms its id
/// (<c>{conversationId}|0000042</c>) and the watermark: a client that read up to watermark N asks for the activities from N on.
/// </summary>
public sealed class DirectLineConversation
{
    private readonly object _gate = new();
    private readonly List<Activity> _activities = [];
    private readonly int _maxActivities;
    private long _firstSequence;
    private long _lastActive;

    public DirectLineConversation(string id, string userId, string? locale, int maxActivities, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        Locale = locale;
        _maxActivities = Math.Max(1, maxActivities);
        Touch(now);
    }

    public string Id { get; }

    public string UserId { get; }

    public string? Locale { get; set; }

    /// <summary>Serializes bot turns so replies keep the order of the user's messages.</summary>
    public SemaphoreSlim TurnLock { get; } = new(1, 1);

    /// <summary>Whether the latest bot-side activity is the rate-limit notice (shown once per burst).</summary>
    public bool RateLimitNoticeShown { get; set; }

    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActive), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActive, now.UtcTicks);

    /// <summary>Assigns the next id and stores the activity; drops the oldest beyond the limit.</summary>
    public string Append(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            var sequence = _firstSequence + _activities.Count;
            activity.Id = Id + "|" + sequence.ToString("0000000", CultureInfo.InvariantCulture);
            _activities.Add(activity);
            if (_activities.Count > _maxActivities)
            {
                _activities.RemoveAt(0);
                _firstSequence++;
            }

            return activity.Id;
        }
    }

    /// <summary>The activities from <paramref name="watermark"/> on, and the watermark to ask with next time.</summary>
    public (IReadOnlyList<Activity> Activities, long Watermark) GetFrom(long watermark)
    {
        lock (_gate)
        {
            var next = _firstSequence + _activities.Count;
            var start = Math.Clamp(watermark - _firstSequence, 0, _activities.Count);
            if (watermark >= next)
            {
                return ([], next);
            }

            return (_activities.GetRange((int)start, _activities.Count - (int)start), next);
        }
    }
}
