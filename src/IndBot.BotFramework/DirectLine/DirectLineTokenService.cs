using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Claims of a locally issued Direct Line token; <paramref name="Sequence"/> orders the tokens this process issued.</summary>
public sealed record DirectLineToken(string ConversationId, string UserId, DateTimeOffset ExpiresAt, long Sequence = 0)
{
    /// <summary>A stream token: it opens the conversation's WebSocket (its <c>streamUrl</c>) and nothing else.</summary>
    public bool Stream { get; init; }
}

public enum DirectLineTokenStatus
{
    Missing,
    Invalid,
    Expired,

    /// <summary>Replaced by a refreshed token of the same conversation.</summary>
    Superseded,
    Valid,
}

public sealed record DirectLineTokenValidation(DirectLineTokenStatus Status, DirectLineToken? Token = null);

/// <summary>
/// Issues and checks per-conversation tokens: a JWT (HS256) with the claims <c>conv</c>, <c>user</c>, <c>iat</c>, <c>exp</c>
/// and <c>seq</c> (and <c>scope</c> for a stream token). JWT because Web Chat reads the user id from the token's
/// <c>user</c> claim. The key comes from <see cref="IDirectLineSigningKey"/>: random per process, or shared by every
/// instance through Redis. Refreshing a token supersedes every older token of its conversation after
/// <see cref="SupersededGrace"/> (on the instance that refreshed it).
/// </summary>
public sealed class DirectLineTokenService
{
    private static readonly string Header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());

    /// <summary>How long a superseded token still works: requests the client sent just before the refresh answer finish.</summary>
    public static readonly TimeSpan SupersededGrace = TimeSpan.FromSeconds(10);

    private readonly IDirectLineSigningKey _key;

    // Per conversation: tokens with a lower sequence number than this stop working at NotAfter; kept until the last of
    // them would have expired anyway.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Supersession> _superseded = new(StringComparer.Ordinal);
    private long _sequence;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<DirectLineOptions> _options;

    public DirectLineTokenService(TimeProvider timeProvider, IOptionsMonitor<DirectLineOptions> options, IDirectLineSigningKey key)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public TimeSpan Lifetime => _options.CurrentValue.TokenLifetime;

    /// <summary>A new random conversation id (22 URL-safe characters, like Azure's).</summary>
    public static string NewConversationId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new random user id; the <c>dl_</c> prefix marks it as server-assigned, as in Direct Line enhanced authentication.</summary>
    public static string NewUserId() => "dl_" + Base64Url(RandomNumberGenerator.GetBytes(12));

    public (string Token, DirectLineToken Claims) Issue(string conversationId, string userId) => Issue(conversationId, userId, stream: false);

    /// <summary>
    /// A token for a conversation's <c>streamUrl</c> (in its query, as Azure's <c>?t=</c>): valid for
    /// <see cref="StreamTokenLifetime"/> to open the WebSocket, never as a bearer token, so a URL that ends up in a
    /// log or a browser's history opens nothing for long.
    /// </summary>
    public string IssueStreamToken(string conversationId, string userId) => Issue(conversationId, userId, stream: true).Token;

    /// <summary>How long a stream token can open the stream (an open stream stays open).</summary>
    public static readonly TimeSpan StreamTokenLifetime = TimeSpan.FromMinutes(2);

    private (string Token, DirectLineToken Claims) Issue(string conversationId, string userId, bool stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = _timeProvider.GetUtcNow();
        var expires = now + (stream ? StreamTokenLifetime : Lifetime);
        var sequence = Interlocked.Increment(ref _sequence);
        var claims = new Dictionary<string, object>
        {
            ["conv"] = conversationId,
            ["user"] = userId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["seq"] = sequence,
        };
        if (stream)
        {
            claims["scope"] = "stream";
        }

        var unsigned = Header + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var token = unsigned + "." + Base64Url(Sign(unsigned));
        return (token, new DirectLineToken(conversationId, userId, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()), sequence) { Stream = stream });
    }

    /// <summary>
    /// A refreshed token for the conversation of <paramref name="current"/>: every token of the conversation issued
    /// before it stops working after <see cref="SupersededGrace"/>, so a token that leaked is not good until it expires.
    /// </summary>
    public (string Token, DirectLineToken Claims) Refresh(DirectLineToken current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var (token, claims) = Issue(current.ConversationId, current.UserId);
        var now = _timeProvider.GetUtcNow();
        var supersession = new Supersession(claims.Sequence, now + SupersededGrace, now + Lifetime + SupersededGrace);
        _superseded.AddOrUpdate(current.ConversationId, supersession, (_, existing) => existing.Sequence > supersession.Sequence ? existing : supersession);
        return (token, claims);
    }

    /// <summary>Forgets supersessions whose older tokens have all expired; returns how many.</summary>
    public int RemoveStaleSupersessions()
    {
        var now = _timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var pair in _superseded)
        {
            if (now >= pair.Value.Forget && _superseded.TryRemove(pair))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Checks an <c>Authorization</c> header value (<c>Bearer &lt;token&gt;</c>).</summary>
    public DirectLineTokenValidation ValidateAuthorizationHeader(string? authorization)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new(DirectLineTokenStatus.Missing);
        }

        var validation = Validate(authorization[scheme.Length..].Trim());
        // A stream token is not a bearer token.
        return validation.Token is { Stream: true } ? new(DirectLineTokenStatus.Invalid) : validation;
    }

    /// <summary>Checks the token of a <c>streamUrl</c> (<c>?t=</c>): only a stream token will do.</summary>
    public DirectLineTokenValidation ValidateStreamToken(string? token)
    {
        var validation = Validate(token);
        return validation.Token is { Stream: false } ? new(DirectLineTokenStatus.Invalid) : validation;
    }

    public DirectLineTokenValidation Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return new(DirectLineTokenStatus.Missing);
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header)
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        byte[] signature;
        byte[] payload;
        try
        {
            signature = WebEncoders.Base64UrlDecode(parts[2]);
            payload = WebEncoders.Base64UrlDecode(parts[1]);
        }
        catch (FormatException)
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        DirectLineToken claims;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            claims = new DirectLineToken(
                root.GetProperty("conv").GetString() ?? "",
                root.GetProperty("user").GetString() ?? "",
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64()),
                root.GetProperty("seq").GetInt64())
            {
                Stream = root.TryGetProperty("scope", out var scope) && scope.ValueEquals("stream"),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        if (claims.ConversationId.Length == 0 || claims.UserId.Length == 0)
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        var now = _timeProvider.GetUtcNow();
        if (now >= claims.ExpiresAt)
        {
            return new(DirectLineTokenStatus.Expired, claims);
        }

        return _superseded.TryGetValue(claims.ConversationId, out var superseded) && claims.Sequence < superseded.Sequence && now >= superseded.NotAfter
            ? new(DirectLineTokenStatus.Superseded, claims)
            : new(DirectLineTokenStatus.Valid, claims);
    }

    private sealed record Supersession(long Sequence, DateTimeOffset NotAfter, DateTimeOffset Forget);

    private byte[] Sign(string data) => HMACSHA256.HashData(_key.Key, Encoding.ASCII.GetBytes(data));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}

/// <summary>The key that signs Direct Line tokens: random per process, or shared by every instance (the host's Redis store).</summary>
public interface IDirectLineSigningKey
{
    byte[] Key { get; }
}

/// <summary>A random key for this process: its tokens die with it.</summary>
public sealed class RandomDirectLineSigningKey : IDirectLineSigningKey
{
    public byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);
}
