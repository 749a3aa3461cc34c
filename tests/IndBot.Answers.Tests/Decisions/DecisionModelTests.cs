using IndBot.Answers.Decisions;
using IndBot.Answers.Tests.Infrastructure;
using IndBot.Knowledge;

namespace IndBot.Answers.Tests.Decisions;

public sealed class DecisionModelTests(KnowledgeFixture fixture) : IClassFixture<KnowledgeFixture>
{
    [Fact]
    public void Probability_TreesReadFromTheModel_AreWhatMlNetPredicts()
    {
        var engine = fixture.Engine();
        var (questions, _) = EvalSet.Load(RepositoryPaths.QuestionSet, fixture.Knowledge);
        var compared = 0;
        foreach (var question in questions.Take(150))
        {
            foreach (var candidate in engine.Analyze(new Question(question.Question)).AllCandidates)
            {
                // ML.NET sums in single precision, the trees in double: equal to well within a millionth.
                Assert.InRange(Math.Abs(fixture.Model.PredictionEngineProbability(candidate.Features) - fixture.Model.Probability(candidate.Features)), 0, 1e-5);
                compared++;
            }
        }

        Assert.True(compared > 500, $"only {compared} candidates compared");
    }

    [Fact]
    public void TryLoad_ModelForOtherFeatures_IsAProblemThatSaysToRetrain()
    {
        var folder = Directory.CreateTempSubdirectory("indbot-model-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(DecisionModel.Folder(fixture.Knowledge.RootPath)))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            File.Delete(Path.Combine(folder, TopicClassifier.ModelFile));

            var (model, problem) = DecisionModel.TryLoad(folder);

            Assert.Null(model);
            Assert.Contains("run 'train'", problem, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
