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

/// <summary>Creates connector clients; only a serviceUrl proven by a validated token gets our bearer token.</summary>
public interface IConnectorClientFactory
{
    IConnectorClient Create(string serviceUrl, bool sendAuthorization);
}

/// <summary>Retry and timeout settings of the Connector HTTP client. Total stays well under the channels' 15 s turn limit.</summary>
public sealed class ConnectorClientOptions
{
    public int MaxRetryAttempts { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);
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
