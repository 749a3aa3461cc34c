using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IndBot.Tests.Staff;

/// <summary>A staff member's browser, in HTTP: opens a page (for its cookies and antiforgery token), then posts as its scripts do.</summary>
public sealed partial class StaffClient(HttpClient http) : IDisposable
{
    private string? _token;

    public HttpClient Http => http;

    public async Task<string> GetPageAsync(string url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        _token = TokenPattern().Match(html).Groups[1].Value;
        return html;
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string url, object body)
    {
        if (_token is null)
        {
            await GetPageAsync("/staff");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", System.Net.WebUtility.HtmlDecode(_token));
        return await http.SendAsync(request);
    }

    public async Task<JsonElement> AskAsync(string question, string channel = "webchat", string language = "auto", string? context = null)
    {
        using var response = await PostJsonAsync("/staff/api/ask", new { question, channel, language, context });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]*)\">")]
    private static partial Regex TokenPattern();
}
