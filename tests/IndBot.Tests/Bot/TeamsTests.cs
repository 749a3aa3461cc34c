using System.Text.Json.Nodes;
using IndBot.BotFramework.Schema;
using IndBot.Feedback;
using IndBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Bot;

[Collection(HostCollection.Name)]
public sealed class TeamsTests(IndBotFactory factory)
{
    private readonly BotClient _bot = new(factory.CreateClient());

    private static JsonObject TeamsMessage(string text, string conversationType = "channel")
    {
        var activity = BotClient.Message(text, "19:abc@thread.tacv2;messageid=1700000000000", "msteams");
        activity["recipient"] = new JsonObject { ["id"] = "28:bot-app-id", ["name"] = "IndBot" };
        activity["conversation"] = new JsonObject
        {
            ["id"] = "19:abc@thread.tacv2;messageid=1700000000000",
            ["conversationType"] = conversationType,
            ["isGroup"] = conversationType != "personal",
            ["tenantId"] = "tenant-1",
        };
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>IndBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:bot-app-id", ["name"] = "IndBot" },
        });
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } };
        return activity;
    }

    [Fact]
    public async Task Message_WithBotMention_IsAnswered()
    {
        var reply = BotClient.SingleMessage(await _bot.SendAsync(TeamsMessage("<at>IndBot</at> Where is the IND desk in Utrecht?")));

        Assert.Contains("Bergstraat 58", BotClient.Json(reply));
        Assert.Equal("msteams", reply.ChannelId);
        Assert.Equal("19:abc@thread.tacv2;messageid=1700000000000", reply.Conversation!.Id);
    }

    [Fact]
    public async Task Clarification_InTeams_UsesAdaptiveCardSubmitButtons()
    {
        VagueWordEngine.Install(factory, "travel");
        var reply = BotClient.SingleMessage(await _bot.SendAsync(TeamsMessage("<at>IndBot</at> travel", "personal")));

        Assert.Null(reply.SuggestedActions);
        var buttons = SubmitButtons(Assert.Single(reply.Attachments!));
        Assert.InRange(buttons.Count, 1, 3);
        Assert.All(buttons, b => Assert.False(string.IsNullOrEmpty(b.Value)));
    }

    [Fact]
    public async Task Clarification_ButtonPressed_AsksThatQuestion()
    {
        // What Teams sends for a pressed Action.Submit: a message with the button's data as its value and no text.
        VagueWordEngine.Install(factory, "travel");
        var conversation = TeamsMessage("<at>IndBot</at> travel", "personal");
        var card = Assert.Single(BotClient.SingleMessage(await _bot.SendAsync(conversation)).Attachments!);
        var data = card.Content!.Value.GetProperty("actions")[0].GetProperty("data");
        var pressed = TeamsMessage("", "personal");
        pressed.Remove("text");
        pressed["value"] = JsonNode.Parse(data.GetRawText());

        var answer = BotClient.SingleMessage(await _bot.SendAsync(pressed));

        Assert.Null(answer.SuggestedActions);
        Assert.DoesNotContain("Did you mean", answer.Text ?? "", StringComparison.Ordinal);
        Assert.True(answer.ChannelData!.Value.GetProperty("feedbackLoopEnabled").GetBoolean(), "not an answer");
    }

    [Fact]
    public async Task Answer_InTeams_HasTeamsFeedbackButtonsAndNoFeedbackCard()
    {
        var reply = BotClient.SingleMessage(await _bot.SendAsync(TeamsMessage("<at>IndBot</at> When do I give my fingerprints?", "personal")));

        Assert.True(reply.ChannelData!.Value.GetProperty("feedbackLoopEnabled").GetBoolean());
        Assert.Null(reply.Attachments);
        Assert.Null(reply.Entities);
    }

    [Fact]
    public async Task FeedbackInvoke_OnAnAnswer_IsRecordedWithItsEntryAndAnswered200()
    {
        var (status, vote) = await AskThenRateAsync("When do I give my fingerprints?", "reply-1",
            new JsonObject { ["reaction"] = "dislike", ["feedback"] = """{"feedbackText":"my V-number is 1234567890"}""" });

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal(false, vote.Helpful);
        Assert.Equal("biometrics", vote.EntryId);
        Assert.Equal("en", vote.Language);
        Assert.DoesNotContain("1234567890", await File.ReadAllTextAsync(factory.FeedbackPath));
    }

    [Fact]
    public async Task FeedbackInvoke_OnTheAnswerAfterTheBotsOwnReply_IsRecordedForThatAnswer()
    {
        // "are you a bot? and where is the Zwolle desk": the bot's reply first (reply-1), then the desk (reply-2).
        var (status, vote) = await AskThenRateAsync("are you a bot? and where is the zwolle desk", "reply-2", new JsonObject { ["reaction"] = "like" });

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal((true, "desk-zwolle"), (vote.Helpful, vote.EntryId));
    }

    /// <summary>
    /// Asks in a personal chat with normal delivery: the connector gives each message the bot sends an id (reply-1,
    /// reply-2, …), which Teams' feedback invoke names. Then rates <paramref name="ratedId"/>; returns the invoke's
    /// status and the vote recorded.
    /// </summary>
    private async Task<(System.Net.HttpStatusCode Status, FeedbackRecord Vote)> AskThenRateAsync(string text, string ratedId, JsonObject actionValue)
    {
        var sent = 0;
        await using var connector = await IndBot.Testing.LoopbackServer.StartAsync(async (context, request) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"id":"reply-{{Interlocked.Increment(ref sent)}}"}""");
        });
        var conversationId = "a:" + Guid.NewGuid().ToString("N");
        var question = TeamsMessage(text, "personal");
        question["conversation"]!["id"] = conversationId;
        question["serviceUrl"] = connector.BaseUrl + "/";
        question.Remove("deliveryMode");
        using (var response = await _bot.PostAsync(question))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var invoke = TeamsMessage("", "personal");
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke["conversation"]!["id"] = conversationId;
        invoke["replyToId"] = ratedId;
        invoke["value"] = new JsonObject { ["actionName"] = "feedback", ["actionValue"] = actionValue };
        invoke.Remove("deliveryMode");
        using var answer = await _bot.PostAsync(invoke);

        var store = factory.Services.GetRequiredService<IFeedbackStore>();
        await store.FlushAsync();
        return (answer.StatusCode, (await store.ReadAllAsync()).Last(r => r.Kind == FeedbackKinds.Vote));
    }

    [Fact]
    public async Task Invoke_OtherName_Is501()
    {
        var invoke = TeamsMessage("", "personal");
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";
        invoke.Remove("deliveryMode");

        using var response = await _bot.PostAsync(invoke);

        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, response.StatusCode);
    }

    private static List<(string Title, string Value)> SubmitButtons(Attachment card)
    {
        Assert.Equal(AttachmentContentTypes.AdaptiveCard, card.ContentType);
        return card.Content!.Value.GetProperty("actions").EnumerateArray().Select(a =>
        {
            Assert.Equal("Action.Submit", a.GetProperty("type").GetString());
            var data = a.GetProperty("data");
            Assert.Equal("indbot.ask", data.GetProperty("type").GetString());
            return (a.GetProperty("title").GetString()!, data.GetProperty("question").GetString()!);
        }).ToList();
    }

    [Fact]
    public async Task InstallationUpdate_PersonalScope_Welcomes()
    {
        var activity = TeamsMessage("", "personal");
        activity["type"] = "installationUpdate";
        activity["action"] = "add";

        var reply = BotClient.SingleMessage(await _bot.SendAsync(activity));

        Assert.StartsWith("Hello, I'm IndBot", reply.Text);
        Assert.Null(reply.SuggestedActions);
        Assert.InRange(SubmitButtons(Assert.Single(reply.Attachments!)).Count, 3, 4);
    }

    [Fact]
    public async Task PersonalInstall_InstallationUpdateAndConversationUpdate_WelcomesOnce()
    {
        // What Teams (and the Agents Playground) send when a user adds the bot in personal scope: both activities.
        var install = TeamsMessage("", "personal");
        install["type"] = "installationUpdate";
        install["action"] = "add";
        var joined = TeamsMessage("", "personal");
        joined["type"] = "conversationUpdate";
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:bot-app-id" }, new JsonObject { ["id"] = "29:user-1" });

        var replies = (await _bot.SendAsync(install)).Concat(await _bot.SendAsync(joined)).Where(a => a.Type == ActivityTypes.Message).ToList();

        var welcome = Assert.Single(replies);
        Assert.StartsWith("Hello, I'm IndBot", welcome.Text);
    }

    [Fact]
    public async Task InstallationUpdate_Upgrade_NoSecondWelcome()
    {
        var activity = TeamsMessage("", "personal");
        activity["type"] = "installationUpdate";
        activity["action"] = "add-upgrade";

        Assert.Empty(await _bot.SendAsync(activity));
    }

    [Fact]
    public async Task MembersAdded_InTeamChannel_NoWelcome()
    {
        var activity = TeamsMessage("", "channel");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:new-colleague" });

        Assert.Empty(await _bot.SendAsync(activity));
    }
}
