using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;

namespace IndBot.Answers.Tests.Desks;

/// <summary>Desk and phone questions at fixed Amsterdam clock times: the verdict and the fact that decides it.</summary>
public class DeskReasoningTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    private static readonly DateTimeOffset MondayMorning = AmsterdamClock.At(DayOfWeek.Monday, 10, 0);

    [Theory]
    [InlineData("is the Rotterdam desk open on Thursday afternoon?", false)]
    [InlineData("is the Rotterdam desk open on Thursday morning?", true)]
    [InlineData("donderdagmiddag Rotterdam loket open?", false)]
    [InlineData("can I go to the Rotterdam desk on thursday at 14:30?", false)]
    [InlineData("can I go to the Rotterdam desk on thursday at 11am?", true)]
    [InlineData("Rotterdam thursday half past two, is that possible?", false)]
    [InlineData("kan ik donderdag om kwart over tien naar Rotterdam?", true)]
    public void Decide_RotterdamOnThursday_OpenOnlyInTheMorning(string question, bool verdict)
    {
        var facts = DeskFacts("desk-rotterdam", question, MondayMorning);

        Assert.Equal((DayOfWeek.Thursday, (bool?)verdict), (facts.Day, facts.Verdict));
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(12, 0)), (facts.Hours!.Value.From, facts.Hours.Value.To));
    }

    [Theory]
    [InlineData("can I go to the Zwolle desk after work?", false)]
    [InlineData("can I go to the Zwolle desk before 9?", false)]
    [InlineData("is Zwolle open at lunchtime?", true)]
    [InlineData("is the zwolle desk open at 3pm?", true)]
    [InlineData("is Zwolle still open at 4.30pm?", false)]
    public void Decide_ZwolleAtAClockTime_ComparesWithItsHours(string question, bool verdict)
    {
        var facts = DeskFacts("desk-zwolle", question, MondayMorning);

        Assert.Equal(verdict, facts.Verdict);
    }

    [Theory]
    [InlineData("is hoofd dorp open on wednesday")]
    [InlineData("can i go to hoofd dorp on wednesday for my photo")]
    public void Decide_ADeskNameHeardAsTwoWords_IsThatDesk(string question)
    {
        var facts = DeskFacts("desk-hoofddorp", question, MondayMorning);

        Assert.Equal((DayOfWeek.Wednesday, (bool?)false), (facts.Day, facts.Verdict));
    }

    [Theory]
    [InlineData("can I go to Hoofddorp on Wednesday?", false)]
    [InlineData("Can I pick up my residence card in Hoofddorp on a Wednesday?", false)]
    [InlineData("is Hoofddorp closed on Wednesday?", true)]
    [InlineData("is Hoofddorp closed on Tuesday?", false)]
    public void Decide_HoofddorpOnWednesday_IsClosed(string question, bool verdict)
    {
        var facts = DeskFacts("desk-hoofddorp", question, MondayMorning);

        Assert.Equal((bool?)verdict, facts.Verdict);
        Assert.Equal(facts.Day == DayOfWeek.Wednesday, facts.Hours is null);
    }

    // Monday 12 January 2026: the 14th is a Wednesday, 16 January a Friday, "de 10e" is 10 February (a Tuesday) and
    // 1 February a Sunday.
    [Theory]
    [InlineData("Is Hoofddorp open on the 14th?", DayOfWeek.Wednesday, false)]
    [InlineData("can I go to the Hoofddorp desk on 16 january?", DayOfWeek.Friday, false)]
    [InlineData("Is het loket in Hoofddorp open op de 10e?", DayOfWeek.Tuesday, true)]
    [InlineData("is hoofddorp open February 1st?", DayOfWeek.Sunday, false)]
    [InlineData("Hoofddorp donderdag 15 januari, kan dat?", DayOfWeek.Thursday, true)]
    public void Decide_DeskOnADate_ReadsTheDateAsItsWeekday(string question, DayOfWeek day, bool verdict)
    {
        var facts = DeskFacts("desk-hoofddorp", question, MondayMorning);

        Assert.Equal((day, (bool?)verdict), (facts.Day, facts.Verdict));
    }

    [Theory]
    [InlineData("Hoofddorp zaterdag?", false)]
    [InlineData("Rotterdam on Thursday 11am - open?", true)]
    [InlineData("Zwolle tomorrow at 3pm?", true)]
    public void Decide_DeskAndTimeWithAQuestionMark_IsAYesNoQuestion(string question, bool verdict)
    {
        var deskId = "desk-" + question.Split(' ')[0].ToLowerInvariant();
        var facts = DeskFacts(deskId, question, MondayMorning);

        Assert.Equal((bool?)verdict, facts.Verdict);
    }

    [Theory]
    [InlineData("is Zwolle open on Saturday?", "desk-zwolle")]
    [InlineData("Is the Amsterdam desk open on Sunday?", "desk-amsterdam")]
    [InlineData("Is Den Bosch open on saturday?", "desk-den-bosch")]
    [InlineData("is Utrecht open this weekend?", "desk-utrecht")]
    public void Decide_DeskOnWeekend_SaysNo(string question, string deskId)
    {
        var facts = DeskFacts(deskId, question, MondayMorning);

        Assert.Equal((bool?)false, facts.Verdict);
        Assert.Null(facts.Hours);
    }

    [Theory]
    [InlineData("is Eindhoven open tomorrow morning?", DayOfWeek.Tuesday)]
    [InlineData("is het loket in Eindhoven morgenmiddag open?", DayOfWeek.Tuesday)]
    [InlineData("is Eindhoven open the day after tomorrow?", DayOfWeek.Wednesday)]
    [InlineData("is Eindhoven open this Friday?", DayOfWeek.Friday)]
    [InlineData("is Eindhoven open next monday?", DayOfWeek.Monday)]
    public void Decide_RelativeDay_IsReadFromTheClock(string question, DayOfWeek day)
    {
        var facts = DeskFacts("desk-eindhoven", question, MondayMorning);

        Assert.Equal((day, (bool?)true), (facts.Day, facts.Verdict));
    }

    [Fact]
    public void Decide_WhatTimeDoesItClose_GivesTheClosingTimeWithoutAVerdict()
    {
        var facts = DeskFacts("desk-zwolle", "what time does the Zwolle desk close?", MondayMorning);

        Assert.Null(facts.Verdict);
        Assert.True(facts.Asked!.AsksClosing);
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(16, 0)), (facts.Day!.Value, facts.Hours!.Value.To));
    }

    [Fact]
    public void Decide_WhichDesksOpenOnFriday_ListsSevenDesksWithoutHoofddorp()
    {
        var list = DeskList("which desks are open on Friday?", MondayMorning);

        Assert.Equal(7, list.Desks.Count);
        Assert.DoesNotContain(list.Desks, d => d.Id == "desk-hoofddorp");
    }

    [Theory]
    [InlineData("could I come by one of your desks this Sunday?", false)]
    [InlineData("is there a desk open on Wednesday?", true)]
    [InlineData("are all your desks open on Wednesdays?", false)]
    [InlineData("zijn alle loketten op vrijdag open?", false)]
    public void Decide_AnyOrEveryDesk_GivesTheVerdictForAllDesks(string question, bool verdict)
    {
        Assert.Equal((bool?)verdict, DeskList(question, MondayMorning).Verdict);
    }

    [Fact]
    public void Decide_FingerprintsInHoofddorp_SaysNoAndSuggestsADeskThatOffersThem()
    {
        var facts = DeskFacts("desk-hoofddorp", "can I get fingerprints taken in Hoofddorp?", MondayMorning);

        Assert.Equal(((bool?)false, (bool?)false), (facts.Verdict, facts.ServiceAvailable));
        Assert.Contains(facts.Alternative!.Services, s => s.Id == "fingerprints");
        Assert.DoesNotContain(facts.Alternative.Unavailable, s => s.Id == "fingerprints");
    }

    [Fact]
    public void Decide_FingerprintsInUtrecht_SaysYes()
    {
        var facts = DeskFacts("desk-utrecht", "can I get fingerprints taken in Utrecht?", MondayMorning);

        Assert.Equal(((bool?)true, (bool?)true), (facts.Verdict, facts.ServiceAvailable));
    }

    [Theory]
    [InlineData(DayOfWeek.Tuesday, 10, 0, true)]
    [InlineData(DayOfWeek.Tuesday, 9, 0, true)]
    [InlineData(DayOfWeek.Tuesday, 15, 59, true)]
    [InlineData(DayOfWeek.Tuesday, 16, 0, false)]
    [InlineData(DayOfWeek.Tuesday, 18, 0, false)]
    [InlineData(DayOfWeek.Tuesday, 8, 30, false)]
    [InlineData(DayOfWeek.Saturday, 10, 0, false)]
    public void Decide_UtrechtOpenNow_FollowsTheAmsterdamClock(DayOfWeek day, int hour, int minute, bool open)
    {
        var facts = DeskFacts("desk-utrecht", "Is the Utrecht desk open now?", AmsterdamClock.At(day, hour, minute));

        Assert.Equal((bool?)open, facts.Verdict);
    }

    [Fact]
    public void Decide_UtrechtOpenNowInSummer_UsesSummerTime()
    {
        // 09:30 in Amsterdam in July is 07:30 UTC: open, though 07:30 would be closed.
        var facts = DeskFacts("desk-utrecht", "Is the Utrecht desk open now?", new DateTimeOffset(2026, 7, 7, 7, 30, 0, TimeSpan.Zero));

        Assert.Equal((bool?)true, facts.Verdict);
    }

    [Theory]
    [InlineData(DayOfWeek.Monday, 10, 0, true)]
    [InlineData(DayOfWeek.Friday, 16, 59, true)]
    [InlineData(DayOfWeek.Friday, 17, 0, false)]
    [InlineData(DayOfWeek.Monday, 8, 59, false)]
    [InlineData(DayOfWeek.Saturday, 10, 0, false)]
    [InlineData(DayOfWeek.Sunday, 12, 0, false)]
    public void Decide_PhoneLineOpenRightNow_SaysWhetherItIsOpen(DayOfWeek day, int hour, int minute, bool open)
    {
        var decision = fixture.Engine(AmsterdamClock.At(day, hour, minute)).Decide(new Question("is the IND phone line open right now"));

        Assert.Equal(DecisionKind.Answer, decision.Kind);
        Assert.Equal(open, decision.PhoneOpenNow);
    }

    [Theory]
    [InlineData(DayOfWeek.Monday, true)]
    [InlineData(DayOfWeek.Saturday, false)]
    public void Decide_Fallback_SaysWhetherThePhoneLineIsOpen(DayOfWeek day, bool open)
    {
        var decision = fixture.Engine(AmsterdamClock.At(day, 10, 0)).Decide(new Question("restaurants in Utrecht"));

        Assert.Equal((DecisionKind.Fallback, (bool?)open), (decision.Kind, decision.PhoneOpenNow));
    }

    private Answers.Decisions.DeskFacts DeskFacts(string deskId, string question, DateTimeOffset now)
    {
        var decision = fixture.Engine(now).Decide(new Question(question));
        Assert.True(decision.Kind == DecisionKind.Answer && decision.EntryId == deskId,
            $"'{question}': expected {deskId}, got {decision.Kind} {decision.EntryId} [{string.Join(", ", decision.Candidates.Select(c => $"{c.EntryId} {c.Score}"))}]");
        return decision.Answers[0].Desk!;
    }

    private DeskListFacts DeskList(string question, DateTimeOffset now)
    {
        var decision = fixture.Engine(now).Decide(new Question(question));
        Assert.True(decision.Kind == DecisionKind.Answer && decision.EntryId == "desks",
            $"'{question}': expected desks, got {decision.Kind} {decision.EntryId} [{string.Join(", ", decision.Candidates.Select(c => $"{c.EntryId} {c.Score}"))}]");
        return decision.Answers[0].Desks!;
    }
}
