using System.Net;
using System.Text.Json;
using IndBot.BotFramework.Schema;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Abuse;

/// <summary>
/// Valid activities with odd content: the user gets a real answer (never the "something went wrong" reply) and nothing
/// is logged as an error.
/// </summary>
[Collection(AbuseCollection.Name)]
public sealed class OddActivityTests(AbuseFactory factory)
{
    private const string ErrorReplyStart = "Sorry, something went wrong";

    private readonly BotClient _bot = new(factory.CreateClient());

    public static TheoryData<string, string> OddActivities => new()
    {
        { "entities [null]", """{"entities":[null],"text":"Where is the desk in Utrecht?"}""" },
        { "entities [null, mention]", """{"entities":[null,{"type":"mention","mentioned":{"id":"bot-1"},"text":"<at>IndBot</at>"}],"text":"<at>IndBot</at> fingerprints"}""" },
        { "attachments [null]", """{"attachments":[null],"text":"fingerprints"}""" },
        { "reactionsAdded [null] on a message", """{"reactionsAdded":[null],"text":"fingerprints"}""" },
        { "U+FFFE in the text", "{\"text\":\"Where is the desk \uFFFE in Utrecht?\"}" },
        { "U+FFFF in the text", "{\"text\":\"fingerprints \uFFFF\"}" },
        { "only U+FFFE", "{\"text\":\"\uFFFE\uFFFE\"}" },
        { "bidi override", "{\"text\":\"\u202Ewhere is the desk\u202C in Utrecht\u2066?\u2069\"}" },
        { "zero-width everywhere", "{\"text\":\"f\u200Bi\u200Cn\u200Dg\u2060e\uFEFFrprints\"}" },
        { "NUL and ESC", "{\"text\":\"\\u0000\\u001b[2J fingerprints \\u0007\"}" },
        { "combining marks", "{\"text\":\"fi\u0301\u0301\u0301\u0301ngerprints\"}" },
        { "emoji only", "{\"text\":\"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"}" },
        { "locale garbage", """{"locale":"\u0000xx-\u202E-ZZ-toolongtoolongtoolongtoolongtoolong","text":"fingerprints"}""" },
        { "conversation id with separators", """{"conversation":{"id":"../../a|b;c:d@e%2F?#"},"text":"fingerprints"}""" },
    };

    [Theory]
    [MemberData(nameof(OddActivities))]
    public async Task Message_OddButValid_IsAnsweredWithoutErrorReplyOrErrorLog(string name, string fields)
    {
        var errorsBefore = factory.Errors().Count;
        var activity = BotClient.Message("placeholder", BotClient.NewConversation());
        foreach (var (key, value) in JsonNodeObject(fields))
        {
            activity[key] = value;
        }

        var replies = await _bot.SendAsync(activity);

        var reply = BotClient.SingleMessage(replies);
        Assert.False(reply.Text?.StartsWith(ErrorReplyStart, StringComparison.Ordinal) == true, $"{name}: got the error reply");
        Assert.Equal(errorsBefore, factory.Errors().Count);
    }

    public static TheoryData<string, string> OddConversationUpdates => new()
    {
        { "membersAdded [null]", """{"type":"conversationUpdate","membersAdded":[null]}""" },
        { "membersRemoved [null]", """{"type":"conversationUpdate","membersRemoved":[null]}""" },
        { "membersAdded [null, user]", """{"type":"conversationUpdate","membersAdded":[null,{"id":"user-1"}]}""" },
        { "membersAdded [{}]", """{"type":"conversationUpdate","membersAdded":[{}]}""" },
        { "reactionsAdded [null]", """{"type":"messageReaction","reactionsAdded":[null],"reactionsRemoved":[null]}""" },
        { "reaction type forging a log line", """{"type":"messageReaction","reactionsAdded":[{"type":"\r\n[Error] x\u001b"}]}""" },
    };

    [Theory]
    [MemberData(nameof(OddConversationUpdates))]
    public async Task OtherActivity_OddButValid_Is200WithoutErrorLog(string name, string fields)
    {
        var errorsBefore = factory.Errors().Count;
        var logsBefore = factory.Logs.Logs.Count;
        var activity = BotClient.Message("", BotClient.NewConversation());
        activity.Remove("text");
        foreach (var (key, value) in JsonNodeObject(fields))
        {
            activity[key] = value;
        }

        using var response = await _bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(ErrorReplyStart, body, StringComparison.Ordinal);
        Assert.True(errorsBefore == factory.Errors().Count, $"{name}: {string.Join("\n", factory.Errors().Skip(errorsBefore).Select(e => e.Message + e.Exception))}");
        Assert.DoesNotContain(factory.Logs.Logs.Skip(logsBefore), l => l.Message.IndexOfAny(['\r', '\n', '\u001b']) >= 0);
    }

    private static IEnumerable<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> JsonNodeObject(string json)
    {
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var pairs = parsed.ToList();
        parsed.Clear();
        return pairs;
    }
}
