using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework;
using IndBot.BotFramework.DirectLine;
using IndBot.ClientApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IndBot.Browser.Tests.Infrastructure;

/// <summary>
/// A minimal host with the Direct Line endpoint, the widget routes and <see cref="EchoBot"/>: in memory (TestServer) for the
/// HTTP tests, or on Kestrel (127.0.0.1, free port) for the browser tests.
/// </summary>
public sealed class DirectLineTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DirectLineTestHost(WebApplication app, FakeTimeProvider? time)
    {
        _app = app;
        Time = time;
    }

    public FakeTimeProvider? Time { get; }

    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<DirectLineTestHost> StartInMemoryAsync(Dictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var app = Build(settings, time, kestrel: false);
        await app.StartAsync();
        return new DirectLineTestHost(app, time);
    }

    public static async Task<DirectLineTestHost> StartKestrelAsync(Dictionary<string, string?>? settings = null)
    {
        var app = Build(settings, time: null, kestrel: true);
        await app.StartAsync();
        return new DirectLineTestHost(app, null);
    }

    public HttpClient CreateClient() => _app.GetTestServer().CreateClient();

    /// <summary>A WebSocket client of the in-memory server (for the Direct Line stream).</summary>
    public WebSocketClient CreateWebSocketClient() => _app.GetTestServer().CreateWebSocketClient();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static WebApplication Build(Dictionary<string, string?>? settings, TimeProvider? time, bool kestrel)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            WebRootPath = Path.Combine(RepoPaths.Root, "src", "IndBot", "wwwroot"),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddBotFramework(builder.Configuration);
        builder.Services.AddSingleton<IBot, EchoBot>();
        builder.Services.AddDirectLine(builder.Configuration);

        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapChatWidget();
        app.MapDirectLine();
        return app;
    }
}

/// <summary>Client-side helpers speaking Direct Line the way DirectLineJS does.</summary>
public static class DirectLineClient
{
    public static async Task<(string ConversationId, string Token)> GetTokenAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return ((string)body!["conversationId"]!, (string)body["token"]!);
    }

    public static async Task<(string ConversationId, string Token)> StartAsync(HttpClient client, string locale = "en-US")
    {
        var body = await StartConversationAsync(client, locale);
        return ((string)body["conversationId"]!, (string)body["token"]!);
    }

    /// <summary>Starts a conversation as DirectLineJS does and returns the whole Conversation response (with its streamUrl).</summary>
    public static async Task<JsonObject> StartConversationAsync(HttpClient client, string locale = "en-US")
    {
        var (_, token) = await GetTokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations")
        {
            Content = JsonContent.Create(new { user = new { id = "ignored" }, locale }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static async Task<HttpResponseMessage> PostMessageAsync(HttpClient client, string conversationId, string token, string text, string clientActivityId = "client-1", string locale = "en-US")
    {
        using var request = Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token, new
        {
            type = "message",
            text,
            textFormat = "plain",
            channelId = "webchat",
            locale,
            from = new { id = "someone-else", name = "", role = "user" },
            channelData = new { clientActivityID = clientActivityId, attachmentSizes = Array.Empty<int>() },
        });
        return await client.SendAsync(request);
    }

    public static async Task<(JsonArray Activities, string Watermark)> GetActivitiesAsync(HttpClient client, string conversationId, string token, string? watermark = null)
    {
        using var request = Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (body!["activities"]!.AsArray(), (string)body["watermark"]!);
    }

    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;
    }
}

public static class RepoPaths
{
    /// <summary>The repository root: the nearest parent folder of the test binaries with IndBot.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IndBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IndBot.sln not found above " + AppContext.BaseDirectory);
    }
}
