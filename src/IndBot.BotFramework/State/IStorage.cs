namespace IndBot.BotFramework.State;

/// <summary>Key/value storage of JSON-serialisable objects (simpler than the SDK's <c>IStorage</c>).</summary>
public interface IStorage
{
    Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <param name="expiry">Time to live; null keeps the value until deleted.</param>
    Task WriteAsync<T>(string key, T value, TimeSpan? expiry = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
