using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Answers.Text;

namespace IndBot.Answers.Tests.Decisions;

/// <summary>The engine's decisions as facts (the words are the bot's: tests/IndBot.Tests/Replies).</summary>
public class AnswerEngineTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    [Theory]
    [InlineData("When do I have to give my fingerprints?", "biometrics")]
    [InlineData("Where is the IND desk in Utrecht?", "desk-utrecht")]
    [InlineData("What is the IND phone number?", "contact-phone")]
    [InlineData("Can I travel in Europe with my residence permit?", "travel-schengen")]
    [InlineData("Do I need an appointment to visit an IND desk?", "desk-appointment")]
    [InlineData("Wanneer moet ik mijn vingerafdrukken geven?", "biometrics")]
    [InlineData("Wat is het telefoonnummer van de IND?", "contact-phone")]
    public void Decide_ClearQuestion_AnswersWithTheEntry(string question, string entryId)
    {
        AssertAnswered(entryId, Decide(question));
    }

    [Fact]
    public void Decide_DeskQuestion_CarriesTheDeskFacts()
    {
        var decision = Decide("Where is the IND desk in Utrecht?");

        var part = Assert.Single(decision.Answers);
        Assert.Equal("desk-utrecht", part.Desk?.Desk.Id);
        Assert.Null(part.Desk!.Verdict);
    }

    [Theory]
    [InlineData("Is the Rotterdam zoo open on Sunday?")]
    [InlineData("restaurants in Utrecht")]
    [InlineData("how much does a residence permit cost?")]
    [InlineData("how do I register with the municipality?")]
    [InlineData("What is the weather in Zwolle tomorrow?")]
    [InlineData("is Amsterdam city hall open on Saturday")]
    [InlineData("are the shops in Zwolle open on Sunday")]
    [InlineData("Hoeveel kost een verblijfsvergunning?")]
    [InlineData("UWV phone number please")]
    [InlineData("what is the phone number of the tax office")]
    [InlineData("is the post office in Almelo open on saturday")]
    [InlineData("Is the Belastingdienst office in Eindhoven open on Fridays?")]
    [InlineData("what time does the library in Utrecht close")]
    public void Decide_OutOfScopeQuestion_IsNeverAnswered(string question)
    {
        var decision = Decide(question);

        Assert.True(decision.Kind == DecisionKind.Fallback, $"'{question}' got {decision.Kind} {decision.EntryId} ({decision.Confidence})");
        Assert.Equal(fixture.Knowledge.Contacts.Select(c => c.Id), decision.Contacts.Select(c => c.Id));
    }

    [Theory]
    [InlineData("UWV phone number please", "uwv")]
    [InlineData("wat is het telefoonnummer van de belastingdienst", "tax-office")]
    public void Decide_OtherOrganisation_SaysItIsNotTheInds(string question, string organisation)
    {
        var decision = Decide(question);

        Assert.Equal((DecisionKind.Fallback, FallbackReason.NotTheInd, organisation), (decision.Kind, decision.Reason, decision.Organisation?.Id));
    }

    [Fact]
    public void Decide_OrganisationInASentenceAroundTheQuestion_AnswersTheQuestion()
    {
        AssertAnswered("biometrics", Decide("hey quick q, my gemeente told me to ask you: when do i do the fingerprint thing after applying?"));
    }

    [Theory]
    [InlineData("de gemeente stuurde me naar jullie, wanneer moet ik mijn vingerafdrukken laten afnemen?", "biometrics")]
    [InlineData("the gemeente sent me to you about my fingerprints, when do I have to do them?", "biometrics")]
    public void Decide_SentToTheIndByAnotherOrganisation_AnswersTheQuestion(string message, string entryId)
    {
        AssertAnswered(entryId, Decide(message));
    }

    [Theory]
    [InlineData("the gemeente sent me here, how do I apply for DigiD?")]
    [InlineData("UWV told me to ask you what my unemployment benefit will be")]
    public void Decide_SentToTheIndWithAnotherOrganisationsQuestion_StillRefuses(string message)
    {
        Assert.Equal(DecisionKind.Fallback, Decide(message).Kind);
    }

    [Fact]
    public void Decide_IndInASentenceAroundAnotherQuestion_StillRefuses()
    {
        Assert.Equal(DecisionKind.Fallback, Decide("Is there parking near Utrecht Centraal? I have an appointment at the IND desk.").Kind);
    }

    [Theory]
    [InlineData("hi", "greeting", "en")]
    [InlineData("thanks!", "thanks", "en")]
    [InlineData("what can you do", "capabilities", "en")]
    [InlineData("Goodbye", "goodbye", "en")]
    [InlineData("ok bye", "goodbye", "en")]
    [InlineData("are you a human?", "capabilities", "en")]
    [InlineData("hoi", "greeting", "nl")]
    [InlineData("dank je wel", "thanks", "nl")]
    [InlineData("hiii 👋", "greeting", "en")]
    [InlineData("heyy", "greeting", "en")]
    [InlineData("thankss a lot!!", "thanks", "en")]
    [InlineData("byeee", "goodbye", "en")]
    public void Decide_SmallTalk_RepliesInTheLanguageOfTheMessage(string message, string intent, string language)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.SmallTalk, intent, language), (decision.Kind, decision.SmallTalkIntent, decision.Language));
    }

    [Fact]
    public void Decide_ThanksAfterADutchAnswer_RepliesInEnglish()
    {
        var dutch = Decide("Waar is het IND-loket in Utrecht?");

        var decision = Decide("thanks", dutch.Context);

        Assert.Equal(("nl", DecisionKind.SmallTalk, "en"), (dutch.Language, decision.Kind, decision.Language));
    }

    [Theory]
    [InlineData("hi, where is the desk in Utrecht?")]
    [InlineData("Hello! Where is the IND desk in Utrecht?")]
    [InlineData("good morning! quick one - where is the utrecht desk? thanks a lot")]
    public void Decide_GreetingBeforeAQuestion_AnswersTheQuestion(string message)
    {
        AssertAnswered("desk-utrecht", Decide(message));
    }

    [Theory]
    [InlineData("<b>where</b> is the utrecht desk")]
    [InlineData("[IND desks](https://ind.nl/en/contact) where is the utrecht desk?")]
    [InlineData("where is the utrecht desk 🙏🙏 https://ind.nl/loket")]
    public void Decide_MarkupAroundTheQuestion_AnswersTheQuestion(string message)
    {
        AssertAnswered("desk-utrecht", Decide(message));
    }

    [Fact]
    public void Decide_TwoQuestions_AnswersBoth()
    {
        var decision = Decide("When do I have to give my fingerprints? And where is the IND desk in Utrecht?");

        Assert.Equal(DecisionKind.Answer, decision.Kind);
        Assert.Equal(["biometrics", "desk-utrecht"], decision.Answers.Select(a => a.Topic.Id));
    }

    [Theory]
    [InlineData("ik zit nu in Turkije", true)]
    [InlineData("I'm currently staying in Spain with family", true)]
    [InlineData("I'm calling from Spain, what is your number?", true)]
    [InlineData("ik bel vanuit het buitenland", true)]
    [InlineData("I want to travel to Spain next week", false)]
    [InlineData("my mother in Ghana wants to visit me", false)]
    [InlineData("mijn man woont in Marokko", false)]
    [InlineData("I'm going to be in Spain next month", false)]
    [InlineData("ik ben in Marokko geboren", false)]
    public void Decide_VisitorSaysWhereTheyAre_TheConversationRemembersAbroad(string message, bool abroad)
    {
        var first = Decide(message);
        var later = Decide("thanks", first.Context);

        Assert.Equal(abroad, first.Context.VisitorAbroad);
        Assert.Equal(abroad, later.Context.VisitorAbroad);
    }

    [Fact]
    public void Decide_DeskNamedInTheStoryBeforeTheQuestion_AnswersForTheDeskAsked()
    {
        var decision = Decide("I went to the Amsterdam desk last week. Is Rotterdam open on Friday?");

        Assert.Equal("desk-rotterdam", Assert.Single(decision.Answers).Topic.Id);
    }

    [Theory]
    [InlineData("what are the opening hours in Hoofddorp and in Rotterdam?", "desk-hoofddorp", "desk-rotterdam")]
    [InlineData("Wat zijn de adressen van de loketten in Zwolle en Amsterdam?", "desk-zwolle", "desk-amsterdam")]
    [InlineData("Rotterdam desk address? and your general phone number", "desk-rotterdam", "contact-phone")]
    [InlineData("Wat is jullie postadres en jullie telefoonnummer?", "contact-post", "contact-phone")]
    public void Decide_TwoThingsAskedTogether_AnswersBothInTheirOrder(string message, string first, string second)
    {
        var decision = Decide(message);

        Assert.Equal(DecisionKind.Answer, decision.Kind);
        Assert.Equal([first, second], decision.Answers.Select(a => a.Topic.Id));
    }

    [Theory]
    [InlineData("travel", "travel-schengen")]
    [InlineData("reizen", "travel-schengen")]
    [InlineData("residence permit", "travel-schengen")]
    public void Decide_AKeywordTheOutOfScopeListAlsoHolds_AsksWhichTopicInsteadOfRefusing(string message, string offered)
    {
        var decision = fixture.Engine().Decide(new Question(message));

        Assert.Equal(DecisionKind.Clarification, decision.Kind);
        Assert.Contains(decision.Options, o => o.EntryId == offered);
        Assert.InRange(decision.Options.Count, 2, 3);
    }

    [Theory]
    [InlineData("I want to extend my residence permit", FallbackReason.NotCovered)]
    [InlineData("hoe verleng ik mijn verblijfsvergunning", FallbackReason.NotCovered)]
    [InlineData("how long does a highly skilled migrant permit take", FallbackReason.NotCovered)]
    [InlineData("Is the Rotterdam zoo open on Sunday?", FallbackReason.NotTheInd)]
    [InlineData("weather tomorrow", FallbackReason.NotTheInd)]
    public void Decide_NotAnswered_SaysWhetherItIsTheIndsBusiness(string message, FallbackReason reason)
    {
        var decision = fixture.Engine().Decide(new Question(message));

        Assert.Equal((DecisionKind.Fallback, reason), (decision.Kind, decision.Reason));
    }

    [Theory]
    [InlineData("travel insurance")]
    [InlineData("weather")]
    [InlineData("DigiD")]
    public void Decide_AKeywordForSomeoneElse_IsStillRefused(string message)
    {
        var decision = fixture.Engine().Decide(new Question(message));

        Assert.Equal(DecisionKind.Fallback, decision.Kind);
    }

    [Fact]
    public void Decide_TwoDesksYesNo_GivesEachItsOwnVerdict()
    {
        // Wednesday: Hoofddorp is closed, Utrecht open.
        var decision = Decide("are Hoofddorp or Utrecht open on Wednesday morning?");

        Assert.Equal(["desk-hoofddorp", "desk-utrecht"], decision.Answers.Select(a => a.Topic.Id));
        Assert.Equal([false, true], decision.Answers.Select(a => a.Desk?.Verdict));
    }

    [Theory]
    [InlineData("I live in Utrecht but work near Amsterdam, where is the Amsterdam desk?", "desk-amsterdam")]
    [InlineData("I live in Utrecht, is the desk in Amsterdam open on Friday?", "desk-amsterdam")]
    [InlineData("Ik woon in Utrecht, is het loket in Amsterdam vrijdag open?", "desk-amsterdam")]
    public void Decide_ADeskCityThatIsNotTheQuestion_AnswersOneDesk(string message, string desk)
    {
        var decision = Decide(message);

        Assert.Equal([desk], decision.Answers.Select(a => a.Topic.Id));
    }

    [Fact]
    public void Decide_SwitchToDutch_RepliesInDutchAndRemembersTheChoice()
    {
        var decision = Decide("Nederlands graag");

        Assert.Equal((DecisionKind.SmallTalk, "nl", "nl"), (decision.Kind, decision.Language, decision.Context.ChosenLanguage));
    }

    [Theory]
    [InlineData("can we talk in dutch", "switch-dutch")]
    [InlineData("kan dit in t engels", "switch-english")]
    [InlineData("Kun je Nederlands praten?", "switch-dutch")]
    [InlineData("uh english please i don't understand the dutch", "switch-english")]
    [InlineData("Can you answer in English? I don't speak Dutch", "switch-english")]
    [InlineData("Mijn Nederlands is niet zo goed, kun je in het Engels antwoorden alsjeblieft?", "switch-english")]
    [InlineData("could you answer in Dutch please, my English isn't that good", "switch-dutch")]
    public void Decide_AskedForALanguage_Switches(string message, string intent)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.SmallTalk, intent), (decision.Kind, decision.SmallTalkIntent));
    }

    [Theory]
    [InlineData("where can I learn dutch")]
    [InlineData("Are there free Dutch lessons somewhere?")]
    [InlineData("do you know an english speaking lawyer")]
    [InlineData("jobs in Groningen for english speakers")]
    [InlineData("waar kan ik een cursus engels volgen")]
    [InlineData("My husband is Dutch")]
    [InlineData("I don't speak Dutch")]
    [InlineData("the letter is in Dutch and I can't read it")]
    [InlineData("I need a translator for Dutch")]
    public void Decide_ALanguageNamedForSomethingElse_KeepsTheLanguage(string message)
    {
        var decision = Decide(message);

        Assert.Null(decision.SmallTalk);
        Assert.Null(decision.Context.ChosenLanguage);
    }

    [Fact]
    public void Decide_EnglishQuestionAfterSwitchToDutch_StaysDutch()
    {
        var switched = Decide("Nederlands graag");

        var decision = Decide("Where is the IND desk in Utrecht?", switched.Context);

        Assert.Equal(("desk-utrecht", "nl"), (decision.EntryId, decision.Language));
    }

    [Theory]
    [InlineData("how do I check the status of my application", "application-status")]
    [InlineData("when do I have to give my fingerprints after the letter", "biometrics")]
    public void Decide_EnglishAfterSwitchToDutch_ReadsTheEnglishAsWellAsWithoutTheSwitch(string question, string entryId)
    {
        var switched = Decide("Nederlands graag");

        var plain = Decide(question);
        var decision = Decide(question, switched.Context);

        Assert.Equal((entryId, "nl", plain.Confidence), (decision.EntryId, decision.Language, decision.Confidence));
    }

    [Theory]
    [InlineData("are you a bot? and where is the zwolle desk", "capabilities", "desk-zwolle", "en")]
    [InlineData("ben je een robot? en waar is het loket in zwolle", "capabilities", "desk-zwolle", "nl")]
    [InlineData("can you answer in dutch please? where is the utrecht desk", "switch-dutch", "desk-utrecht", "nl")]
    [InlineData("are you a real person? when do i give my biometrics", "capabilities", "biometrics", "en")]
    [InlineData("can i talk to a real person? where is the rotterdam desk", "human", "desk-rotterdam", "en")]
    public void Decide_AQuestionToTheBotBesideAnIndQuestion_AnswersBoth(string message, string intent, string entryId, string language)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.Answer, intent, entryId, language), (decision.Kind, decision.SmallTalkIntent, decision.EntryId, decision.Language));
        Assert.Equal(intent.StartsWith("switch-", StringComparison.Ordinal) ? "chosen" : "text", decision.LanguageReason);
    }

    [Theory]
    [InlineData("what can you do? are you a robot?")]
    [InlineData("are you a bot? can I talk to a person?")]
    [InlineData("Which ministry does the IND fall under? My Dutch colleague says Foreign Affairs but I'm not sure")]
    [InlineData("hello. sorry for my english. when do i give my fingerprints?")]
    [InlineData("are you a bot?")]
    [InlineData("hi! where is the zwolle desk")]
    public void Decide_OnlyOneKindOfQuestion_AnswersOnlyThat(string message)
    {
        var decision = Decide(message);

        Assert.True(decision.Kind == DecisionKind.SmallTalk ? decision.Answers.Count == 0 : decision.SmallTalk is null, $"{decision.Kind} {decision.SmallTalkIntent} {decision.EntryId}");
    }

    [Theory]
    [InlineData("Waar is het IND-loket in Utrecht?", null, "nl")]
    [InlineData("Where is the IND desk in Utrecht?", "nl-NL", "nl")]
    [InlineData("Where is the IND desk in Utrecht?", "nl_NL", "nl")]
    [InlineData("Where is the IND desk in Utrecht?", "en-US", "en")]
    [InlineData("where is the loket in Utrecht", null, "en")]
    [InlineData("Waar is het IND-loket in Utrecht?", "en-US", "nl")]
    public void Decide_LanguageFromTextOrLocale_AnswersInThatLanguage(string question, string? locale, string language)
    {
        var decision = fixture.Engine().Decide(new Question(question) { Locale = locale });

        Assert.Equal(("desk-utrecht", language), (decision.EntryId, decision.Language));
    }

    [Theory]
    [InlineData("my V-number is 1234567890 when do I give my fingerprints", "1234567890")]
    [InlineData("my BSN is 111222333, when do I give my fingerprints", "111222333")]
    [InlineData("when do I give my fingerprints? mail me at jan.jansen@example.nl", "jan.jansen@example.nl")]
    public void Decide_PersonalDataWithAQuestion_WarnsOnceAndAnswersTheQuestion(string message, string personal)
    {
        var first = Decide(message);
        var second = Decide(message, first.Context);

        AssertAnswered("biometrics", first);
        Assert.True(first.PersonalDataNotice && first.Context.WarnedAboutPersonalData);
        Assert.False(second.PersonalDataNotice);
        Assert.DoesNotContain(first.Candidates, c => c.Phrasing?.Contains(personal, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Decide_NoPersonalData_GivesNoWarning()
    {
        var decision = Decide("What is the IND phone number?");

        Assert.False(decision.PersonalDataNotice || decision.Context.WarnedAboutPersonalData);
    }

    [Theory]
    [InlineData(UserText.MaxLength + 1)]
    [InlineData(10_000)]
    public void Decide_TooLongMessage_AsksPolitelyForAShorterOne(int length)
    {
        var decision = Decide(Padded("Where is the IND desk in Utrecht?", length));

        Assert.Equal((DecisionKind.Fallback, FallbackReason.TooLong), (decision.Kind, decision.Reason));
    }

    [Fact]
    public void Decide_MessageOfExactlyTheMaximumLength_IsAnswered()
    {
        AssertAnswered("desk-utrecht", Decide(Padded("Where is the IND desk in Utrecht?", UserText.MaxLength)));
    }

    [Theory]
    [InlineData("Where is the IND\u0000 desk in\u0007 Utrecht?\u001b")]
    [InlineData("\u200BWhere is the IND desk\r\nin Utrecht?\u0085")]
    [InlineData("Where is the IND desk in Utrecht?\uFFFE")]
    public void Decide_ControlCharacters_AreIgnored(string message)
    {
        AssertAnswered("desk-utrecht", Decide(message));
    }

    [Theory]
    [InlineData("a\u0000b\u0007c", "abc")]
    [InlineData("  line one\r\nline\ttwo  ", "line one  line two")]
    [InlineData("zero\u200Bwidth", "zerowidth")]
    public void Clean_ControlCharacters_AreStripped(string text, string expected)
    {
        Assert.Equal(expected, UserText.Clean(text));
    }

    [Theory]
    [InlineData("fingreprints", "biometrics")]
    [InlineData("When do I give my fingreprints?", "biometrics")]
    [InlineData("when do i give my biometrcs", "biometrics")]
    [InlineData("Can I travel in Europe with my residense permit?", "travel-schengen")]
    [InlineData("Where is the IND desk in Utrcht?", "desk-utrecht")]
    public void Decide_Typo_StillAnswersTheRightEntry(string question, string entryId)
    {
        AssertAnswered(entryId, Decide(question));
    }

    [Fact]
    public void Decide_EnglishTypo_IsCorrectedToAnEnglishWord()
    {
        var decision = Decide("when do i give my biometrcs");

        Assert.Contains("biometrcs → biometrics", decision.Corrections);
    }

    [Theory]
    [InlineData("I went to the post last week, did my application arrive?")]
    [InlineData("my friend read that the desk is good for photos")]
    [InlineData("mijn zoon gaat heen en weer met de trein, mag dat?")]
    public void Decide_EverydayWords_AreNotCorrectedIntoKnowledgeWords(string question)
    {
        var decision = Decide(question);

        Assert.Empty(decision.Corrections);
    }

    [Theory]
    [InlineData("Where is the Zwolle desk?", "and its opening hours?", "desk-zwolle")]
    [InlineData("Where is the Zwolle desk?", "is it open on Friday?", "desk-zwolle")]
    [InlineData("I want to go to an IND desk", "Utrecht", "desk-utrecht")]
    [InlineData("What is the IND phone number?", "and from abroad?", "contact-phone-abroad")]
    [InlineData("Where is the IND desk in Utrecht?", "When do I have to give my fingerprints?", "biometrics")]
    [InlineData("Waar is het IND-loket in Utrecht?", "Wanneer moet ik mijn vingerafdrukken laten afnemen?", "biometrics")]
    public void Decide_FollowUp_UsesTheConversation(string first, string followUp, string entryId)
    {
        AssertAnswered(entryId, Decide(followUp, Decide(first).Context));
    }

    [Fact]
    public void Decide_FollowUpWithAnotherDesk_KeepsTheDayAndTheYesNo()
    {
        var first = Decide("is the Rotterdam desk open on Thursday afternoon?");

        var decision = Decide("and Zwolle?", first.Context);

        AssertAnswered("desk-zwolle", decision);
        Assert.Equal((DayOfWeek.Thursday, (bool?)true), (decision.Answers[0].Desk!.Day, decision.Answers[0].Desk!.Verdict));
    }

    [Theory]
    [InlineData("Where is the Hoofddorp desk?", "fingerprints there?", "desk-hoofddorp", false)]
    [InlineData("When can I pick up my residence card?", "can I pick it up at the Rijswijk desk?", "desk-rijswijk", true)]
    [InlineData("Waar kan ik vingerafdrukken laten afnemen?", "kan dat ook in Hoofddorp?", "desk-hoofddorp", false)]
    [InlineData("my wife needs to give her fingerprints", "can she do that in hoofddorp?", "desk-hoofddorp", false)]
    [InlineData("how do I get a return visa?", "can I get it at the desk in rotterdam?", "desk-rotterdam", true)]
    [InlineData("Rotterdam desk opening hours?", "so if I come tomorrow at 11 is that ok?", "desk-rotterdam", true)]
    [InlineData("Welke loketten zijn woensdag open?", "Hoofddorp ook?", "desk-hoofddorp", false)]
    [InlineData("when is the Utrecht desk open", "and if I come on Sunday?", "desk-utrecht", false)]
    public void Decide_YesNoFollowUpAboutADesk_GivesTheVerdict(string first, string followUp, string deskId, bool verdict)
    {
        var decision = Decide(followUp, Decide(first).Context);

        AssertAnswered(deskId, decision);
        Assert.Equal((bool?)verdict, decision.Answers[0].Desk!.Verdict);
    }

    [Theory]
    [InlineData("Which desk is nearest to Lelystad?", "Lelystad", "desk-zwolle")]
    [InlineData("I live in Tilburg, which IND desk do I go to?", "Tilburg", "desk-den-bosch")]
    public void Decide_WhichDeskFromAPlaceWithoutOne_NamesThePlaceAndItsNearestDesk(string question, string place, string nearest)
    {
        var desks = Decide(question).Answers.Single().Desks!;

        Assert.Equal((place, nearest), (desks.PlaceName, desks.Nearest?.Id));
    }

    [Fact]
    public void Decide_AllDesksAfterADeskQuestion_IsAboutAllDesks()
    {
        var first = Decide("Where is the Zwolle desk?");

        var decision = Decide("which desks are open on Saturday?", first.Context);

        AssertAnswered("desks", decision);
    }

    [Fact]
    public void Decide_FollowUpWithoutConversation_DoesNotGuessADesk()
    {
        Assert.NotEqual("desk-zwolle", Decide("and its opening hours?").EntryId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    public void Decide_EmptyMessage_AsksForMore(string message)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.Clarification, 0), (decision.Kind, decision.Options.Count));
    }

    [Fact]
    public void Decide_Answer_ItsConfidenceIsTheModelsProbability()
    {
        var decision = Decide("When do I have to give my fingerprints?");

        Assert.Equal(decision.Candidates[0].Score, decision.Confidence, 3);
        Assert.InRange(decision.Confidence, fixture.Model.OperatingPoint.Answer, 1);
        Assert.Equal(CandidateFeatures.Count, decision.Candidates[0].Features.Count);
    }

    private static void AssertAnswered(string entryId, Decision decision) =>
        Assert.True(decision.Kind == DecisionKind.Answer && decision.EntryId == entryId,
            $"Expected an answer with {entryId}, got {decision.Kind} {decision.EntryId} ({decision.Confidence}); "
            + $"options [{string.Join(", ", decision.Options.Select(o => o.EntryId))}]; "
            + $"candidates [{string.Join(", ", decision.Candidates.Select(c => $"{c.EntryId} {c.Score}"))}]; "
            + $"corrections [{string.Join(", ", decision.Corrections)}]");

    private Decision Decide(string text, ConversationContext? context = null) =>
        fixture.Engine().Decide(new Question(text) { Context = context ?? ConversationContext.Empty });

    private static string Padded(string question, int length) => question + " " + new string('?', length - question.Length - 1);
}
