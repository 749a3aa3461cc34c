using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework.Tests;

public class SchemaTests
{
    private const string TeamsMessage = """
        {"type":"message","id":"1481567603816","timestamp":"2017-10-29T00:51:05.9908157Z","serviceUrl":"https://smba.trafficmanager.net/amer/",
         "channelId":"msteams","from":{"id":"29:9e52","name":"Jane Smith","aadObjectId":"aad-1","userPrincipalName":"jane@contoso.com"},
         "conversation":{"id":"19:aebd@thread.skype;messageid=1481567603816","conversationType":"channel","isGroup":true,"tenantId":"72f9"},
         "recipient":{"id":"28:app","name":"IndBot"},"text":"<at>IndBot</at> help","textFormat":"plain","locale":"en-US",
         "entities":[{"type":"mention","mentioned":{"id":"28:app","name":"IndBot"},"text":"<at>IndBot</at>"},
                     {"type":"clientInfo","locale":"en-US","country":"US","platform":"Windows","timezone":"America/Los_Angeles"}],
         "channelData":{"tenant":{"id":"72f9"},"team":{"id":"19:team@thread.skype"}},
         "localTimezone":"Europe/Amsterdam","someFutureField":{"nested":[1,2,3]}}
        """;

    [Fact]
    public void Deserialize_Serialize_KeepsUnknownFieldsAndChannelData()
    {
        var activity = JsonSerializer.Deserialize(TeamsMessage, BotJsonContext.Default.Activity)!;

        var json = JsonNode.Parse(JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity))!;

