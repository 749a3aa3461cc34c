using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Testing;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Bot;

/// <summary>
/// Conversations as what the user says and what the bot must reply, in process (the SDK's TestFlow): the real bot and
/// knowledge, no HTTP. The HTTP tests cover the endpoint itself.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ConversationTests(IndBotFactory factory)
{
    private TestAdapter NewConversation(string name = "test") =>
        new(factory.Services.GetRequiredService<IBot>()) { ChannelId = "emulator", ConversationId = $"{name}-{Guid.NewGuid():N}" };

    public static TheoryData<string, (string Says, string Expect)[]> Conversations => new()
    {
        { "zwolle-hours", [("Where is the Zwolle desk?", "Zwolle"), ("and its opening hours?", "Zwolle")] },
        { "phone-abroad", [("What is the IND phone number?", "088 0430 430"), ("and from abroad?", "+31 88 0430 430")] },
        { "which-desk", [("I want to go to an IND desk", "IND desk"), ("Utrecht", "Bergstraat 58")] },
        { "dutch-follow-up", [("Waar is het loket in Zwolle?", "Zwolle"), ("en de openingstijden?", "Zwolle")] },
        { "desk-then-day", [("Where is the Utrecht desk?", "Bergstraat 58"), ("is it open on Friday?", "IND Utrecht is open on Friday")] },
        // The day asked about is kept for the next desk, through the stored conversation state.
        { "day-then-other-desk", [("Is the Utrecht desk open on Friday?", "Yes"), ("and Hoofddorp?", "No — IND Hoofddorp is closed on Friday")] },
    };

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task Conversation_FollowUps_UseTheContext(string name, (string Says, string Expect)[] turns)
    {
        var flow = new TestFlow(NewConversation(name));
        foreach (var (says, expect) in turns)
        {
            flow = flow.Send(says).AssertReply(expect);
        }

        await flow.StartTestAsync();
    }

    [Fact]
    public async Task Conversation_ZwolleFollowUp_AnswersWithZwolleHours()
    {
        await NewConversation()
            .Send("Where is the Zwolle desk?").AssertReply("IND Zwolle")
            .Send("and its opening hours?").AssertReply(reply =>
            {
                var card = reply.Attachments!.Single(a => a.ContentType == AttachmentContentTypes.AdaptiveCard).Content.ToString();
                Assert.Contains("IND Zwolle", card);
                Assert.Contains("Opening hours", card);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task Conversation_OtherConversation_DoesNotShareContext()
    {
        await NewConversation().Send("Where is the Zwolle desk?").AssertReply("IND Zwolle").StartTestAsync();

        await NewConversation()
            .Send("and its opening hours?")
            .AssertReply(reply => Assert.DoesNotContain(reply.Attachments ?? [], a => a.ContentType == AttachmentContentTypes.AdaptiveCard))
            .StartTestAsync();
    }
}
