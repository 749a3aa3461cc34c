using IndBot.Knowledge.Tests.Infrastructure;

namespace IndBot.Knowledge.Tests;

public sealed class EvalSetTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "indbot-questions-" + Guid.NewGuid().ToString("N") + ".tsv");

    [Fact]
    public void Load_RealQuestionSet_HasNoProblemsAndBothLanguages()
    {
        var knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge);

        var (questions, problems) = EvalSet.Load(Path.Combine(RepositoryPaths.Knowledge, "eval", "corpus", "train", "team", "messages.tsv"), knowledge);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(questions, q => q.Language == "en" && q.Expected == EvalSet.None);
        Assert.Contains(questions, q => q.Language == "nl" && q.Expected == EvalSet.None);
        Assert.Contains(questions, q => q.Language == "en" && q.Expected != EvalSet.None);
        Assert.Contains(questions, q => q.Language == "nl" && q.Expected != EvalSet.None);
    }

    [Theory]
    [InlineData("biometrics\ten", "expected five tab-separated fields")]
    [InlineData("biometrics\ten\tWhen do I give my fingerprints?\textra", "expected five tab-separated fields")]
    [InlineData("biometrics\t \tWhen do I give my fingerprints?", "expected five tab-separated fields")]
    [InlineData("biometrics    en    When do I give my fingerprints?", "expected five tab-separated fields")]
    [InlineData("biometrics\tfr\tQuand dois-je donner mes empreintes ?", "unknown language 'fr'")]
    [InlineData("no-such-entry\ten\tWhen do I give my fingerprints?", "'no-such-entry' is not a known entry id")]
    [InlineData("desk-zwolle\ten\tmaybe\t-\tIs Zwolle open on Friday?", "unknown verdict 'maybe'")]
    [InlineData("biometrics+none\ten\t-\t-\tfingerprints and the zoo", "is not one label or two joined by '+'")]
    [InlineData("smalltalk:jokes\ten\t-\t-\ttell me a joke", "'smalltalk:jokes' is not a known entry id or label")]
    public void Load_BadLine_ReportsItsLineNumber(string badLine, string message)
    {
        File.WriteAllLines(_path,
        [
            "# a comment",
            "biometrics\ten\tWhen do I give my fingerprints?",
            "",
            badLine,
            "none\tnl\tHoe laat gaat de dierentuin open?",
        ]);

        var (questions, problems) = EvalSet.Load(_path, KnowledgeLoader.Load(RepositoryPaths.Knowledge));

        var problem = Assert.Single(problems);
        Assert.Equal(4, problem.Line);
        Assert.Equal(Path.GetFileName(_path), problem.File);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal([2, 5], questions.Select(q => q.Line));
    }

    [Fact]
    public void Load_GoodLines_KeepsExpectedLanguageAndQuestion()
    {
        File.WriteAllLines(_path, ["desk-utrecht\tnl\t  Waar is het loket in Utrecht?  ", "none\ten\tIs the zoo open?"]);

        var (questions, problems) = EvalSet.Load(_path, KnowledgeLoader.Load(RepositoryPaths.Knowledge));

        Assert.Empty(problems);
        Assert.Equal(
            [new EvalQuestion("desk-utrecht", "nl", "Waar is het loket in Utrecht?", 1), new EvalQuestion("none", "en", "Is the zoo open?", 2)],
            questions);
    }

    [Fact]
    public void Load_FiveFields_KeepsVerdictContextAndTwoLabels()
    {
        File.WriteAllLines(_path,
        [
            "desk-zwolle\ten\tyes\tWhere is the Zwolle desk? || and in Utrecht?\tis it open on Friday?",
            "biometrics+desk-utrecht\ten\t-\t-\tfingerprints when, and where is Utrecht?",
            "no-desk-here\tnl\t-\t-\tIs er een loket in Groningen?",
            "smalltalk:thanks\ten\t-\t-\tthx",
        ]);

        var (questions, problems) = EvalSet.Load(_path, KnowledgeLoader.Load(RepositoryPaths.Knowledge));

        Assert.Empty(problems);
        Assert.Equal("yes", questions[0].Verdict);
        Assert.Equal(["Where is the Zwolle desk?", "and in Utrecht?"], questions[0].Context);
        Assert.Equal(("follow-up", "two questions", "place without a desk", "small talk"),
            (questions[0].Category, questions[1].Category, questions[2].Category, questions[3].Category));
        Assert.Equal(["biometrics", "desk-utrecht"], questions[1].Labels);
    }

    [Fact]
    public void Load_MissingFile_IsAProblem()
    {
        var (questions, problems) = EvalSet.Load(_path);

        Assert.Empty(questions);
        Assert.Contains("does not exist", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);
}
