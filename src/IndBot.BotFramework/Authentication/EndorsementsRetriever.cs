using System.Text.Json;
using Microsoft.IdentityModel.Protocols;

namespace IndBot.BotFramework.Authentication;

/// <summary>
/// Reads the non-standard <c>endorsements</c> (channel ids) of each key in the Bot Framework JWKS, keyed by <c>kid</c>
/// (as the SDK's <c>EndorsementsRetriever</c>).
/// </summary>
public sealed class EndorsementsRetriever : IConfigurationRetriever<IDictionary<string, HashSet<string>>>
{
    public async Task<IDictionary<string, HashSet<string>>> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentNullException.ThrowIfNull(retriever);

        var metadata = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        string? jwksUri;
        using (var doc = JsonDocument.Parse(metadata))
        {
            jwksUri = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String
                ? uri.GetString()
                : null;
        }

        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(jwksUri))
        {
            return result;
        }

        var keys = await retriever.GetDocumentAsync(jwksUri, cancel).ConfigureAwait(false);
        using var keysDoc = JsonDocument.Parse(keys);
        if (keysDoc.RootElement.ValueKind != JsonValueKind.Object
            || !keysDoc.RootElement.TryGetProperty("keys", out var keyArray)
            || keyArray.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keyArray.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object
                || !key.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || !key.TryGetProperty("endorsements", out var endorsements) || endorsements.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            result[kid.GetString()!] = endorsements.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!)
                .ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }
}
