using IndBot.Answers.Decisions;
using IndBot.Answers.Desks;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;
using IndBot.Replies;
using IndBot.Snapshots;

namespace IndBot.Tests.Replies;

/// <summary>The renderer and the reply texts with the real knowledge (loaded once, without an index) and hand-made decisions.</summary>
public sealed class ReplyRendererTests
{
    private static readonly Lazy<KnowledgeBase> Knowledge = new(() => KnowledgeLoader.Load(KnowledgeLocator.Find(null)));
    private static readonly DateTime Thursday10 = new(2026, 11, 26, 10, 0, 0);

    private static ReplyRenderer Renderer => new(Knowledge.Value);

    private static ReplyText Text => new(Knowledge.Value);

    private static Desk DeskIn(string city) => Knowledge.Value.Desks.First(d => d.City == city);

    private static Decision Make(DecisionKind kind, string language = "en") => new()
    {
        Kind = kind,
        Language = language,
        Context = ConversationContext.Empty,
    };

    private static Decision Answer(params AnswerPart[] parts) => Make(DecisionKind.Answer) with { Answers = parts };

    [Theory]
    [InlineData(null, "en-US")]
    [InlineData("en", "en-US")]
    [InlineData("nl", "nl-NL")]
    public void Locale_Language_MapsToLocale(string? language, string expected) => Assert.Equal(expected, ReplyRenderer.Locale(language));

    [Theory]
    [InlineData("nl-NL", "nl")]
    [InlineData("nl-be", "nl")]
    [InlineData("nl", "nl")]
    [InlineData("nl_NL", "nl")]
    [InlineData("en-GB", "en")]
    [InlineData("nlx", "en")]
    [InlineData(null, "en")]
    public void LanguageOf_Locale_PicksDutchForNl(string? locale, string expected) => Assert.Equal(expected, ReplyRenderer.LanguageOf(locale));

