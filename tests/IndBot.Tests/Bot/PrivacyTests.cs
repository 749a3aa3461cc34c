using IndBot.BotFramework.State;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Bot;

[Collection(HostCollection.Name)]
public sealed class PrivacyTests(IndBotFactory factory)
{
    private readonly BotClient _bot = new(factory.CreateClient());

    public static TheoryData<string, string> PersonalMessages => new()
    {
        { "My V-number is 1234567890, when do I give my fingerprints?", "1234567890" },
        { "My BSN is 111222333, where is the desk in Utrecht?", "111222333" },
        { "Please mail me at jan.jansen@example.nl about my permit", "jan.jansen@example.nl" },
        { "Call me on 06 12345678 about my application", "06 12345678" },
    };

    [Theory]
    [MemberData(nameof(PersonalMessages))]
    public async Task Message_WithPersonalData_WarnsOnceNeverRepeatsNeverLogs(string text, string secret)
    {
        var conversation = BotClient.NewConversation();

        var first = BotClient.Json(BotClient.SingleMessage(await _bot.AskAsync(text, conversation, channelId: "emulator")));
        var second = BotClient.Json(BotClient.SingleMessage(await _bot.AskAsync(text, conversation, channelId: "emulator")));

        Assert.Contains("For your privacy", first);
        Assert.DoesNotContain("For your privacy", second);
        Assert.DoesNotContain(secret, first);
        Assert.DoesNotContain(secret, second);
        Assert.DoesNotContain(secret, factory.Logs.AllText());
        Assert.DoesNotContain(secret.Replace(" ", ""), factory.Logs.AllText());
    }

    [Fact]
    public async Task Message_WithPersonalData_StoredContextHoldsNone()
    {
        var conversation = BotClient.NewConversation();
        await _bot.AskAsync("my V-number is 1234567890", conversation);

        var storage = (MemoryStorage)factory.Services.GetRequiredService<IStorage>();
        var key = IndBot.Bot.ConversationState.KeyFor(new() { ChannelId = "test", Conversation = new() { Id = conversation } });
        var stored = await storage.ReadAsync<System.Text.Json.JsonElement>(key);

        Assert.DoesNotContain("1234567890", stored.GetRawText());
        Assert.DoesNotContain(conversation, key);
        Assert.True(stored.GetProperty("context").GetProperty("warnedAboutPersonalData").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(PersonalMessages))]
    public async Task Message_WithPersonalData_FeedbackRecordsAndReportHoldNone(string text, string secret)
    {
        var conversation = BotClient.NewConversation();

        // As a question nobody can answer (fallback) and as an ambiguous one (clarification).
        await _bot.AskAsync("Zebra quixotic " + text, conversation);
        await _bot.AskAsync("permit " + text, conversation);
        var vote = BotClient.Message(secret, conversation);
        vote["value"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "indbot.feedback", ["helpful"] = false, ["entryId"] = "application-status", ["language"] = "en" };
        await _bot.SendAsync(vote);

        await factory.Services.GetRequiredService<IndBot.Feedback.IFeedbackStore>().FlushAsync();
        var stored = await File.ReadAllTextAsync(factory.FeedbackPath);
        using var report = new StringWriter();
        await IndBot.Cli.FeedbackReport.RunAsync(["report", "--file", factory.FeedbackPath], new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), report);

        Assert.Contains("Zebra quixotic", stored);
        Assert.Contains("Zebra quixotic", report.ToString());
        foreach (var place in new[] { stored, report.ToString(), factory.Logs.AllText() })
        {
            Assert.DoesNotContain(secret, place);
            Assert.DoesNotContain(secret.Replace(" ", ""), place);
            Assert.DoesNotContain(conversation, place);
        }
    }

    public static TheoryData<string, string> HiddenPersonalData => new()
    {
        { "Zebra quixotic IBAN NL91ABNA0417164300", "0417164300" },
        { "Zebra quixotic passport NW3F5R6T1", "NW3F5R6T1" },
        { "Zebra quixotic V-number 1234\u200B567890", "567890" },
        { "Zebra quixotic BSN 111\u2060222\u2060333", "222\u2060333" },
    };

    [Theory]
    [MemberData(nameof(HiddenPersonalData))]
    public async Task Message_WithIbanPassportOrBrokenNumber_FeedbackAndLogsHoldNone(string text, string secret)
    {
        var conversation = BotClient.NewConversation();

        await _bot.AskAsync(text, conversation);

        await factory.Services.GetRequiredService<IndBot.Feedback.IFeedbackStore>().FlushAsync();
        var stored = await File.ReadAllTextAsync(factory.FeedbackPath);
        Assert.Contains("Zebra quixotic", stored);
        foreach (var place in new[] { System.Text.RegularExpressions.Regex.Unescape(stored), factory.Logs.AllText() })
        {
            Assert.DoesNotContain(secret, place);
            Assert.DoesNotContain(new string(secret.Where(char.IsLetterOrDigit).ToArray()), place);
        }
    }

    [Fact]
    public async Task Vote_WithPersonalDataInItsValue_StoresAndLogsOnlyKnownValues()
    {
        var conversation = BotClient.NewConversation();
        var vote = BotClient.Message("No", conversation);
        vote["value"] = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "indbot.feedback",
            ["helpful"] = false,
            ["entryId"] = "application-status\r\n[Error] forged line, my BSN is 111222333",
            ["language"] = "en\nV-number 1234567890",
        };

        BotClient.SingleMessage(await _bot.SendAsync(vote));

        await factory.Services.GetRequiredService<IndBot.Feedback.IFeedbackStore>().FlushAsync();
        var stored = await File.ReadAllTextAsync(factory.FeedbackPath);
        var logs = factory.Logs.AllText();
        foreach (var place in new[] { stored, logs })
        {
            Assert.DoesNotContain("111222333", place);
            Assert.DoesNotContain("1234567890", place);
            Assert.DoesNotContain("forged line", place);
        }

        Assert.DoesNotContain(factory.Logs.Logs, l => l.Message.Contains('\n') || l.Message.Contains('\r'));
    }

    [Fact]
    public async Task Message_NormalDelivery_ConnectorUrlWithConversationIdIsNeverLogged()
    {
        await using var connector = await IndBot.Testing.LoopbackServer.StartAsync();
        var conversation = BotClient.NewConversation();
        var activity = BotClient.Message("When do I give my fingerprints?", conversation, "emulator", expectReplies: false);
        activity["serviceUrl"] = connector.BaseUrl + "/";

        using var response = await _bot.PostAsync(activity);
        await connector.NextAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(conversation, factory.Logs.AllText());
    }

    [Fact]
    public async Task Message_Any_TextNeverLogged()
    {
        await _bot.AskAsync("Can my zebra Quixotic4711 travel with me to Zwolle?", BotClient.NewConversation());
        await _bot.AskAsync("permit Quixotic4712", BotClient.NewConversation());

        Assert.DoesNotContain("Quixotic47", factory.Logs.AllText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Turn_LogsCarryHashedConversationIdOnly()
    {
        var conversation = BotClient.NewConversation();

        await _bot.AskAsync("When do I give my fingerprints?", conversation);

        Assert.DoesNotContain(conversation, factory.Logs.AllText());
        Assert.Contains(factory.Logs.Logs, l => l.Scopes.Contains("ConversationHash="));
    }
}
