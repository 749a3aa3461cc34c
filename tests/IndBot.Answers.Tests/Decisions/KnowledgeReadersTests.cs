using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;
using Microsoft.Extensions.Time.Testing;

namespace IndBot.Answers.Tests.Decisions;

public sealed class KnowledgeReadersTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    [Theory]
    [InlineData("When do I have to give my fingerprints after applying?")]
    [InlineData("Is the Rotterdam desk open on Thursday afternoon?")]
    [InlineData("Waar is het IND-loket in Utrecht?")]
    [InlineData("Is the Rotterdam zoo open on Sunday?")]
    public void Decide_ReadersBuiltAndPreparedBeforehand_SameDecisionAsWithItsOwnReaders(string question)
    {
        var clock = new FakeTimeProvider(AmsterdamClock.At(DayOfWeek.Tuesday, 10, 0));
        var own = new AnswerEngine(fixture.Index, clock, fixture.Model);
        var beforehand = new AnswerEngine(fixture.Index, clock, fixture.Model, options: null, new KnowledgeReaders(fixture.Index.Knowledge).Prepared(IndBot.Answers.Desks.AmsterdamTime.Now(clock)));

        var expected = own.Decide(new Question(question));
        var actual = beforehand.Decide(new Question(question));

        Assert.Equal((expected.Kind, expected.EntryId, expected.Confidence), (actual.Kind, actual.EntryId, actual.Confidence));
    }

    [Fact]
    public void Constructor_ReadersOfOtherKnowledge_Throws()
    {
        var other = new KnowledgeReaders(KnowledgeLoader.Load(RepositoryPaths.Knowledge));

        Assert.Throws<ArgumentException>(() => new AnswerEngine(fixture.Index, TimeProvider.System, fixture.Model, options: null, other));
    }
}
