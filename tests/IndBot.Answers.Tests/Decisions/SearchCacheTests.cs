using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace IndBot.Answers.Tests.Decisions;

public sealed class SearchCacheTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    [Theory]
    [InlineData("When do I have to give my fingerprints after applying?")]
    [InlineData("Is the Rotterdam zoo open on Sunday?")]
    [InlineData("wanneer vingerafdrukken geven")]
    public void Decide_SameQuestionTwice_SameDecisionAsWithoutCache(string question)
    {
        var cached = fixture.Engine();
        var uncached = fixture.Engine(options: new EngineOptions { SearchCacheSize = 0 });

        var first = cached.Decide(new Question(question));
        var second = cached.Decide(new Question(question));
        var reference = uncached.Decide(new Question(question));

        Assert.Equal((reference.Kind, reference.EntryId, reference.Confidence), (first.Kind, first.EntryId, first.Confidence));
        Assert.Equal((reference.Kind, reference.EntryId, reference.Confidence), (second.Kind, second.EntryId, second.Confidence));
    }

    [Fact]
    public void Decide_RepeatedFallback_StillTellsWhetherThePhoneIsOpenNow()
    {
        var clock = new FakeTimeProvider(AmsterdamClock.At(DayOfWeek.Monday, 10, 0));
        var engine = new AnswerEngine(fixture.Index, clock, fixture.Model);

        var monday = engine.Decide(new Question("restaurants in Utrecht"));
        clock.SetUtcNow(AmsterdamClock.At(DayOfWeek.Saturday, 10, 0));
        var saturday = engine.Decide(new Question("restaurants in Utrecht"));

        Assert.Equal((DecisionKind.Fallback, true), (monday.Kind, monday.PhoneOpenNow));
        Assert.Equal((DecisionKind.Fallback, false), (saturday.Kind, saturday.PhoneOpenNow));
    }

    [Fact]
    public void Decide_SameFollowUpInTwoConversations_EachAnsweredForItsOwnConversation()
    {
        var clock = new FakeTimeProvider(AmsterdamClock.At(DayOfWeek.Wednesday, 10, 0));
        var cached = new AnswerEngine(fixture.Index, clock, fixture.Model);
        var uncached = new AnswerEngine(fixture.Index, clock, fixture.Model, new EngineOptions { SearchCacheSize = 0 });
        var asked = cached.Decide(new Question("Is the Rotterdam desk open on Thursday afternoon?")).Context;

        // The same words, asked in a conversation that has just asked about Thursday afternoon and in a new one, twice each.
        foreach (var context in new[] { asked, ConversationContext.Empty, asked, ConversationContext.Empty })
        {
            var question = new Question("and Zwolle?") { Context = context };
            var decision = cached.Decide(question);
            var reference = uncached.Decide(question);

            Assert.Equal(Summary(reference), Summary(decision));
        }

        var followUp = cached.Decide(new Question("and Zwolle?") { Context = asked });
        Assert.Equal((DecisionKind.Answer, "desk-zwolle", DayOfWeek.Thursday), (followUp.Kind, followUp.EntryId, followUp.Answers[0].Desk?.Day));
    }

    [Fact]
    public void Decide_SameQuestionAsTheDeskCloses_AnsweredForTheNewTime()
    {
        var clock = new FakeTimeProvider(AmsterdamClock.At(DayOfWeek.Monday, 15, 59));
        var engine = new AnswerEngine(fixture.Index, clock, fixture.Model);

        var before = engine.Decide(new Question("Is the Rotterdam desk open now?"));
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = engine.Decide(new Question("Is the Rotterdam desk open now?"));

        Assert.Equal((true, false), (before.Answers[0].Desk?.OpenThen, after.Answers[0].Desk?.OpenThen));
    }

    private static (DecisionKind, string?, double, bool?, DayOfWeek?, ConversationContext) Summary(Decision d) =>
        (d.Kind, d.EntryId, d.Confidence, d.Answers.FirstOrDefault()?.Desk?.Verdict, d.Answers.FirstOrDefault()?.Desk?.Day, d.Context);
}
