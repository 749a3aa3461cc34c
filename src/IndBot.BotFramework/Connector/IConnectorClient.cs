using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.Connector;

/// <summary>Bot Connector REST API v3 for one serviceUrl (the slice a bot uses to answer).</summary>
public interface IConnectorClient
{
    Uri BaseUri { get; }

    /// <summary><c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>POST {serviceUrl}/v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken = default);
}

/// <summary>
/// Creates connector clients. Only a serviceUrl proven by a validated token (its signed <c>serviceurl</c> claim) gets our
/// bearer token; an unproven one (anonymous requests, Emulator tokens) is answered only when it is loopback or listed in
/// <see cref="ConnectorClientOptions.AllowedServiceUrls"/>.
/// </summary>
public interface IConnectorClientFactory
{
    /// <exception cref="ServiceUrlNotAllowedException">An unproven serviceUrl that is neither loopback nor allowed.</exception>
    IConnectorClient Create(string serviceUrl, bool serviceUrlVerified);
}

/// <summary>
/// Connector settings ("Connector" section, validated at start-up). Retries, attempt and total timeouts are per reply;
/// <see cref="TurnTimeout"/> bounds the whole turn, because Teams and Direct Line give up on a request after 15 s.
/// </summary>
public sealed class ConnectorClientOptions
{
    public const string SectionName = "Connector";

    public int MaxRetryAttempts { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One deadline for a whole <c>/api/messages</c> turn: the bot's work and every reply it sends.</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// serviceUrls (scheme, host, port and path prefix, e.g. <c>https://directline.example.nl/bot/</c>) that requests
    /// without a channel token may be answered at, besides loopback. Empty: loopback only.
    /// </summary>
    public IList<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>True when a reply may go to <paramref name="serviceUrl"/> although no token proved it.</summary>
    public bool AllowsUnverified(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (serviceUrl.IsLoopback)
        {
            return true;
        }

        foreach (var allowed in AllowedServiceUrls)
        {
            if (Uri.TryCreate(allowed, UriKind.Absolute, out var prefix)
                && string.Equals(prefix.Scheme, serviceUrl.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(prefix.Authority, serviceUrl.Authority, StringComparison.OrdinalIgnoreCase)
                && WithSlash(serviceUrl.AbsolutePath).StartsWith(WithSlash(prefix.AbsolutePath), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;

        static string WithSlash(string path) => path.EndsWith('/') ? path : path + "/";
    }
}

/// <summary>The Connector answered with a status other than 200/201/202.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException() { }

    public ConnectorException(string message) : base(message) { }

    public ConnectorException(string message, Exception innerException) : base(message, innerException) { }

    public ConnectorException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public int StatusCode { get; }
}

/// <summary>A reply was not sent: its serviceUrl came from a request no token proved, and it is neither loopback nor allowed.</summary>
public sealed class ServiceUrlNotAllowedException : Exception
{
    public ServiceUrlNotAllowedException() { }

    public ServiceUrlNotAllowedException(string message) : base(message) { }

    public ServiceUrlNotAllowedException(string message, Exception innerException) : base(message, innerException) { }
}
