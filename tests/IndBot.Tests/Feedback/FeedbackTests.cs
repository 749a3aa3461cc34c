using System.Text.Json.Nodes;
using IndBot.Cli;
using IndBot.Feedback;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Feedback;

/// <summary>Fallbacks, clarifications, choices and votes recorded through the whole HTTP pipeline, and the staff report.</summary>
public sealed class FeedbackTests : IAsyncLifetime
{
    private readonly IndBotFactory _factory = new();

    public async Task InitializeAsync()
    {
        await _factory.InitializeAsync();
        VagueWordEngine.Install(_factory, "permit");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Conversation_FallbackClarificationChoiceVote_RecordedRedactedAndReported()
    {
        var bot = new BotClient(_factory.CreateClient());
        var conversation = BotClient.NewConversation();

        var fallback = BotClient.SingleMessage(await bot.AskAsync("What is the weather on Mars? mail jan.jansen@example.nl, V-number 1234567890", conversation));
        var clarification = BotClient.SingleMessage(await bot.AskAsync("permit", conversation));
        var option = clarification.SuggestedActions!.Actions[0].Value!.Value.GetString()!;
        var answer = BotClient.SingleMessage(await bot.AskAsync(option, conversation));
        var vote = BotClient.Message("No", conversation);
        vote["value"] = new JsonObject { ["type"] = "indbot.feedback", ["helpful"] = false, ["entryId"] = "application-status", ["language"] = "en" };
        await bot.SendAsync(vote);

        Assert.Contains("088 0430 430", fallback.Text);
        Assert.Contains("indbot:feedback/", BotClient.Json(answer));
        await _factory.Services.GetRequiredService<IFeedbackStore>().FlushAsync();
        var file = await File.ReadAllTextAsync(_factory.FeedbackPath);
        Assert.DoesNotContain("jan.jansen@example.nl", file);
        Assert.DoesNotContain("1234567890", file);
        Assert.DoesNotContain(conversation, file);
        var records = await _factory.Services.GetRequiredService<IFeedbackStore>().ReadAllAsync();
        Assert.Equal(
            [FeedbackKinds.Fallback, FeedbackKinds.Clarification, FeedbackKinds.Choice, FeedbackKinds.Vote],
            records.Select(r => r.Kind));
        Assert.Contains("[removed]", records[0].Question);
        Assert.Equal(3, records[1].Options!.Count);
        Assert.Equal("permit", records[2].Question);
        Assert.Equal(records[1].Options![0], records[2].EntryId);
        Assert.Equal(false, records[3].Helpful);
        Assert.All(records, r => Assert.Equal(records[0].Conversation, r.Conversation));

        using var output = new StringWriter();
        var exit = await FeedbackReport.RunAsync(["report", "--file", _factory.FeedbackPath], new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), output);
        var report = output.ToString();

        Assert.Equal(0, exit);
        Assert.Contains("What is the weather on Mars? mail [removed], V-number [removed]", report);
        Assert.Contains("1 no      0 yes  application-status (en)", report);
        Assert.Contains($"users who asked \"permit\" chose {records[2].EntryId}", report);
        Assert.DoesNotContain("jan.jansen@example.nl", report);
        Assert.DoesNotContain("1234567890", report);
    }

    [Fact]
    public async Task WebChatFeedbackButton_OnAnAnswer_IsRecordedAsAVoteWithoutAReply()
    {
        var bot = new BotClient(_factory.CreateClient());
        var conversation = BotClient.NewConversation();
        var answer = BotClient.SingleMessage(await bot.AskAsync("When do I give my fingerprints?", conversation, "webchat"));
        var message = Assert.Single(answer.Entities!, e => e.Type == "https://schema.org/Message");
        var like = message.Properties!["potentialAction"].EnumerateArray().Single(a => a.GetProperty("@type").GetString() == "LikeAction");

        // What Web Chat 4.18 posts when the thumbs-up under the answer is pressed.
        var pressed = BotClient.Message("", conversation, "webchat");
        pressed["type"] = "event";
        pressed["name"] = "webchat:activity-status/feedback";
        pressed.Remove("text");
        pressed["entities"] = new JsonArray(JsonNode.Parse(like.GetRawText()));
        var replies = await bot.SendAsync(pressed);

        Assert.Empty(replies);
        var store = _factory.Services.GetRequiredService<IFeedbackStore>();
        await store.FlushAsync();
        var vote = Assert.Single(await store.ReadAllAsync(), r => r.Kind == FeedbackKinds.Vote);
        Assert.Equal(true, vote.Helpful);
        Assert.Equal("biometrics", vote.EntryId);
        Assert.Equal("en", vote.Language);
    }

    [Fact]
    public async Task WebChatFeedbackEvent_ForgedAction_KeepsOnlyWhatTheKnowledgeKnows()
    {
        var bot = new BotClient(_factory.CreateClient());
        var pressed = BotClient.Message("", BotClient.NewConversation(), "webchat");
        pressed["type"] = "event";
        pressed["name"] = "webchat:activity-status/feedback";
        pressed["entities"] = new JsonArray(new JsonObject { ["@type"] = "DislikeAction", ["@id"] = "indbot:feedback/xx/no-such-entry\nforged line" });

        Assert.Empty(await bot.SendAsync(pressed));
        var store = _factory.Services.GetRequiredService<IFeedbackStore>();
        await store.FlushAsync();
        var vote = Assert.Single(await store.ReadAllAsync(), r => r.Kind == FeedbackKinds.Vote);
        Assert.Equal(false, vote.Helpful);
        Assert.Null(vote.EntryId);
        Assert.Null(vote.Language);
    }

