using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IndBot.BotFramework.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Abuse;

/// <summary>
/// Memory under a Direct Line flood. Alone in its collection, run after every parallel test, so the managed heap it
/// measures holds only this test's traffic.
/// </summary>
[Collection(AbuseMemoryCollection.Name)]
public sealed class DirectLineMemoryTests(AbuseFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ManyConversationsPostingLargeActivities_MemoryStaysBounded()
    {
        var store = factory.Services.GetRequiredService<DirectLineConversationStore>();
        var limits = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>().Value;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        // 24 conversations × 80 activities of 30 KB: 59 MB posted, of which each conversation may keep 512 KB (12 MB).
        // Measured: kept unbounded (as before the limits) the heap grew by 104 MB; bounded, by about 42 MB.
        var padding = new string('p', 30 * 1024);
        var posted = 0L;
        var bodies = new List<(string Conversation, string Token)>();
        for (var c = 0; c < 24; c++)
        {
            bodies.Add(await StartAsync());
        }

        foreach (var (conversationId, token) in bodies)
        {
            for (var i = 0; i < 80; i++)
            {
                var body = System.Text.Json.JsonSerializer.Serialize(new { type = "message", text = $"fingerprints {i}", channelData = new { padding } });
                using var response = await _client.SendAsync(Post($"/v3/directline/conversations/{conversationId}/activities", token, body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                posted += body.Length;
            }
        }

        using var page = await _client.SendAsync(Get($"/v3/directline/conversations/{bodies[0].Conversation}/activities", bodies[0].Token));
        var pageBytes = (await page.Content.ReadAsByteArrayAsync()).Length;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        Assert.True(posted > 55_000_000, $"posted {posted}");
        Assert.InRange(store.TotalBytes, 1, (store.Count + 1) * limits.MaxBytesPerConversation);
        Assert.InRange(pageBytes, 1, limits.MaxPageBytes + 4096);
        Assert.True(heapAfter - heapBefore < 70_000_000, $"managed heap grew by {(heapAfter - heapBefore) / 1_000_000} MB while {posted / 1_000_000} MB were posted");
    }

    private async Task<(string ConversationId, string Token)> StartAsync()
    {
        using var tokenResponse = await _client.PostAsync("/api/directline/token", JsonContent.Create(new { }));
        tokenResponse.EnsureSuccessStatusCode();
        var token = (string)(await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var start = await _client.SendAsync(Post("/v3/directline/conversations", token, "{}"));
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var body = await start.Content.ReadFromJsonAsync<JsonObject>();
        return ((string)body!["conversationId"]!, (string)body["token"]!);
    }

    private async Task<(JsonArray Activities, string? Watermark)> GetActivitiesAsync(string conversationId, string token, string? watermark)
    {
        using var response = await _client.SendAsync(Get($"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (body!["activities"]!.AsArray(), (string?)body["watermark"]);
    }

    private static HttpRequestMessage Post(string path, string? token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AbuseMemoryCollection : ICollectionFixture<AbuseFactory>
{
    public const string Name = "Abuse host, alone";
}
