using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.BotFramework.Schema;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Bot;

[Collection(HostCollection.Name)]
public sealed class MessagesEndpointTests(IndBotFactory factory)
{
    private readonly BotClient _bot = new(factory.CreateClient());

    [Fact]
    public async Task Message_DeskQuestion_RepliesWithDeskCard()
    {
        var replies = await _bot.AskAsync("Where is the IND desk in Utrecht?", BotClient.NewConversation());

        var reply = BotClient.SingleMessage(replies);
        var card = Assert.Single(reply.Attachments!, a => a.ContentType == AttachmentContentTypes.AdaptiveCard);
        var json = card.Content!.Value.GetRawText();
        Assert.Contains("Bergstraat 58", json);
        Assert.Contains("Action.OpenUrl", json);
        Assert.Contains("openstreetmap.org", json);
        Assert.Equal("en-US", reply.Locale);
        Assert.Equal("IND Utrecht", reply.Summary);
    }

    [Fact]
    public async Task Message_BiometricsQuestion_AnswersInMarkdownWithSourceAndFeedback()
    {
        var replies = await _bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation());

        var reply = BotClient.SingleMessage(replies);
        Assert.Equal(TextFormatTypes.Markdown, reply.TextFormat);
        Assert.Contains("biometric", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Source:", reply.Text);
        // Feedback is on the answer itself (Web Chat's thumbs), not a separate "Was this helpful?" card.
        Assert.Null(reply.Attachments);
        var message = Assert.Single(reply.Entities!, e => e.Type == "https://schema.org/Message");
        var actions = message.Properties!["potentialAction"].EnumerateArray().ToList();
        Assert.Equal(["LikeAction", "DislikeAction"], actions.Select(a => a.GetProperty("@type").GetString()));
        Assert.Equal("", message.Properties["@id"].GetString());
        Assert.All(actions, a => Assert.Equal("indbot:feedback/en/biometrics", a.GetProperty("@id").GetString()));
    }

    [Fact]
    public async Task Message_DutchQuestion_RepliesInDutchLocale()
    {
        var replies = await _bot.AskAsync("Waar is het IND-loket in Utrecht?", BotClient.NewConversation(), locale: "nl-NL");

        var reply = BotClient.SingleMessage(replies);
        Assert.Equal("nl-NL", reply.Locale);
        Assert.Contains("Bekijk op de kaart", BotClient.Json(reply));
    }

    [Fact]
    public async Task Message_AmbiguousQuestion_OffersUpToThreeImBackOptions()
    {
        VagueWordEngine.Install(factory, "travel");
        var replies = await _bot.AskAsync("travel", BotClient.NewConversation());

        var reply = BotClient.SingleMessage(replies);
        Assert.NotNull(reply.SuggestedActions);
        var actions = reply.SuggestedActions.Actions;
        Assert.InRange(actions.Count, 1, 3);
        Assert.All(actions, a =>
        {
            Assert.Equal(ActionTypes.ImBack, a.Type);
            Assert.False(string.IsNullOrWhiteSpace(a.Value?.GetString()));
        });
    }

    [Fact]
    public async Task Message_ClarificationOption_SendsAQuestionThatIsAnswered()
    {
        VagueWordEngine.Install(factory, "travel");
        var conversation = BotClient.NewConversation();
        var options = BotClient.SingleMessage(await _bot.AskAsync("travel", conversation)).SuggestedActions!.Actions;

        var answer = BotClient.SingleMessage(await _bot.AskAsync(options[0].Value!.Value.GetString()!, conversation));

        Assert.Null(answer.SuggestedActions);
        Assert.Contains(answer.Entities!, e => e.Type == "https://schema.org/Message"); // an answer: it can be rated
    }

    [Fact]
    public async Task Message_OutOfScope_FallsBackWithPhoneButton()
    {
        var replies = await _bot.AskAsync("Is the Rotterdam zoo open on Sunday?", BotClient.NewConversation());

        var reply = BotClient.SingleMessage(replies);
        Assert.Contains("088 0430 430", reply.Text);
        var card = Assert.Single(reply.Attachments!);
        var button = card.Content!.Value.GetProperty("buttons")[0];
        Assert.Equal("openUrl", button.GetProperty("type").GetString());
        Assert.Equal("tel:+31880430430", button.GetProperty("value").GetString());
        Assert.Equal("Call the IND", button.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Message_Greeting_RepliesWithSmallTalk()
    {
        var reply = BotClient.SingleMessage(await _bot.AskAsync("hello", BotClient.NewConversation()));

        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Null(reply.Attachments);
    }

    [Fact]
    public async Task Message_FeedbackButtonValue_ThanksWithoutAskingTheEngine()
    {
        var activity = BotClient.Message("No", BotClient.NewConversation());
        activity["value"] = new JsonObject { ["type"] = "indbot.feedback", ["helpful"] = false, ["entryId"] = "biometrics", ["language"] = "nl" };

        var reply = BotClient.SingleMessage(await _bot.SendAsync(activity));

        Assert.Equal("Bedankt voor uw feedback!", reply.Text);
    }

    [Fact]
    public async Task Message_SubmittedCardButtonWithoutText_AsksItsQuestion()
    {
        // Web Chat sends a pressed Action.Submit whose data is an object as a message with that value and no text.
        var activity = BotClient.Message("", BotClient.NewConversation(), "webchat");
        activity.Remove("text");
        activity["value"] = new JsonObject { ["msteams"] = new JsonObject { ["type"] = "imBack", ["value"] = "Where is the IND desk in Utrecht?" } };

        var reply = BotClient.SingleMessage(await _bot.SendAsync(activity));

        Assert.Contains("Bergstraat 58", BotClient.Json(reply));
    }

    [Fact]
    public async Task Message_OnWebChatWithExpectReplies_AnswerWithoutTyping()
    {
        // The body arrives at once: a typing activity in it could never be shown before the answer.
        var replies = await _bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation(), channelId: "webchat");

        Assert.Equal(ActivityTypes.Message, Assert.Single(replies).Type);
    }

    [Fact]
    public async Task Message_OnEmulator_IsFollowedByAnswerTrace()
    {
        var replies = await _bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation(), channelId: "emulator");

        var trace = Assert.Single(replies, a => a.Type == ActivityTypes.Trace);
        Assert.Equal("IndBot.Answer", trace.Name);
        Assert.Equal("IndBot answer decision", trace.Label);
        Assert.Equal("https://indbot/answer-decision", trace.ValueType);
        var value = trace.Value!.Value;
        Assert.Equal("answer", value.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(value.GetProperty("entryId").GetString()));
        Assert.Equal("en", value.GetProperty("language").GetString());
        Assert.True(value.GetProperty("confidence").GetDouble() > 0);
        var candidate = value.GetProperty("candidates")[0];
        Assert.True(candidate.TryGetProperty("entryId", out _) && candidate.TryGetProperty("title", out _) && candidate.TryGetProperty("score", out _));
        Assert.Equal(ActivityTypes.Trace, replies[^1].Type);
    }

