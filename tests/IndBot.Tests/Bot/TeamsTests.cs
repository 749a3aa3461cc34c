using System.Text.Json.Nodes;
using IndBot.BotFramework.Schema;
using IndBot.Tests.Infrastructure;

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
    public async Task Clarification_InTeams_UsesCardButtonsNotSuggestedActions()
    {
        VagueWordEngine.Install(factory, "travel");
        var reply = BotClient.SingleMessage(await _bot.SendAsync(TeamsMessage("<at>IndBot</at> travel", "personal")));

        Assert.Null(reply.SuggestedActions);
        var card = Assert.Single(reply.Attachments!);
        Assert.Equal(AttachmentContentTypes.HeroCard, card.ContentType);
        var buttons = card.Content!.Value.GetProperty("buttons");
        Assert.InRange(buttons.GetArrayLength(), 1, 3);
        Assert.All(buttons.EnumerateArray(), b => Assert.Equal("imBack", b.GetProperty("type").GetString()));
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
        var buttons = Assert.Single(reply.Attachments!).Content!.Value.GetProperty("buttons");
        Assert.InRange(buttons.GetArrayLength(), 3, 4);
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