    [Fact]
    public async Task Message_AnsweredAfterOtherMessage_RecordsNoChoice()
    {
        var bot = new BotClient(_factory.CreateClient());
        var conversation = BotClient.NewConversation();

        await bot.AskAsync("permit", conversation);
        await bot.AskAsync("When do I give my fingerprints?", conversation);
        await bot.AskAsync("What is the status of my application?", conversation);

        var records = await _factory.Services.GetRequiredService<IFeedbackStore>().ReadAllAsync();
        Assert.Equal([FeedbackKinds.Clarification], records.Select(r => r.Kind));
    }

    [Fact]
    public async Task Message_FeedbackStoreFails_StillAnsweredAndLoggedOnce()
    {
        // A folder cannot be created under a file: every append fails.
        var file = Path.GetTempFileName();
        await using var factory = new BrokenStoreFactory(Path.Combine(file, "feedback.jsonl"));
        await factory.InitializeAsync();
        VagueWordEngine.Install(factory, "permit");
        var bot = new BotClient(factory.CreateClient());

        var first = BotClient.SingleMessage(await bot.AskAsync("What is the weather on Mars?", BotClient.NewConversation()));
        var second = BotClient.SingleMessage(await bot.AskAsync("permit", BotClient.NewConversation()));

        Assert.Contains("088 0430 430", first.Text);
        Assert.False(string.IsNullOrWhiteSpace(second.Text));
        await factory.Services.GetRequiredService<IFeedbackStore>().FlushAsync();
        Assert.Single(factory.Logs.Logs, l => l.Message.StartsWith("Feedback store failed", StringComparison.Ordinal));
        File.Delete(file);
    }

    [Fact]
    public void Write_SimilarFallbacks_GroupedByNormalisedText()
    {
        var at = DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        FeedbackRecord Fallback(string question, string? candidate) =>
            new() { At = at, Kind = FeedbackKinds.Fallback, Conversation = "c", Language = "en", Question = question, TopCandidate = candidate };
        IReadOnlyList<FeedbackRecord> records =
        [
            Fallback("Can I bring my cat?", "pets"),
            Fallback("can i bring my CAT", "pets"),
            Fallback("Can I bring my cat?!", null),
            Fallback("How tall is the IND building?", "about-ind"),
        ];

        using var output = new StringWriter();
        FeedbackReport.Write(records, "test", output);
        var report = output.ToString();

        Assert.Contains("    3  \"Can I bring my cat?\" (en)  nearest: pets", report);
        Assert.Contains("    1  \"How tall is the IND building?\" (en)  nearest: about-ind", report);
    }

    [Fact]
    public void Write_ByCandidate_GroupsFallbacksByNearestEntry()
    {
        var at = DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        IReadOnlyList<FeedbackRecord> records =
        [
            new() { At = at, Kind = FeedbackKinds.Fallback, Conversation = "c", Language = "en", Question = "Can I bring my cat?", TopCandidate = "pets" },
            new() { At = at, Kind = FeedbackKinds.Fallback, Conversation = "d", Language = "nl", Question = "Mag mijn hond mee?", TopCandidate = "pets" },
        ];

        using var output = new StringWriter();
        FeedbackReport.Write(records, "test", output, byCandidate: true);

        Assert.Contains("    2  near pets (en/nl)", output.ToString());
    }

    [Fact]
    public async Task AppendAsync_Concurrent_EveryLineIntact()
    {
        var path = Path.Combine(Path.GetTempPath(), "indbot-tests", Guid.NewGuid().ToString("N"), "f.jsonl");
        using var store = new JsonLinesFeedbackStore(path);
        var at = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => store.AppendAsync(new FeedbackRecord { At = at, Kind = FeedbackKinds.Fallback, Conversation = "c", Question = new string('x', 500) + i }))));

        Assert.Equal(200, (await store.ReadAllAsync()).Count);
        Assert.Equal(200, File.ReadAllLines(path).Length);
        Assert.All(File.ReadAllLines(path), line => Assert.NotNull(FeedbackRecord.TryParse(line)));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task Dispose_AfterAppends_EveryQueuedLineIsInTheFile()
    {
        // A graceful shutdown disposes the store after the last turn: what was queued is written, not lost.
        var path = Path.Combine(Path.GetTempPath(), "indbot-tests", Guid.NewGuid().ToString("N"), "f.jsonl");
        var store = new JsonLinesFeedbackStore(path);
        for (var i = 0; i < 50; i++)
        {
            await store.AppendAsync(new FeedbackRecord { At = DateTimeOffset.UtcNow, Kind = FeedbackKinds.Fallback, Conversation = "c", Question = "q" + i });
        }

        store.Dispose();

        var lines = File.ReadAllLines(path);
        Assert.Equal(50, lines.Length);
        Assert.Equal("q49", FeedbackRecord.TryParse(lines[^1])!.Question);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private sealed class BrokenStoreFactory(string path) : IndBotFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Feedback:Path"] = path,
        };
    }
}