    [Theory]
    [InlineData("Is the Rotterdam zoo open on Sunday?", "fallback")]
    [InlineData("hello", "smalltalk")]
    [InlineData("travel", "clarification")]
    public async Task Message_OnEmulator_TraceNamesTheKind(string text, string kind)
    {
        VagueWordEngine.Install(factory, "travel");
        var replies = await _bot.AskAsync(text, BotClient.NewConversation(), channelId: "emulator");

        var trace = Assert.Single(replies, a => a.Type == ActivityTypes.Trace);
        Assert.Equal(kind, trace.Value!.Value.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Message_OnOtherChannel_HasNoTrace()
    {
        var replies = await _bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation(), channelId: "directline");

        Assert.DoesNotContain(replies, a => a.Type == ActivityTypes.Trace);
    }

    [Fact]
    public async Task ConversationUpdate_UserAdded_WelcomesWithStarters()
    {
        var activity = ConversationUpdate(BotClient.NewConversation(), "emulator", "user-1", "bot-1");

        var reply = BotClient.SingleMessage(await _bot.SendAsync(activity));

        Assert.StartsWith("Hello, I'm IndBot", reply.Text);
        Assert.InRange(reply.SuggestedActions!.Actions.Count, 3, 4);
        Assert.Contains(reply.SuggestedActions.Actions, a => a.Type == ActivityTypes.Message || a.Value?.GetString() == "Where is the IND desk in Utrecht?");
    }

    [Fact]
    public async Task ConversationUpdate_DutchLocale_WelcomesInDutch()
    {
        var activity = ConversationUpdate(BotClient.NewConversation(), "webchat", "user-1");
        activity["locale"] = "nl-BE";

        var reply = BotClient.SingleMessage(await _bot.SendAsync(activity));

        Assert.StartsWith("Hallo, ik ben IndBot", reply.Text);
        Assert.Equal("nl-NL", reply.Locale);
    }

    [Fact]
    public async Task ConversationUpdate_OnlyBotAdded_NoWelcome()
    {
        var replies = await _bot.SendAsync(ConversationUpdate(BotClient.NewConversation(), "emulator", "bot-1"));

        Assert.Empty(replies);
    }

    [Fact]
    public async Task ConversationUpdate_EmptyMembersAndNoRecipient_Accepted()
    {
        var activity = new JsonObject
        {
            ["type"] = "conversationUpdate",
            ["channelId"] = "directline",
            ["conversation"] = new JsonObject { ["id"] = BotClient.NewConversation() },
            ["membersAdded"] = new JsonArray(),
        };

        var replies = await _bot.SendAsync(activity);

        Assert.Empty(replies);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("event")]
    [InlineData("messageReaction")]
    [InlineData("endOfConversation")]
    [InlineData("installationUpdate")]
    [InlineData("somethingNew")]
    public async Task OtherActivityTypes_Return200(string type)
    {
        var activity = BotClient.Message("", BotClient.NewConversation(), expectReplies: false);
        activity["type"] = type;
        activity["serviceUrl"] = null;
        if (type == "messageReaction")
        {
            activity["reactionsAdded"] = new JsonArray(new JsonObject { ["type"] = "like" });
        }

        using var response = await _bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_Unhandled_Returns501()
    {
        var activity = BotClient.Message("", BotClient.NewConversation(), expectReplies: false);
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";

        using var response = await _bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    internal static JsonObject ConversationUpdate(string conversationId, string channelId, params string[] added) => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = "cu-1",
        ["channelId"] = channelId,
        ["serviceUrl"] = "http://127.0.0.1:9/",
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["from"] = new JsonObject { ["id"] = "user-1" },
        ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "IndBot" },
        ["membersAdded"] = new JsonArray(added.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray()),
    };
}
