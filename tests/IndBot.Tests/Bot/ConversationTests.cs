using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Bot;

/// <summary>Conversations as tables: what the user says, and what the bot's reply must contain, through one conversation id.</summary>
[Collection(HostCollection.Name)]
public sealed class ConversationTests(IndBotFactory factory)
{
    private readonly BotClient _bot = new(factory.CreateClient());

    public static TheoryData<string, (string Says, string Expect)[]> Conversations => new()
    {
        { "zwolle-hours", [("Where is the Zwolle desk?", "Zwolle"), ("and its opening hours?", "Zwolle")] },
        { "phone-abroad", [("What is the IND phone number?", "088 0430 430"), ("and from abroad?", "+31 88 0430 430")] },
        { "which-desk", [("I want to go to an IND desk", "IND desk"), ("Utrecht", "Bergstraat 58")] },
        { "dutch-follow-up", [("Waar is het loket in Zwolle?", "Zwolle"), ("en de openingstijden?", "Zwolle")] },
    };

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task Conversation_FollowUps_UseTheContext(string name, (string Says, string Expect)[] turns)
    {
        var conversation = BotClient.NewConversation() + name;
        foreach (var (says, expect) in turns)
        {
            var reply = BotClient.SingleMessage(await _bot.AskAsync(says, conversation));
            Assert.Contains(expect, BotClient.Json(reply).Replace("\\u002B", "+"));
        }
    }

    [Fact]
    public async Task Conversation_ZwolleFollowUp_AnswersWithZwolleHours()
    {
        var conversation = BotClient.NewConversation();
        await _bot.AskAsync("Where is the Zwolle desk?", conversation);

        var reply = BotClient.SingleMessage(await _bot.AskAsync("and its opening hours?", conversation));

        var json = BotClient.Json(reply);
        Assert.Contains("IND Zwolle", json);
        Assert.Contains("Opening hours", json);
    }

    [Fact]
    public async Task Conversation_OtherConversation_DoesNotShareContext()
    {
        await _bot.AskAsync("Where is the Zwolle desk?", BotClient.NewConversation());

        var reply = BotClient.SingleMessage(await _bot.AskAsync("and its opening hours?", BotClient.NewConversation()));

        Assert.DoesNotContain(reply.Attachments ?? [], a => a.ContentType == IndBot.BotFramework.Schema.AttachmentContentTypes.AdaptiveCard);
    }
}
