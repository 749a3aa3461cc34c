using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework.Schema;

namespace IndBot.Tests.Infrastructure;

/// <summary>Posts activities to /api/messages the way channels do.</summary>
public sealed class BotClient(HttpClient http)
{
    public static JsonObject Message(string text, string conversationId = "conv-1", string channelId = "test", string? locale = "en-US", bool expectReplies = true)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = channelId,
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = "user-1", ["name"] = "User" },
            ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "IndBot" },
            ["text"] = text,
        };
        if (locale is not null)
        {
            activity["locale"] = locale;
        }

        if (expectReplies)
        {
            activity["deliveryMode"] = "expectReplies";
        }

        return activity;
    }

    public static string NewConversation() => "conv-" + Guid.NewGuid().ToString("N");

    public Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json") =>
        http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> PostAsync(JsonObject activity) =>
        PostRawAsync(activity.ToJsonString());

    /// <summary>Posts an expectReplies activity and returns the replies.</summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(JsonObject activity)
    {
        activity["deliveryMode"] = "expectReplies";
        using var response = await PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await response.Content.ReadFromJsonAsync(BotJsonContext.Default.ExpectedReplies);
        Assert.NotNull(replies);
        return [.. replies.Activities];
    }

    public Task<IReadOnlyList<Activity>> AskAsync(string text, string conversationId, string channelId = "test", string? locale = "en-US") =>
        SendAsync(Message(text, conversationId, channelId, locale));

    /// <summary>The one message reply (typing and trace activities left out).</summary>
    public static Activity SingleMessage(IReadOnlyList<Activity> replies) =>
        Assert.Single(replies, a => a.Type == ActivityTypes.Message);

    /// <summary>Text, cards and buttons of a reply as one JSON string, to search.</summary>
    public static string Json(Activity activity) => JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity);
}