    [Fact]
    public void Render_FaqAnswer_ShowsTheAnswerAndItsSource()
    {
        var biometrics = Knowledge.Value.Faqs.Single(f => f.Id == "biometrics");

        var reply = Assert.Single(Renderer.Render(Answer(new AnswerPart(biometrics, 0.9)), new ReplyOptions("webchat", Thursday10)));

        Assert.StartsWith(biometrics.Answer["en"], reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("_Source: IND website, frequently asked questions_", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoAnswers_AreTwoReplies()
    {
        var biometrics = Knowledge.Value.Faqs.Single(f => f.Id == "biometrics");
        var utrecht = DeskIn("Utrecht");
        var decision = Answer(new AnswerPart(biometrics, 0.9), new AnswerPart(utrecht, 0.9) { Desk = new DeskFacts(utrecht) });

        var replies = Renderer.Render(decision, new ReplyOptions("webchat", Thursday10));

        Assert.Equal(2, replies.Count);
        Assert.StartsWith(biometrics.Answer["en"], replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(utrecht.Name, replies[1].Summary);
    }

    [Fact]
    public void Render_AnswerWithAQuestionToTheBot_RepliesToTheBotFirstThenAnswers()
    {
        var utrecht = DeskIn("Utrecht");
        var capabilities = Knowledge.Value.SmallTalk.Single(i => i.Id == "capabilities");
        var decision = Answer(new AnswerPart(utrecht, 0.9) { Desk = new DeskFacts(utrecht) }) with { SmallTalk = capabilities };

        var replies = Renderer.Render(decision, new ReplyOptions("webchat", Thursday10));
        var full = Text.Full(decision, Thursday10);

        Assert.Equal(2, replies.Count);
        Assert.Equal(capabilities.Reply["en"].Trim(), replies[0].Text?.Trim());
        Assert.Equal(utrecht.Name, replies[1].Summary);
        Assert.True(full.IndexOf(capabilities.Reply["en"].Trim(), StringComparison.Ordinal) is 0 && full.Contains(utrecht.Name, StringComparison.Ordinal), full);
    }

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
        Assert.StartsWith(Knowledge.Value.Messages.Get("clarification", "en"), reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneOption_AsksDoYouMeanWithYesAndNo()
    {
        var decision = Make(DecisionKind.Clarification) with { Options = [new ClarificationOption("biometrics", "When to give your biometrics", "When do I give my fingerprints?")] };

        var reply = Assert.Single(Renderer.Render(decision, new ReplyOptions("webchat", Thursday10)));

        Assert.Equal("Do you mean: When to give your biometrics?", reply.Text);
        Assert.Equal(["Yes", "No"], reply.SuggestedActions!.Actions.Select(a => a.Title));
        Assert.Equal("When do I give my fingerprints?", reply.SuggestedActions.Actions[0].Value!.Value.GetString());
        Assert.Equal(Knowledge.Value.Messages.Get("noneOfThese", "en"), reply.SuggestedActions.Actions[1].Value!.Value.GetString());
    }

    [Fact]
    public void Render_ClarificationWithoutOptions_AsksForMore()
    {
        var reply = Assert.Single(Renderer.Render(Make(DecisionKind.Clarification), new ReplyOptions("msteams", Thursday10)));

        Assert.Equal(Knowledge.Value.Messages.Get("emptyQuery", "en"), reply.Text);
        Assert.Null(reply.SuggestedActions);
        Assert.Null(reply.Attachments);
    }

    [Fact]
    public void Render_DeskAnswerWithPersonalDataNotice_KeepsNoticeAndVerdict()
    {
        var desk = DeskIn("Rotterdam");
        var asked = new DeskQuestion { Desk = desk, Day = DayOfWeek.Thursday, Window = new TimeWindow(new TimeOnly(12, 0), new TimeOnly(18, 0)), IsYesNo = true };
        var facts = new DeskFacts(desk) { Asked = asked, Day = DayOfWeek.Thursday, Hours = desk.Hours.On(DayOfWeek.Thursday), OpenThen = false, Verdict = false };
        var decision = Make(DecisionKind.Answer, "nl") with { Answers = [new AnswerPart(desk, 0.9) { Desk = facts }], PersonalDataNotice = true };

        var reply = Assert.Single(Renderer.Render(decision, new ReplyOptions("webchat", Thursday10)));

        Assert.StartsWith("Deel voor uw privacy", reply.Text);
        Assert.EndsWith("Nee — IND Rotterdam is op donderdag alleen open van 09:00 tot 12:00.", reply.Text);
        Assert.Equal("nl-NL", reply.Locale);
        var card = reply.Attachments![0].Content!.Value.GetRawText();
        Assert.Contains("Donderdag", card);
        Assert.Contains("Bekijk op de kaart", card);
    }

    [Theory]
    [InlineData(false, false, "No — IND Hoofddorp is closed on Wednesday. It is open on Monday, Tuesday and Thursday.")]
    [InlineData(true, false, "Yes — IND Hoofddorp is closed on Wednesday. It is open on Monday, Tuesday and Thursday.")]
    public void DeskLead_ClosedDay_StartsWithTheVerdictAsAsked(bool asksClosed, bool open, string expected)
    {
        var desk = DeskIn("Hoofddorp");
        var asked = new DeskQuestion { Desk = desk, Day = DayOfWeek.Wednesday, IsYesNo = true, AsksClosed = asksClosed };
        var facts = new DeskFacts(desk) { Asked = asked, Day = DayOfWeek.Wednesday, OpenThen = open, Verdict = asksClosed ? !open : open };

        Assert.Equal(expected, Text.DeskLead(facts, "en"));
    }

    [Fact]
    public void DeskLead_ClosingTime_SaysWhenItCloses()
    {
        var desk = DeskIn("Zwolle");
        var asked = new DeskQuestion { Desk = desk, AsksClosing = true };
        var facts = new DeskFacts(desk) { Asked = asked, Day = DayOfWeek.Thursday, Hours = desk.Hours.On(DayOfWeek.Thursday) };

        Assert.Equal("IND Zwolle closes at 16:00 on Thursday.", Text.DeskLead(facts, "en"));
    }

    [Fact]
    public void DeskList_PlaceWithoutDesk_NamesTheNearestDeskAndTheDistance()
    {
        var rotterdam = DeskIn("Rotterdam");
        var gouda = Knowledge.Value.Places.Single(p => p.Name == "Gouda");
        var facts = new DeskListFacts(Knowledge.Value.Desks) { PlaceWithoutDesk = gouda, Nearest = rotterdam, NearestKilometres = 19 };

        Assert.Equal("There is no IND desk in Gouda. The nearest is IND Rotterdam (about 19 km in a straight line), Conradstraat 28, 3013 AP Rotterdam.",
            Text.DeskList(facts, "en"));
    }

    [Fact]
    public void DeskList_NearerDeskWithoutTheService_SaysWhyItWasSkipped()
    {
        var zandvoort = Knowledge.Value.Places.Single(p => p.Name == "Zandvoort");
        var fingerprints = Knowledge.Value.DeskServices.Single(s => s.Id == "fingerprints");
        var facts = new DeskListFacts(Knowledge.Value.Desks)
        {
            PlaceWithoutDesk = zandvoort, Nearest = DeskIn("Amsterdam"), NearestKilometres = 24, Service = fingerprints, Skipped = [DeskIn("Hoofddorp")],
        };

        Assert.EndsWith("IND Hoofddorp is nearer, but you cannot do this there (have your fingerprints taken).", Text.DeskList(facts, "en"), StringComparison.Ordinal);
        Assert.EndsWith("IND Hoofddorp ligt dichterbij, maar daar kan dit niet (vingerafdrukken laten afnemen).", Text.DeskList(facts, "nl"), StringComparison.Ordinal);
    }

    [Fact]
    public void DeskList_NoDeskOpenThen_NamesTheNearestAndSaysNo()
    {
        var hague = Knowledge.Value.Places.Single(p => p.Name == "The Hague");
        var facts = new DeskListFacts([]) { PlaceWithoutDesk = hague, PlaceName = "Den Haag", Nearest = DeskIn("Rijswijk"), NearestKilometres = 5, Day = DayOfWeek.Wednesday, Verdict = false };

        Assert.Equal("There is no IND desk in Den Haag. The nearest is IND Rijswijk (about 5 km in a straight line), Sir Winston Churchilllaan 293, 2288 DC Rijswijk. "
            + "No — no IND desk is open then (on Wednesday).", Text.DeskList(facts, "en"));
    }

    [Fact]
    public void Fallback_NotCovered_SaysTheIndCanHelpAndGivesTheContacts()
    {
        var decision = Make(DecisionKind.Fallback) with { Reason = FallbackReason.NotCovered, Contacts = Knowledge.Value.Contacts };

        var text = Text.Full(decision, Thursday10);

        Assert.StartsWith("I can't answer that here, but the IND can.", text, StringComparison.Ordinal);
        Assert.Contains("088 0430 430", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_OtherOrganisation_SaysOnlyTheIndAndGivesTheContacts()
    {
        var uwv = Knowledge.Value.Organisations.Single(o => o.Id == "uwv");
        var decision = Make(DecisionKind.Fallback) with { Reason = FallbackReason.NotTheInd, Organisation = uwv, Contacts = Knowledge.Value.Contacts };

        var text = Text.Full(decision, Thursday10);

        Assert.StartsWith("I can only answer questions about the IND, not about the UWV.", text, StringComparison.Ordinal);
        Assert.Contains("088 0430 430", text, StringComparison.Ordinal);
        Assert.All(Knowledge.Value.Contacts, c => Assert.Contains(c.Title["en"], text, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SmallTalk_IsTextOnly()
    {
        var hello = Knowledge.Value.SmallTalk.Single(i => i.Id == "greeting");

        var reply = Assert.Single(Renderer.Render(Make(DecisionKind.SmallTalk) with { SmallTalk = hello }, new ReplyOptions("emulator", Thursday10)));

        Assert.Equal(hello.Reply["en"], reply.Text);
        Assert.Equal(TextFormatTypes.Markdown, reply.TextFormat);
        Assert.Null(reply.Attachments);
    }

    [Fact]
    public void Welcome_Teams_UsesAdaptiveCardButtons()
    {
        var reply = Renderer.Welcome("en", "msteams");

        Assert.Null(reply.SuggestedActions);
        var card = Assert.Single(reply.Attachments!);
        Assert.Equal(AttachmentContentTypes.AdaptiveCard, card.ContentType);
        Assert.All(card.Content!.Value.GetProperty("actions").EnumerateArray(), a => Assert.Equal("Action.Submit", a.GetProperty("type").GetString()));
    }

    [Fact]
    public void Render_DeskAnswer_CardLeadsWithNameAddressAndTodayAndHidesTheWeekAndServicesBehindToggles()
    {
        var desk = DeskIn("Utrecht");
        var reply = Assert.Single(Renderer.Render(Answer(new AnswerPart(desk, 0.9) { Desk = new DeskFacts(desk) }), new ReplyOptions("webchat", Thursday10)));

        var card = Assert.Single(reply.Attachments!).Content!.Value;
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(desk.Name, body[0].GetProperty("text").GetString());
        Assert.Equal(desk.Address, body[1].GetProperty("text").GetString());
        Assert.Equal("Today", body[2].GetProperty("facts")[0].GetProperty("title").GetString());
        Assert.Equal("09:00–16:00 — Open now", body[2].GetProperty("facts")[0].GetProperty("value").GetString());
        // The services (as a list) and the week: hidden, each shown by its toggle.
        var containers = body.Where(b => b.GetProperty("type").GetString() == "Container").ToList();
        var services = Assert.Single(containers, c => c.GetProperty("items")[1].TryGetProperty("text", out var list) && list.GetString()!.Contains("\n- Have your fingerprints taken", StringComparison.Ordinal));
        var week = Assert.Single(containers, c => c.GetRawText().Contains("Thursday", StringComparison.Ordinal));
        Assert.All(containers, c => Assert.False(c.GetProperty("isVisible").GetBoolean()));
        var toggles = card.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("type").GetString() == "Action.ToggleVisibility")
            .Select(a => (a.GetProperty("title").GetString(), a.GetProperty("targetElements")[0].GetString())).ToList();
        Assert.Equal([("Opening hours", week.GetProperty("id").GetString()), ("Services", services.GetProperty("id").GetString())], toggles);
        // No label on the card: Web Chat would make it a "form" landmark.
        Assert.False(card.TryGetProperty("speak", out _));
        Assert.Equal("IND Utrecht. " + desk.Address, reply.Speak);
    }

    [Fact]
    public void Render_SameDeskTwice_CardsHaveTheirOwnToggleTargets()
    {
        var desk = DeskIn("Utrecht");
        List<string> Ids() => Assert.Single(Renderer.Render(Answer(new AnswerPart(desk, 0.9) { Desk = new DeskFacts(desk) }), new ReplyOptions("webchat", Thursday10))).Attachments![0]
            .Content!.Value.GetProperty("body").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "Container").Select(b => b.GetProperty("id").GetString()!).ToList();

        var (first, second) = (Ids(), Ids());
        Assert.Equal(2, first.Distinct().Count());
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void Trace_Decision_CarriesKindAndCandidates()
    {
        var decision = Make(DecisionKind.Answer) with { Confidence = 0.9, Candidates = [new Candidate("x", "X", 0.9)] };

        var trace = ReplyRenderer.Trace(decision);

        Assert.Equal("answer", trace.Kind);
        Assert.Equal("x", Assert.Single(trace.Candidates).EntryId);
    }
}