        Assert.Equal(JsonNode.Parse("""{"nested":[1,2,3]}""")!.ToJsonString(), json["someFutureField"]!.ToJsonString());
        Assert.Equal("jane@contoso.com", (string?)json["from"]!["userPrincipalName"]);
        Assert.Equal("72f9", (string?)json["channelData"]!["tenant"]!["id"]);
        Assert.Equal("Windows", (string?)json["entities"]![1]!["platform"]);
        Assert.Equal("19:aebd@thread.skype;messageid=1481567603816", (string?)json["conversation"]!["id"]);
        Assert.Equal("channel", (string?)json["conversation"]!["conversationType"]);
    }

    [Fact]
    public void Serialize_UsesCamelCaseAndOmitsNulls()
    {
        var json = JsonSerializer.Serialize(MessageFactory.Text("hi"), BotJsonContext.Default.Activity);

        Assert.Equal("""{"type":"message","text":"hi","inputHint":"acceptingInput"}""", json);
    }

    [Theory]
    [InlineData("2017-03-13T09:29:50.2841633Z")]
    [InlineData("2024-05-01T10:00:00-07:00")]
    [InlineData("2024-05-01T17:00:00+00:00")]
    [InlineData("2024-05-01T17:00:00Z")]
    public void Deserialize_TimestampsInRealClientFormats_Parse(string timestamp)
    {
        var activity = JsonSerializer.Deserialize($$"""{"type":"message","timestamp":"{{timestamp}}","localTimestamp":"{{timestamp}}"}""", BotJsonContext.Default.Activity)!;

        Assert.NotNull(activity.Timestamp);
        Assert.NotNull(activity.LocalTimestamp);
    }

    [Fact]
    public void Deserialize_UnreadableTimestamp_BecomesNullInsteadOfFailing()
    {
        var activity = JsonSerializer.Deserialize("""{"type":"message","timestamp":"yesterday","localTimestamp":12}""", BotJsonContext.Default.Activity)!;

        Assert.Null(activity.Timestamp);
        Assert.Null(activity.LocalTimestamp);
    }

    [Fact]
    public void Deserialize_MiscasedFieldNames_AreAccepted()
    {
        var activity = JsonSerializer.Deserialize("""{"Type":"message","TEXT":"hi"}""", BotJsonContext.Default.Activity)!;

        Assert.Equal("message", activity.Type);
        Assert.Equal("hi", activity.Text);
    }

    [Fact]
    public void CreateReply_SwapsAccountsAndCopiesAddress()
    {
        var incoming = JsonSerializer.Deserialize(TeamsMessage, BotJsonContext.Default.Activity)!;

        var reply = incoming.CreateReply("answer");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("28:app", reply.From!.Id);
        Assert.Equal("IndBot", reply.From.Name);
        Assert.Equal(RoleTypes.Bot, reply.From.Role);
        Assert.Equal("29:9e52", reply.Recipient!.Id);
        Assert.Equal("Jane Smith", reply.Recipient.Name);
        Assert.Equal(incoming.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal("72f9", reply.Conversation.TenantId);
        Assert.Equal("msteams", reply.ChannelId);
        Assert.Equal("https://smba.trafficmanager.net/amer/", reply.ServiceUrl);
        Assert.Equal("en-US", reply.Locale);
        Assert.Equal("1481567603816", reply.ReplyToId);
        Assert.Equal("answer", reply.Text);
    }

    [Fact]
    public void CreateReply_WithoutRecipient_DoesNotThrow()
    {
        var incoming = new Activity { Type = ActivityTypes.Message, From = new ChannelAccount("u1") };

        var reply = incoming.CreateReply("x");

        Assert.Null(reply.From!.Id);
        Assert.Equal("u1", reply.Recipient!.Id);
    }

    [Fact]
    public void HeroCard_ToAttachment_HasContentTypeAndCamelCaseContent()
    {
        var card = new HeroCard { Title = "Title", Buttons = [new CardAction(ActionTypes.ImBack, "Yes", "yes")] };

        var attachment = card.ToAttachment();

        Assert.Equal("application/vnd.microsoft.card.hero", attachment.ContentType);
        Assert.Equal("""{"title":"Title","buttons":[{"type":"imBack","title":"Yes","value":"yes"}]}""", attachment.Content!.Value.GetRawText());
    }

    [Fact]
    public void AdaptiveCard_FromRawJson_IsSentUnchanged()
    {
        var attachment = Attachment.AdaptiveCard("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Hi"}]}""");
        var activity = MessageFactory.Attachment(attachment);

        var json = JsonNode.Parse(JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity))!;

        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)json["attachments"]![0]!["contentType"]);
        Assert.Equal("1.5", (string?)json["attachments"]![0]!["content"]!["version"]);
        Assert.Equal("Hi", (string?)json["attachments"]![0]!["content"]!["body"]![0]!["text"]);
    }

    [Fact]
    public void SuggestedActions_FromStrings_AreImBackWithStringValues()
    {
        var activity = MessageFactory.SuggestedActions(["Status", "Help"], "Pick one");

        var json = JsonSerializer.Serialize(activity.SuggestedActions!, BotJson.Options);

        Assert.Equal("""{"actions":[{"type":"imBack","title":"Status","value":"Status"},{"type":"imBack","title":"Help","value":"Help"}]}""", json);
    }

    [Fact]
    public void ExpectedReplies_SerializesActivitiesArray()
    {
        var json = JsonSerializer.Serialize(new ExpectedReplies { Activities = [MessageFactory.Text("a")] }, BotJsonContext.Default.ExpectedReplies);

        Assert.Equal("""{"activities":[{"type":"message","text":"a","inputHint":"acceptingInput"}]}""", json);
    }

    [Fact]
    public void BotJsonOptions_SerializeArbitraryValues()
    {
        var element = BotJson.ToElement(new { Verb = "approve", Id = 42 });

        Assert.Equal("""{"verb":"approve","id":42}""", element.GetRawText());
    }

    [Theory]
    [InlineData("<at>IndBot</at> how do I renew?", "how do I renew?")]
    [InlineData("how do I renew <at>IndBot</at>", "how do I renew")]
    [InlineData("<AT>IndBot</AT>   question", "question")]
    [InlineData("no mention here", "no mention here")]
    public void RemoveRecipientMention_StripsOnlyTheBotsMention(string text, string expected)
    {
        var activity = MentionActivity(text);

        var result = activity.RemoveRecipientMention();

        Assert.Equal(expected, result);
        Assert.Equal(expected, activity.Text);
    }

    [Fact]
    public void RemoveRecipientMention_KeepsMentionsOfOthers()
    {
        var activity = MentionActivity("<at>IndBot</at> ask <at>Jane</at>");
        activity.Entities!.Add(Entity.From(new Mention { Mentioned = new ChannelAccount("29:jane", "Jane"), Text = "<at>Jane</at>" }));

        Assert.Equal("ask <at>Jane</at>", activity.RemoveRecipientMention());
    }

    [Fact]
    public void RemoveRecipientMention_WithoutRecipientOrEntities_OnlyTrims()
    {
        var activity = new Activity { Type = ActivityTypes.Message, Text = "  <at>IndBot</at> hi " };

        Assert.Equal("<at>IndBot</at> hi", activity.RemoveRecipientMention());
    }

    [Fact]
    public void StripControlCharacters_KeepsNewlineAndTab()
    {
        Assert.Equal("a\nb\tc d", ActivityExtensions.StripControlCharacters("a\u0000\nb\tc\u001b \u007fd\r"));
    }

    private static Activity MentionActivity(string text) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount("28:app", "IndBot"),
        Entities = [Entity.From(new Mention { Mentioned = new ChannelAccount("28:app", "IndBot"), Text = "<at>IndBot</at>" })],
    };
}
