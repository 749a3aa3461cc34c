using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>
/// Token buckets per conversation and per client IP (limits per minute, refilled evenly, burst up to the limit). Direct
/// Line traffic is anonymous (anyone who can open the widget), so it is limited per address as well.
/// </summary>
public sealed class DirectLineRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _activitiesPerConversation;
    private readonly PartitionedRateLimiter<string> _activitiesPerIp;
    private readonly PartitionedRateLimiter<string> _conversationsPerIp;

    public DirectLineRateLimiter(IOptions<DirectLineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.RateLimit;
        _activitiesPerConversation = Create(limits.ActivitiesPerConversationPerMinute);
        _activitiesPerIp = Create(limits.ActivitiesPerIpPerMinute);
        _conversationsPerIp = Create(limits.ConversationsPerIpPerMinute);
    }

    /// <summary>True when this conversation, and its client IP, may post another activity now.</summary>
    public bool TryAcquireActivity(string conversationId, string clientIp)
    {
        using var conversationLease = _activitiesPerConversation.AttemptAcquire(conversationId);
        if (!conversationLease.IsAcquired)
        {
            return false;
        }

        using var ipLease = _activitiesPerIp.AttemptAcquire(clientIp);
        return ipLease.IsAcquired;
    }

    /// <summary>True when this client IP may get another token now.</summary>
    public bool TryAcquireConversation(string clientIp)
    {
        using var lease = _conversationsPerIp.AttemptAcquire("token:" + clientIp);
        return lease.IsAcquired;
    }

    /// <summary>True when this client IP may start another conversation now (counted apart from tokens: the widget takes one of each).</summary>
    public bool TryAcquireConversationStart(string clientIp)
    {
        using var lease = _conversationsPerIp.AttemptAcquire("start:" + clientIp);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _activitiesPerConversation.Dispose();
        _activitiesPerIp.Dispose();
        _conversationsPerIp.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int perMinute)
    {
        var limit = Math.Max(1, perMinute);
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limit,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }
}
