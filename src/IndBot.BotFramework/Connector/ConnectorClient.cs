using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.Connector;

public sealed class ConnectorClient : IConnectorClient
{
    /// <summary>Name of the resilient HttpClient registered for Connector calls.</summary>
    public const string HttpClientName = "IndBot.BotFramework.Connector";

    /// <summary>
    /// Shaped like the SDK's (<c>Microsoft-BotFramework/3.1 BotBuilder/4.x (…)</c>): channels and proxies recognise a
    /// Bot Framework client by its first product.
    /// </summary>
    public static readonly string UserAgent =
        $"Microsoft-BotFramework/3.1 IndBot.BotFramework/{typeof(ConnectorClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"} " +
        $"({System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Replace('(', '[').Replace(')', ']')})";

    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly IAccessTokenProvider? _tokenProvider;

    /// <param name="tokenProvider">Null sends no Authorization header (auth disabled or serviceUrl not proven by a token).</param>
    public ConnectorClient(HttpClient httpClient, string serviceUrl, IAccessTokenProvider? tokenProvider)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        BaseUri = ParseServiceUrl(serviceUrl);
        _tokenProvider = tokenProvider;
    }

    /// <summary>
    /// The serviceUrl as the base of every reply URL, built from the parsed URL (not by joining strings): the path part
    /// is kept (Teams: https://smba.trafficmanager.net/amer/), a query, fragment or user info is dropped, so a caller
    /// cannot pick the exact path ("…/x#" would swallow the rest) or smuggle credentials.
    /// </summary>
    public static Uri ParseServiceUrl(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("serviceUrl must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        var builder = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty, UserName = string.Empty, Password = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    public Uri BaseUri { get; }

    public Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        return PostAsync($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);
    }

    public Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        return PostAsync($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, cancellationToken);
    }

    private async Task<ResourceResponse> PostAsync(string relativePath, Activity activity, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUri, relativePath);
        using var response = await SendAsync(uri, activity, forceTokenRefresh: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _tokenProvider is not null)
        {
            // SDK: on 401 from the channel, refresh the token once.
            using var retry = await SendAsync(uri, activity, forceTokenRefresh: true, cancellationToken).ConfigureAwait(false);
            return await ReadResponseAsync(retry, cancellationToken).ConfigureAwait(false);
        }

        return await ReadResponseAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, Activity activity, bool forceTokenRefresh, CancellationToken cancellationToken)
    {
        // Serialized up front, not streamed: the request carries Content-Length, as the SDK's do, instead of a chunked body.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(activity, BotJsonContext.Default.Activity));
        content.Headers.ContentType = JsonContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (_tokenProvider is not null)
        {
            var token = await _tokenProvider.GetTokenAsync(forceTokenRefresh, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ResourceResponse> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is not (200 or 201 or 202))
        {
            throw new ConnectorException(status, $"The Bot Connector answered {status}.");
        }

        if (status != 200)
        {
            return new ResourceResponse();
        }

        // Tolerate empty or non-JSON bodies (offline-directline answers 200 with no body).
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ResourceResponse();
        }

        try
        {
            return JsonSerializer.Deserialize(body, BotJsonContext.Default.ResourceResponse) ?? new ResourceResponse();
        }
        catch (JsonException)
        {
            return new ResourceResponse();
        }
    }
}

public sealed class ConnectorClientFactory : IConnectorClientFactory
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IAccessTokenProvider _tokenProvider;
    private readonly IOptionsMonitor<ConnectorClientOptions> _options;

    public ConnectorClientFactory(IHttpClientFactory httpClientFactory, IAccessTokenProvider tokenProvider, IOptionsMonitor<ConnectorClientOptions> options)
    {
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _tokenProvider = tokenProvider ?? throw new ArgumentNullException(nameof(tokenProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public IConnectorClient Create(string serviceUrl, bool serviceUrlVerified)
    {
        // Without a token proving it, a serviceUrl is just what the caller wrote: loopback (the Emulator, a local Direct
        // Line bridge) or what the operator listed, nothing else. Checked on the parsed URL, as HttpClient will connect:
        // decimal, hex and short IPv4 forms are parsed to the address they mean.
        if (!serviceUrlVerified && !_options.CurrentValue.AllowsUnverified(ConnectorClient.ParseServiceUrl(serviceUrl)))
        {
            throw new ServiceUrlNotAllowedException("The serviceUrl of an unauthenticated request is neither loopback nor in Connector:AllowedServiceUrls.");
        }

        return new ConnectorClient(
            _httpClientFactory.CreateClient(ConnectorClient.HttpClientName),
            serviceUrl,
            serviceUrlVerified && _tokenProvider.IsEnabled ? _tokenProvider : null);
    }
}
