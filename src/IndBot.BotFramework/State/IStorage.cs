using System.Text.Json;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.State;

/// <summary>
/// Key/value storage of JSON documents (simpler than the SDK's <c>IStorage</c>): a value is the UTF-8 JSON its writer
/// gave, so readers never share instances with writers, and a caller that has the JSON already (to see whether a
/// value changed) does not serialise it again. <see cref="StorageExtensions"/> reads and writes objects.
/// </summary>
public interface IStorage
{
    /// <summary>The JSON stored under <paramref name="key"/>, or null when there is none (or it expired).</summary>
    Task<ReadOnlyMemory<byte>?> ReadJsonAsync(string key, CancellationToken cancellationToken = default);

    /// <param name="json">UTF-8 JSON; the storage may keep these bytes, so the caller must not change them afterwards.</param>
    /// <param name="expiry">Time to live; null keeps the value until deleted.</param>
    Task WriteJsonAsync(string key, ReadOnlyMemory<byte> json, TimeSpan? expiry = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>Objects in an <see cref="IStorage"/>, as JSON with <see cref="BotJson.Options"/>.</summary>
public static class StorageExtensions
{
    public static async Task<T?> ReadAsync<T>(this IStorage storage, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var json = await storage.ReadJsonAsync(key, cancellationToken).ConfigureAwait(false);
        return json is { } bytes ? JsonSerializer.Deserialize<T>(bytes.Span, BotJson.Options) : default;
    }

    /// <param name="expiry">Time to live; null keeps the value until deleted.</param>
    public static Task WriteAsync<T>(this IStorage storage, string key, T value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.WriteJsonAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, BotJson.Options), expiry, cancellationToken);
    }
}
