using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Exchanges the Direct Line secret for a conversation token at Azure (server-side, so the secret never reaches the browser).</summary>
public sealed class AzureDirectLineTokenClient
{
    private readonly HttpClient _httpClient;
    private readonly IOptionsMonitor<DirectLineOptions> _options;

    public AzureDirectLineTokenClient(HttpClient httpClient, IOptionsMonitor<DirectLineOptions> options)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public async Task<DirectLineConversationResponse> GenerateTokenAsync(string userId, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, options.GenerateTokenUrl)
        {
            Content = JsonContent.Create(new { user = new { id = userId } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Secret);
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<DirectLineConversationResponse>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("Direct Line returned an empty token response.");

        // ".../v3/directline/tokens/generate" → ".../v3/directline": the domain Web Chat must use with this token.
        var url = options.GenerateTokenUrl.AbsoluteUri;
        var marker = url.LastIndexOf("/tokens/", StringComparison.Ordinal);
        body.Domain = marker > 0 ? url[..marker] : url;
        return body;
    }
}
