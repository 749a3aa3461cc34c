using IndBot.Answers.Decisions;
using IndBot.Bot;
using IndBot.BotFramework.Schema;
using IndBot.Hosting;
using IndBot.Knowledge;

namespace IndBot.Tests.Bot;

/// <summary>The renderer with the real texts (knowledge/ loaded once, without an index) and hand-made decisions.</summary>
public sealed class ReplyRendererTests
{
    private static readonly Lazy<KnowledgeBase> Knowledge = new(() => KnowledgeLoader.Load(KnowledgeLocator.Find(null)));
    private static readonly DateTime Thursday10 = new(2026, 11, 26, 10, 0, 0);

    private static ReplyRenderer Renderer => new(Knowledge.Value);

    private static Decision Make(DecisionKind kind, string text = "Text", string language = "en") => new()
    {
        Kind = kind,
        Language = language,
        Text = text,
        Context = ConversationContext.Empty,
    };

    [Theory]
    [InlineData(null, "en-US")]
    [InlineData("en", "en-US")]
    [InlineData("nl", "nl-NL")]
    public void Locale_Language_MapsToLocale(string? language, string expected) => Assert.Equal(expected, ReplyRenderer.Locale(language));

    [Theory]
    [InlineData("nl-NL", "nl")]
    [InlineData("nl-be", "nl")]
    [InlineData("nl", "nl")]
    [InlineData("en-GB", "en")]
    [InlineData("nlx", "en")]
    [InlineData(null, "en")]
    public void LanguageOf_Locale_PicksDutchForNl(string? locale, string expected) => Assert.Equal(expected, ReplyRenderer.LanguageOf(locale));

    [Fact]
    public void Render_ClarificationWithFourOptions_ShowsThree()
    {
        var decision = Make(DecisionKind.Clarification) with
        {
            Options = Enumerable.Range(1, 4).Select(i => new ClarificationOption($"e{i}", $"Title {i}", $"Question {i}?")).ToList(),
        };

        var reply = Assert.Single(Renderer.Render(decision, new ReplyOptions("webchat", Thursday10)));

        Assert.Equal(3, reply.SuggestedActions!.Actions.Count);
        Assert.Equal("Question 1?", reply.SuggestedActions.Actions[0].Value!.Value.GetString());
        Assert.Equal("Title 1", reply.SuggestedActions.Actions[0].Title);
    }

    [Fact]
    public void Render_ClarificationWithoutOptions_IsPlainText()
    {
        var reply = Assert.Single(Renderer.Render(Make(DecisionKind.Clarification, "Tell me more"), new ReplyOptions("msteams", Thursday10)));

        Assert.Null(reply.SuggestedActions);
        Assert.Null(reply.Attachments);
    }

    [Fact]
    public void Render_DeskAnswerWithPersonalDataNotice_KeepsNoticeAndLead()
    {
        var desk = Knowledge.Value.Desks.First(d => d.City == "Rotterdam");
        var decision = Make(DecisionKind.Answer, language: "nl") with { Desk = desk, EntryId = desk.Id, Lead = "Nee, het loket is dicht." };

        var reply = Assert.Single(Renderer.Render(decision, new ReplyOptions("webchat", Thursday10, PersonalDataNotice: true)));

        Assert.StartsWith("Deel voor uw privacy", reply.Text);
        Assert.EndsWith("Nee, het loket is dicht.", reply.Text);
        Assert.Equal("nl-NL", reply.Locale);
        var card = reply.Attachments![0].Content!.Value.GetRawText();
        Assert.Contains("Donderdag", card);
        Assert.Contains("Bekijk op de kaart", card);
        Assert.Contains("\"version\":\"1.3\"", card);
    }

    [Fact]
    public void Render_SmallTalk_IsTextOnly()
    {
        var reply = Assert.Single(Renderer.Render(Make(DecisionKind.SmallTalk, "Hello!"), new ReplyOptions("emulator", Thursday10)));

        Assert.Equal("Hello!", reply.Text);
        Assert.Equal(TextFormatTypes.Markdown, reply.TextFormat);
        Assert.Null(reply.Attachments);
    }

    [Fact]
    public void Welcome_Teams_UsesHeroCardButtons()
    {
        var reply = Renderer.Welcome("en", "msteams");

        Assert.Null(reply.SuggestedActions);
        Assert.Equal(AttachmentContentTypes.HeroCard, Assert.Single(reply.Attachments!).ContentType);
    }

    [Fact]
    public void Trace_Decision_CarriesKindAndCandidates()
    {
        var decision = Make(DecisionKind.Answer) with { EntryId = "x", Confidence = 0.9, Candidates = [new Candidate("x", "X", 0.9)] };

        var trace = ReplyRenderer.Trace(decision);

        Assert.Equal("answer", trace.Kind);
        Assert.Equal("x", Assert.Single(trace.Candidates).EntryId);
    }
}
