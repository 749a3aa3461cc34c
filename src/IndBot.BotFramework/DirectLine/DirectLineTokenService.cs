using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Claims of a locally issued Direct Line token.</summary>
public sealed record DirectLineToken(string ConversationId, string UserId, DateTimeOffset ExpiresAt);

public enum DirectLineTokenStatus
{
    Missing,
    Invalid,
    Expired,
    Valid,
}

public sealed record DirectLineTokenValidation(DirectLineTokenStatus Status, DirectLineToken? Token = null);

/// <summary>
/// Issues and checks per-conversation tokens: a JWT (HS256) with the claims <c>conv</c>, <c>user</c>, <c>iat</c>, <c>exp</c>.
/// JWT because Web Chat reads the user id from the token's <c>user</c> claim. The key is random per process, so tokens die
/// with the process (a scaled-out deployment needs sticky sessions anyway: conversations live in memory).
/// </summary>
public sealed class DirectLineTokenService
{
    private static readonly string Header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<DirectLineOptions> _options;

    public DirectLineTokenService(TimeProvider timeProvider, IOptionsMonitor<DirectLineOptions> options)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public TimeSpan Lifetime => _options.CurrentValue.TokenLifetime;

    /// <summary>A new random conversation id (22 URL-safe characters, like Azure's).</summary>
    public static string NewConversationId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new random user id; the <c>dl_</c> prefix marks it as server-assigned, as in Direct Line enhanced authentication.</summary>
    public static string NewUserId() => "dl_" + Base64Url(RandomNumberGenerator.GetBytes(12));

    public (string Token, DirectLineToken Claims) Issue(string conversationId, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = _timeProvider.GetUtcNow();
        var expires = now + Lifetime;
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["conv"] = conversationId,
            ["user"] = userId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        });
        var unsigned = Header + "." + Base64Url(payload);
        var token = unsigned + "." + Base64Url(Sign(unsigned));
        return (token, new DirectLineToken(conversationId, userId, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds())));
    }

    /// <summary>Checks an <c>Authorization</c> header value (<c>Bearer &lt;token&gt;</c>).</summary>
    public DirectLineTokenValidation ValidateAuthorizationHeader(string? authorization)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new(DirectLineTokenStatus.Missing);
        }

        return Validate(authorization[scheme.Length..].Trim());
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
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64()));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        if (claims.ConversationId.Length == 0 || claims.UserId.Length == 0)
        {
            return new(DirectLineTokenStatus.Invalid);
        }

        return _timeProvider.GetUtcNow() >= claims.ExpiresAt
            ? new(DirectLineTokenStatus.Expired, claims)
            : new(DirectLineTokenStatus.Valid, claims);
    }

    private byte[] Sign(string data) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
