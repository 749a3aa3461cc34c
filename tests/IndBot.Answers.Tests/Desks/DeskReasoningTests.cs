using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;

namespace IndBot.Answers.Tests.Desks;

/// <summary>Desk and phone questions at fixed Amsterdam clock times.</summary>
public class DeskReasoningTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    private static readonly DateTimeOffset MondayMorning = AmsterdamClock.At(DayOfWeek.Monday, 10, 0);

    [Fact]
    public void Decide_RotterdamThursdayAfternoon_SaysNoAndGivesTheMorningHours()
    {
        var decision = Decide("is the Rotterdam desk open on Thursday afternoon?", MondayMorning);

        Assert.Equal("desk-rotterdam", decision.EntryId);
        Assert.Equal(Format("deskClosedPartOfDay", "en", ("desk", "IND Rotterdam"), ("day", "Thursday"), ("from", "09:00"), ("to", "12:00")), decision.Lead);
        Assert.StartsWith(decision.Lead!, decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RotterdamThursdayMorning_SaysYes()
    {
        var decision = Decide("is the Rotterdam desk open on Thursday morning?", MondayMorning);

        Assert.Equal(Format("deskOpenOnDay", "en", ("desk", "IND Rotterdam"), ("day", "Thursday"), ("from", "09:00"), ("to", "12:00")), decision.Lead);
    }

    [Fact]
    public void Decide_DutchThursdayAfternoonRotterdam_SaysNoInDutch()
    {
        var decision = Decide("donderdagmiddag Rotterdam loket open?", MondayMorning);

        Assert.Equal(("desk-rotterdam", "nl"), (decision.EntryId, decision.Language));
        Assert.Equal(Format("deskClosedPartOfDay", "nl", ("desk", "IND Rotterdam"), ("day", "donderdag"), ("from", "09:00"), ("to", "12:00")), decision.Lead);
    }

    [Theory]
    [InlineData("can I go to Hoofddorp on Wednesday?")]
    [InlineData("Can I pick up my residence card in Hoofddorp on a Wednesday?")]
    public void Decide_HoofddorpOnWednesday_SaysClosedAndListsTheOpenDays(string question)
    {
        var decision = Decide(question, MondayMorning);

        Assert.Equal("desk-hoofddorp", decision.EntryId);
        Assert.Equal(Format("deskClosedOnDay", "en", ("desk", "IND Hoofddorp"), ("day", "Wednesday"), ("days", "Monday, Tuesday and Thursday")), decision.Lead);
    }

    [Theory]
    [InlineData("is Zwolle open on Saturday?", "desk-zwolle", "Saturday")]
    [InlineData("Is the Amsterdam desk open on Sunday?", "desk-amsterdam", "Sunday")]
    [InlineData("Is Den Bosch open on saturday?", "desk-den-bosch", "Saturday")]
    public void Decide_DeskOnWeekend_SaysNo(string question, string deskId, string day)
    {
        var decision = Decide(question, MondayMorning);

        Assert.Equal(deskId, decision.EntryId);
        Assert.Equal(Format("deskClosedOnDay", "en", ("desk", decision.Desk!.Name), ("day", day), ("days", "Monday, Tuesday, Wednesday, Thursday and Friday")), decision.Lead);
    }

    [Fact]
    public void Decide_WhichDesksOpenOnFriday_ListsSevenDesksWithoutHoofddorp()
    {
        var decision = Decide("which desks are open on Friday?", MondayMorning);

        Assert.Equal("desks", decision.EntryId);
        var listed = fixture.Knowledge.Desks.Where(d => decision.Text.Contains("**" + d.Name + "**", StringComparison.Ordinal)).Select(d => d.Id).ToList();
        Assert.Equal(7, listed.Count);
        Assert.DoesNotContain("desk-hoofddorp", listed);
    }

    [Fact]
    public void Decide_FingerprintsInHoofddorp_SaysNoAndSuggestsADeskThatOffersThem()
    {
        var decision = Decide("can I get fingerprints taken in Hoofddorp?", MondayMorning);

        Assert.Equal("desk-hoofddorp", decision.EntryId);
        Assert.StartsWith("No", decision.Lead, StringComparison.Ordinal);
        var suggested = fixture.Knowledge.Desks.Where(d => d.Id != "desk-hoofddorp" && decision.Lead!.Contains(d.Name, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(suggested);
        Assert.All(suggested, d => Assert.Contains(d.Services, s => s.Id == "fingerprints"));
    }

    [Fact]
    public void Decide_FingerprintsInUtrecht_SaysYes()
    {
        var decision = Decide("can I get fingerprints taken in Utrecht?", MondayMorning);

        Assert.Equal("desk-utrecht", decision.EntryId);
        Assert.StartsWith("Yes", decision.Lead, StringComparison.Ordinal);
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
        var decision = Decide("Is the Utrecht desk open now?", AmsterdamClock.At(day, hour, minute));

        Assert.Equal("desk-utrecht", decision.EntryId);
        Assert.StartsWith(open ? "Yes" : "No", decision.Lead, StringComparison.Ordinal);
        Assert.Contains(Message(open ? "openNow" : "closedNow", "en"), decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UtrechtOpenNowInSummer_UsesSummerTime()
    {
        // 09:30 in Amsterdam in July is 07:30 UTC: open, though 07:30 would be closed.
        var decision = Decide("Is the Utrecht desk open now?", new DateTimeOffset(2026, 7, 7, 7, 30, 0, TimeSpan.Zero));

        Assert.StartsWith("Yes", decision.Lead, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UtrechtOpenNow_ReadsNaturally()
    {
        var decision = Decide("Is the Utrecht desk open now?", AmsterdamClock.At(DayOfWeek.Tuesday, 10, 0));

        Assert.DoesNotContain("on today", decision.Lead, StringComparison.OrdinalIgnoreCase);
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
        var decision = Decide("phone line open right now", AmsterdamClock.At(day, hour, minute));

        Assert.Equal(open, decision.PhoneOpenNow);
        Assert.Contains(Message(open ? "phoneOpenNow" : "phoneClosedNow", "en"), decision.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Message(open ? "phoneClosedNow" : "phoneOpenNow", "en"), decision.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DayOfWeek.Monday, true)]
    [InlineData(DayOfWeek.Saturday, false)]
    public void Decide_Fallback_SaysWhetherThePhoneLineIsOpen(DayOfWeek day, bool open)
    {
        var decision = Decide("restaurants in Utrecht", AmsterdamClock.At(day, 10, 0));

        Assert.Equal((DecisionKind.Fallback, (bool?)open), (decision.Kind, decision.PhoneOpenNow));
        Assert.EndsWith(Message(open ? "phoneOpenNow" : "phoneClosedNow", "en"), decision.Text, StringComparison.Ordinal);
    }

    private Decision Decide(string text, DateTimeOffset now) => fixture.Engine(now).Decide(new Question(text));

    private string Message(string key, string language) => fixture.Knowledge.Messages.Get(key, language);

    private string Format(string key, string language, params (string, string)[] values) =>
        fixture.Knowledge.Messages.Format(key, language, values);
}
