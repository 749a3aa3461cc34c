using System.Text;
using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.Answers.Evaluation;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;
using Microsoft.Extensions.Time.Testing;

namespace IndBot.Answers.Tests.Evaluation;

/// <summary>
/// The held-out <c>test</c> split of the question corpus against the targets in accuracy-thresholds.json. Nothing
/// that tunes the engine reads this split; on failure only figures are printed, never its messages.
/// </summary>
public class CorpusTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    [Theory]
    [InlineData("en")]
    [InlineData("nl")]
    public void Run_TestSplit_MeetsTheTargets(string language)
    {
        var target = Targets()[language];
        var (questions, problems) = EvalCorpus.Load(fixture.Knowledge.RootPath, EvalCorpus.Test, fixture.Knowledge);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        var engine = new AnswerEngine(fixture.Index, new FakeTimeProvider(EvalRunner.CorpusTime), fixture.Model);
        var outcomes = EvalRunner.Run(engine, questions.Where(q => q.Language == language));
        var score = EvalRunner.Score(outcomes, language);

        Assert.True(score.InScope > 0 && score.OutOfScope > 0 && score.Verdicts > 0, $"the test split has no {language} messages of every kind");
        var met = score.RightShare >= target.Right && score.RefusedShare >= target.Refused && score.VerdictShare >= target.Verdicts
            && score.ClarificationShare <= target.Clarifications;
        Assert.True(met, Report(score, target, outcomes));
    }

    [Fact]
    public void Load_EverySplit_HasNoProblemsAndEnoughMessages()
    {
        var all = EvalCorpus.Splits.SelectMany(split => EvalCorpus.Load(fixture.Knowledge.RootPath, split, fixture.Knowledge).Questions).ToList();

        Assert.All(EvalCorpus.Splits, split => Assert.Empty(EvalCorpus.Load(fixture.Knowledge.RootPath, split, fixture.Knowledge).Problems));
        Assert.True(all.Count(q => q.Language == "en") >= 1200 && all.Count(q => q.Language == "nl") >= 800,
            $"{all.Count(q => q.Language == "en")} English and {all.Count(q => q.Language == "nl")} Dutch messages");
        Assert.True(all.Select(q => q.Writer).Distinct().Count() >= 4);
    }

    /// <summary>The figures by category, without the messages (so that reading a failure never shows the held-out set).</summary>
    private static string Report(EvalScore score, Target target, IReadOnlyList<EvalOutcome> outcomes)
    {
        var text = new StringBuilder()
            .AppendLine($"{score.Group}: right {score.Right}/{score.InScope} = {score.RightShare:P1} (needs {target.Right:P0}), "
                + $"refused {score.Refused}/{score.OutOfScope} = {score.RefusedShare:P1} (needs {target.Refused:P0}), "
                + $"verdicts {score.VerdictsRight}/{score.Verdicts} = {score.VerdictShare:P1} (needs {target.Verdicts:P0}), "
                + $"clarifications {score.ClarificationShare:P1} (at most {target.Clarifications:P0}), wrong answers {score.WrongAnswers}");
        foreach (var category in outcomes.Select(o => o.Question.Category).Distinct().Order(StringComparer.Ordinal))
        {
            var group = outcomes.Where(o => o.Question.Category == category).ToList();
            text.AppendLine($"  {category}: {group.Count(o => o.Correct)}/{group.Count}");
        }

        return text.ToString();
    }

    private static Dictionary<string, Target> Targets()
    {
        var json = File.ReadAllText(RepositoryPaths.AccuracyThresholds);
        return JsonSerializer.Deserialize<Dictionary<string, Target>>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException($"{RepositoryPaths.AccuracyThresholds} is empty");
    }

    private sealed record Target(double Right, double Refused, double Verdicts, double Clarifications);
}
