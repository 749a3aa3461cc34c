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
}
