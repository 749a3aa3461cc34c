using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Abuse;

/// <summary>
/// Bodies and headers that are not a proper activity, sent to <c>/api/messages</c>: a short 4xx (or a 200 when the
/// activity is merely odd), never a 5xx, never an error in the log.
/// </summary>
[Collection(AbuseCollection.Name)]
public sealed class MalformedRequestTests(AbuseFactory factory)
{
    private const string Valid = """{"type":"message","deliveryMode":"expectReplies","channelId":"test","conversation":{"id":"abuse"},"from":{"id":"u"},"recipient":{"id":"b"},"serviceUrl":"http://127.0.0.1:9/","text":"fingerprints"}""";

    public static TheoryData<string, string> MalformedJson => new()
    {
        { "truncated", Valid[..40] },
        { "trailing garbage", Valid + "}}}" },
        { "two objects", Valid + Valid },
        { "NaN", """{"type":"message","text":NaN}""" },
        { "single quotes", "{'type':'message'}" },
        { "comment", """{"type":"message" /* hi */}""" },
        { "trailing comma", """{"type":"message",}""" },
        { "unquoted key", """{type:"message"}""" },
        { "null", "null" },
        { "number", "42" },
        { "string", "\"message\"" },
        { "array of activities", "[" + Valid + "]" },
        { "whitespace only", " \r\n\t " },
        { "lone high surrogate escape", """{"type":"message","deliveryMode":"expectReplies","text":"fingerprints \ud800"}""" },
        { "lone low surrogate escape", """{"type":"message","deliveryMode":"expectReplies","text":"\udc00 fingerprints"}""" },
        { "bad escape", """{"type":"message","text":"\x41"}""" },
        { "control character raw in string", "{\"type\":\"message\",\"text\":\"a\u0001b\"}" },
        { "huge number", """{"type":"message","deliveryMode":"expectReplies","text":"hi","channelData":{"n":1e400}}""" },
        { "deep nesting in channelData", """{"type":"message","deliveryMode":"expectReplies","text":"hi","channelData":""" + new string('[', 200) + new string(']', 200) + "}" },
        { "very deep nesting", new string('[', 100_000) + new string(']', 100_000) },
        { "deep object nesting", string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000) },
    };

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Post_MalformedJson_IsA4xxNever5xx(string name, string body)
    {
        var errorsBefore = factory.Errors().Count;

        using var response = await factory.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{name}: {(int)response.StatusCode}");
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
    }

    public static TheoryData<string, string> WrongTypes => new()
    {
        { "type is a number", """{"type":1}""" },
        { "conversation is an array", """{"conversation":[]}""" },
        { "from is a string", """{"from":"me"}""" },
        { "recipient is a number", """{"recipient":5}""" },
        { "entities is an object", """{"entities":{}}""" },
        { "entities of strings", """{"entities":["a",1,true]}""" },
        { "entity without type", """{"entities":[{"mentioned":{"id":"b"}}]}""" },
        { "mention with null text", """{"entities":[{"type":"mention","mentioned":{"id":"b"},"text":null}]}""" },
        { "mention of nobody", """{"entities":[{"type":"mention","mentioned":null}]}""" },
        { "attachments of numbers", """{"attachments":[1,2]}""" },
        { "membersAdded is a string", """{"membersAdded":"everyone"}""" },
        { "timestamp is an object", """{"timestamp":{}}""" },
        { "value is a string", """{"value":"indbot.feedback"}""" },
        { "value is an array", """{"value":[{"type":"indbot.feedback","helpful":true}]}""" },
        { "feedback value with wrong types", """{"value":{"type":"indbot.feedback","helpful":true,"entryId":5,"language":["en"]}}""" },
        { "channelData is a number", """{"channelData":5}""" },
        { "locale is a number", """{"locale":12}""" },
        { "deliveryMode unknown", """{"deliveryMode":"stream"}""" },
        { "text is an object", """{"text":{"en":"hi"}}""" },
        { "suggestedActions junk", """{"suggestedActions":{"actions":[null,1]}}""" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Post_FieldOfTheWrongType_IsNever5xx(string name, string fields)
    {
        var errorsBefore = factory.Errors().Count;
        var body = Valid[..^1] + "," + fields[1..];

        using var response = await factory.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{name}: {(int)response.StatusCode}");
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
    }

    public static TheoryData<string, byte[], string?> RawBodies => new()
    {
        { "invalid UTF-8", [.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8], "application/json" },
        { "UTF-16 body", Encoding.Unicode.GetBytes(Valid), "application/json; charset=utf-16" },
        { "BOM twice", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)], "application/json" },
        { "NUL bytes", [0, 0, 0, 0], "application/json" },
        { "no content type", Encoding.UTF8.GetBytes(Valid), null },
        { "form content type", Encoding.UTF8.GetBytes(Valid), "application/x-www-form-urlencoded" },
        { "json-like content type", Encoding.UTF8.GetBytes(Valid), "application/jsonx" },
        { "content type with odd parameters", Encoding.UTF8.GetBytes(Valid), "application/json; charset=\"\u00e9\"; x=\"" },
        { "just over the size limit", Encoding.UTF8.GetBytes(Valid[..^1] + ",\"channelData\":{\"x\":\"" + new string('x', 256 * 1024) + "\"}}"), "application/json" },
        { "many properties within the size limit", Encoding.UTF8.GetBytes(Valid[..^1] + ",\"channelData\":{" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"k{i}\":{i}")) + "}}"), "application/json" },
        { "many entities within the size limit", Encoding.UTF8.GetBytes(Valid[..^1] + ",\"entities\":[" + string.Join(",", Enumerable.Repeat("""{"type":"mention","mentioned":{"id":"b"},"text":"x"}""", 4000)) + "]}"), "application/json" },
        { "many members", Encoding.UTF8.GetBytes("""{"type":"conversationUpdate","conversation":{"id":"m"},"recipient":{"id":"b"},"membersAdded":[""" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"{{\"id\":\"u{i}\"}}")) + "]}"), "application/json" },
    };

    [Theory]
    [MemberData(nameof(RawBodies))]
    public async Task Post_OddBytesOrContentType_IsNever5xx(string name, byte[] body, string? contentType)
    {
        var errorsBefore = factory.Errors().Count;
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await factory.CreateClient().PostAsync("/api/messages", content);

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{name}: {(int)response.StatusCode}");
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
        if (name == "just over the size limit")
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
    }

    public static TheoryData<string, string> OddIds => new()
    {
        { "conversation id of 100,000 characters", new string('c', 100_000) },
        { "conversation id with CR LF", "conv\r\nX-Injected: 1" },
        { "conversation id with bidi override", "conv\u202Eevil\u202C" },
        { "conversation id with path characters", "../../v3/conversations/other" },
        { "conversation id with percent escapes", "%2e%2e%2F%00" },
        { "conversation id of emoji", "\uD83D\uDE00\uD83D\uDE00" },
        { "conversation id empty", "" },
        { "conversation id of spaces", "   " },
    };

    [Theory]
    [MemberData(nameof(OddIds))]
    public async Task Message_OddConversationId_IsAnsweredNormally(string name, string conversationId)
    {
        var errorsBefore = factory.Errors().Count;
        var bot = new BotClient(factory.CreateClient());

        var replies = await bot.SendAsync(BotClient.Message("When do I give my fingerprints?", conversationId));

        var reply = BotClient.SingleMessage(replies);
        Assert.DoesNotContain("something went wrong", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
        Assert.DoesNotContain(factory.Logs.Logs, l => conversationId.Trim().Length > 3 && l.Message.Contains(conversationId, StringComparison.Ordinal));
    }

    public static TheoryData<string, string?> OddServiceUrls => new()
    {
        { "missing", null },
        { "not a URL", "not a url" },
        { "javascript", "javascript:alert(1)" },
        { "file", "file:///etc/passwd" },
        { "ftp", "ftp://127.0.0.1/" },
        { "relative", "/v3/conversations" },
        { "very long", "http://127.0.0.1:9/" + new string('a', 50_000) },
        { "with CR LF", "http://127.0.0.1:9/\r\nHost: evil" },
        { "not loopback", "https://203.0.113.7/" },
    };

    [Theory]
    [MemberData(nameof(OddServiceUrls))]
    public async Task Message_NormalDeliveryToAnUnusableServiceUrl_Is200WithoutErrorLog(string name, string? serviceUrl)
    {
        var errorsBefore = factory.Errors().Count;
        var activity = BotClient.Message("When do I give my fingerprints?", BotClient.NewConversation(), expectReplies: false);
        if (serviceUrl is null)
        {
            activity.Remove("serviceUrl");
        }
        else
        {
            activity["serviceUrl"] = serviceUrl;
        }

        using var response = await new BotClient(factory.CreateClient()).PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
    }

    [Fact]
    public async Task Invoke_Unhandled_Is501AndOtherActivityTypesAre200()
    {
        var client = factory.CreateClient();
        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var type in new[] { "invoke", "event", "ping", "deleteUserData", "typing", "endOfConversation", "installationUpdate", "messageUpdate", "messageDelete", "trace", "invokeResponse", "handoff", "x\r\ny", new string('t', 10_000) })
        {
            var body = Valid
                .Replace("\"type\":\"message\"", "\"type\":" + System.Text.Json.JsonSerializer.Serialize(type), StringComparison.Ordinal)
                .Replace("\"deliveryMode\":\"expectReplies\",", "", StringComparison.Ordinal);
            using var response = await client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
            statuses[type] = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotImplemented, statuses["invoke"]);
        Assert.All(statuses.Where(s => s.Key != "invoke"), s => Assert.True(s.Value == HttpStatusCode.OK, $"{s.Key[..Math.Min(20, s.Key.Length)]}: {s.Value}"));
    }

    public static TheoryData<string, string> OddAuthorization => new()
    {
        { "Bearer alone", "Bearer" },
        { "Bearer and spaces", "Bearer    " },
        { "malformed JWT", "Bearer e30.a.b.c.d" },
        { "alg none", "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0." },
        { "long token", "Bearer " + new string('a', 8000) + "." + new string('b', 8000) + ".c" },
        { "Basic", "Basic dXNlcjpwYXNz" },
        { "unicode", "Bearer \u00e9\u00e9.\u00e9.\u00e9" },
    };

    [Theory]
    [MemberData(nameof(OddAuthorization))]
    public async Task Post_AuthorizationHeaderWithoutAppId_Is401Never5xx(string name, string authorization)
    {
        var errorsBefore = factory.Errors().Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(Valid, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
        Assert.True(factory.Errors().Count == errorsBefore, $"{name}: {factory.ErrorsSince(errorsBefore)}");
    }

    [Fact]
    public async Task Post_TwoAuthorizationHeaders_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(Valid, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer a.b.c", "Bearer d.e.f"]);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Message_TextAtTheSizeLimit_IsAnsweredPolitely()
    {
        var errorsBefore = factory.Errors().Count;
        var bot = new BotClient(factory.CreateClient());

        var reply = BotClient.SingleMessage(await bot.AskAsync(new string('\u202E', 100) + new string('x', 200_000), BotClient.NewConversation()));

        Assert.Contains("too long", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(errorsBefore, factory.Errors().Count);
    }
}
