using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Answers.Text;

namespace IndBot.Answers.Tests.Decisions;

public class AnswerEngineTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    private const string IndPhone = "088 0430 430";

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
    public void Decide_FaqQuestion_ShowsTheAnswerAndItsSource()
    {
        var biometrics = fixture.Knowledge.Faqs.Single(f => f.Id == "biometrics");

        var decision = Decide("When do I have to give my fingerprints?");

        Assert.StartsWith(biometrics.Answer["en"], decision.Text, StringComparison.Ordinal);
        Assert.EndsWith("_Source: IND website, frequently asked questions_", decision.Text, StringComparison.Ordinal);
        Assert.Equal(biometrics.Source, decision.Source);
    }

    [Fact]
    public void Decide_DeskQuestion_ShowsTheDeskAndItsAddress()
    {
        var decision = Decide("Where is the IND desk in Utrecht?");

        Assert.Equal("desk-utrecht", decision.Desk?.Id);
        Assert.Contains("Bergstraat 58", decision.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photo", "en")]
    [InlineData("mijn aanvraag", "nl")]
    public void Decide_VagueQuestion_OffersUpToThreeDistinctOptions(string question, string language)
    {
        var decision = Decide(question);

        Assert.Equal(DecisionKind.Clarification, decision.Kind);
        Assert.InRange(decision.Options.Count, 1, 3);
        Assert.Equal(decision.Options.Count, decision.Options.Select(o => o.EntryId).Distinct().Count());
        Assert.All(decision.Options, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Question));
            Assert.Contains(o.Title, decision.Text, StringComparison.Ordinal);
        });
        Assert.Equal(decision.Options.Count, decision.Options.Select(o => o.Question).Distinct().Count());
        Assert.StartsWith(Message("clarification", language), decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ClarificationOptionClicked_AnswersThatOption()
    {
        var option = Decide("photo").Options[0];

        var decision = Decide(option.Question);

        Assert.Equal((DecisionKind.Answer, option.EntryId), (decision.Kind, decision.EntryId));
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
    public void Decide_OutOfScopeQuestion_IsNeverAnswered(string question)
    {
        var decision = Decide(question);

        Assert.True(decision.Kind is DecisionKind.Fallback or DecisionKind.Clarification,
            $"'{question}' was answered with {decision.EntryId} ({decision.Confidence})");
    }

    [Theory]
    [InlineData("restaurants in Utrecht")]
    [InlineData("how much does a residence permit cost?")]
    public void Decide_Fallback_GivesThePhoneNumberAndEveryContactOption(string question)
    {
        var decision = Decide(question);

        Assert.Equal(DecisionKind.Fallback, decision.Kind);
        Assert.StartsWith(Message("fallback", "en"), decision.Text, StringComparison.Ordinal);
        Assert.Contains(IndPhone, decision.Text, StringComparison.Ordinal);
        Assert.All(fixture.Knowledge.Contacts, c => Assert.Contains(c.Title["en"], decision.Text, StringComparison.Ordinal));
        Assert.Equal(fixture.Knowledge.Contacts.Select(c => c.Id), decision.Contacts.Select(c => c.Id));
    }

    [Theory]
    [InlineData("hi", "greeting", "en")]
    [InlineData("thanks!", "thanks", "en")]
    [InlineData("what can you do", "capabilities", "en")]
    [InlineData("Goodbye", "goodbye", "en")]
    [InlineData("hoi", "greeting", "nl")]
    [InlineData("dank je wel", "thanks", "nl")]
    public void Decide_SmallTalk_RepliesInTheLanguageOfTheMessage(string message, string intent, string language)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.SmallTalk, intent, language), (decision.Kind, decision.SmallTalkIntent, decision.Language));
        Assert.Equal(fixture.Knowledge.SmallTalk.Single(i => i.Id == intent).Reply[language], decision.Text);
    }

    [Theory]
    [InlineData("hi, where is the desk in Utrecht?")]
    [InlineData("Hello! Where is the IND desk in Utrecht?")]
    public void Decide_GreetingBeforeAQuestion_AnswersTheQuestion(string message)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.Answer, "desk-utrecht"), (decision.Kind, decision.EntryId));
    }

    [Fact]
    public void Decide_SwitchToDutch_RepliesInDutchAndRemembersTheChoice()
    {
        var decision = Decide("Nederlands graag");

        Assert.Equal((DecisionKind.SmallTalk, "nl", "nl"), (decision.Kind, decision.Language, decision.Context.ChosenLanguage));
        Assert.Equal(Message("languageSwitched", "nl"), decision.Text);
    }

    [Fact]
    public void Decide_EnglishQuestionAfterSwitchToDutch_StaysDutch()
    {
        var switched = Decide("Nederlands graag");

        var decision = Decide("Where is the IND desk in Utrecht?", switched.Context);

        Assert.Equal(("desk-utrecht", "nl"), (decision.EntryId, decision.Language));
        Assert.Contains(Message("address", "nl") + ":", decision.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Waar is het IND-loket in Utrecht?", null, "nl")]
    [InlineData("Where is the IND desk in Utrecht?", "nl-NL", "nl")]
    [InlineData("Where is the IND desk in Utrecht?", "en-US", "en")]
    [InlineData("where is the loket in Utrecht", null, "en")]
    [InlineData("Waar is het IND-loket in Utrecht?", "en-US", "nl")]
    public void Decide_LanguageFromTextOrLocale_AnswersInThatLanguage(string question, string? locale, string language)
    {
        var decision = fixture.Engine().Decide(new Question(question) { Locale = locale });

        Assert.Equal(("desk-utrecht", language), (decision.EntryId, decision.Language));
        Assert.Contains(Message("openingHours", language) + ":", decision.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my V-number is 1234567890", "1234567890")]
    [InlineData("my BSN is 111222333, when do I give my fingerprints", "111222333")]
    [InlineData("mail me at jan.jansen@example.nl about my application", "jan.jansen@example.nl")]
    public void Decide_PersonalData_WarnsOnceAndNeverRepeatsIt(string message, string personal)
    {
        var warning = Message("personalData", "en");

        var first = Decide(message);
        var second = Decide(message, first.Context);

        Assert.DoesNotContain(personal, first.Text, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(first.Text, warning));
        Assert.True(first.Context.WarnedAboutPersonalData);
        Assert.DoesNotContain(personal, second.Text, StringComparison.Ordinal);
        Assert.Equal(0, Occurrences(second.Text, warning));
    }

    [Fact]
    public void Decide_NoPersonalData_GivesNoWarning()
    {
        var decision = Decide("What is the IND phone number?");

        Assert.DoesNotContain(Message("personalData", "en"), decision.Text, StringComparison.Ordinal);
        Assert.False(decision.Context.WarnedAboutPersonalData);
    }

    [Theory]
    [InlineData(UserText.MaxLength + 1)]
    [InlineData(10_000)]
    public void Decide_TooLongMessage_AsksPolitelyForAShorterOne(int length)
    {
        var message = Padded("Where is the IND desk in Utrecht?", length);

        var decision = Decide(message);

        Assert.Equal(Message("tooLong", "en"), decision.Text);
        Assert.NotEqual(DecisionKind.Answer, decision.Kind);
    }

    [Fact]
    public void Decide_MessageOfExactlyTheMaximumLength_IsAnswered()
    {
        var decision = Decide(Padded("Where is the IND desk in Utrecht?", UserText.MaxLength));

        Assert.Equal("desk-utrecht", decision.EntryId);
    }

    [Theory]
    [InlineData("Where is the IND\u0000 desk in\u0007 Utrecht?\u001b")]
    [InlineData("\u200BWhere is the IND desk\r\nin Utrecht?\u0085")]
    public void Decide_ControlCharacters_AreIgnored(string message)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.Answer, "desk-utrecht"), (decision.Kind, decision.EntryId));
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
    [InlineData("Can I travel in Europe with my residense permit?", "travel-schengen")]
    [InlineData("my residense permit expires during my trip", "return-visa")]
    [InlineData("apointment desk", "desk-appointment")]
    [InlineData("Where is the IND desk in Utrcht?", "desk-utrecht")]
    public void Decide_Typo_StillAnswersTheRightEntry(string question, string entryId)
    {
        AssertAnswered(entryId, Decide(question));
    }

    [Theory]
    [InlineData("Where is the Zwolle desk?", "and its opening hours?", "desk-zwolle")]
    [InlineData("Where is the Zwolle desk?", "is it open on Friday?", "desk-zwolle")]
    [InlineData("I want to go to an IND desk", "Utrecht", "desk-utrecht")]
    [InlineData("What is the IND phone number?", "and from abroad?", "contact-phone-abroad")]
    [InlineData("Where is the Zwolle desk?", "can I get fingerprints there?", "desk-zwolle")]
    [InlineData("Where is the IND desk in Utrecht?", "When do I have to give my fingerprints?", "biometrics")]
    [InlineData("Waar is het IND-loket in Utrecht?", "Wanneer moet ik mijn vingerafdrukken laten afnemen?", "biometrics")]
    public void Decide_FollowUp_UsesTheConversation(string first, string followUp, string entryId)
    {
        var context = Decide(first).Context;

        AssertAnswered(entryId, Decide(followUp, context));
    }

    [Fact]
    public void Decide_FollowUpWithoutConversation_DoesNotGuessADesk()
    {
        var decision = Decide("and its opening hours?");

        Assert.NotEqual("desk-zwolle", decision.EntryId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    public void Decide_EmptyMessage_AsksForMore(string message)
    {
        var decision = Decide(message);

        Assert.Equal((DecisionKind.Clarification, Message("emptyQuery", "en")), (decision.Kind, decision.Text));
    }

    private static void AssertAnswered(string entryId, Decision decision) =>
        Assert.True(decision.Kind == DecisionKind.Answer && decision.EntryId == entryId,
            $"Expected an answer with {entryId}, got {decision.Kind} {decision.EntryId} ({decision.Confidence}); "
            + $"options [{string.Join(", ", decision.Options.Select(o => o.EntryId))}]; "
            + $"candidates [{string.Join(", ", decision.Candidates.Select(c => $"{c.EntryId} {c.Score}"))}]; "
            + $"corrections [{string.Join(", ", decision.Corrections)}]");

    private Decision Decide(string text, ConversationContext? context = null) =>
        fixture.Engine().Decide(new Question(text) { Context = context ?? ConversationContext.Empty });

    private string Message(string key, string language) => fixture.Knowledge.Messages.Get(key, language);

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Padded(string question, int length) => question + " " + new string('?', length - question.Length - 1);
}
