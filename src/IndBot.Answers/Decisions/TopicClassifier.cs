using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace IndBot.Answers.Decisions;

/// <summary>A text and its label, for the topic classifier.</summary>
public sealed record LabelledText
{
    public string Text { get; set; } = "";
    public string Label { get; set; } = "";

    /// <summary>The language the text is in (for reading it as the engine does); not a feature.</summary>
    [NoColumn]
    public string Language { get; set; } = "en";
}

/// <summary>The classifier's hyperparameters.</summary>
public sealed record ClassifierOptions
{
    public int WordNgrams { get; init; } = 2;

    /// <summary>Character n-gram length (0: none).</summary>
    public int CharNgrams { get; init; } = 4;

    /// <summary>SDCA's L2 regularisation (null: its default).</summary>
    public float? L2 { get; init; }

    public int? Iterations { get; init; } = 30;
}

/// <summary>The classifier's output: a probability per label, in the model's label order.</summary>
public sealed class LabelScores
{
    public float[] Score { get; set; } = [];
}

/// <summary>
/// A text classifier over every label (entries, desks, small talk, <c>none</c>, <c>no-desk-here</c>): word uni- and
/// bigrams and character 4-grams, maximum-entropy (ML.NET SDCA), trained on the knowledge's phrasings and the corpus'
/// train split. It does not decide; its probability for a candidate's label is one of the decision model's features,
/// and its top labels are candidates even when retrieval misses them. Thread-safe: prediction engines are pooled.
/// </summary>
public sealed class TopicClassifier
{
    public const string ModelFile = "classifier.zip";

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly string[] _labels;
    private readonly ConcurrentBag<PredictionEngine<LabelledText, LabelScores>> _engines = [];

    private TopicClassifier(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
        var engine = ml.Model.CreatePredictionEngine<LabelledText, LabelScores>(model);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        engine.OutputSchema[nameof(LabelScores.Score)].GetSlotNames(ref names);
        _labels = names.DenseValues().Select(n => n.ToString()).ToArray();
        // The first prediction prepares ML.NET's featurisation (tens of milliseconds): here, where the model is loaded
        // (beside the index at start-up), not in the first visitor's turn.
        engine.Predict(new LabelledText { Text = "" });
        _engines.Add(engine);
    }

    public IReadOnlyList<string> Labels => _labels;

    public static TopicClassifier Train(IEnumerable<LabelledText> examples, ClassifierOptions? options = null)
    {
        options ??= new ClassifierOptions();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(examples);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(LabelledText.Label))
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = false,
                KeepPunctuations = false,
                KeepNumbers = true,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.WordNgrams, UseAllLengths = true },
                CharFeatureExtractor = options.CharNgrams == 0 ? null : new WordBagEstimator.Options { NgramLength = options.CharNgrams, UseAllLengths = false },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(LabelledText.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("LabelKey", "Features", l2Regularization: options.L2, maximumNumberOfIterations: options.Iterations));
        return new TopicClassifier(ml, pipeline.Fit(data));
    }

    public static TopicClassifier Load(string path)
    {
        var ml = new MLContext(seed: 1);
        return new TopicClassifier(ml, ml.Model.Load(path, out _));
    }

    public void Save(string path)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<LabelledText>()).Schema;
        _ml.Model.Save(_model, schema, path);
    }

    /// <summary>The probability of every label for <paramref name="text"/>.</summary>
    public Dictionary<string, float> Predict(string text)
    {
        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<LabelledText, LabelScores>(_model);
        }

        try
        {
            var scores = engine.Predict(new LabelledText { Text = text }).Score;
            var result = new Dictionary<string, float>(_labels.Length, StringComparer.Ordinal);
            for (var i = 0; i < _labels.Length && i < scores.Length; i++)
            {
                result[_labels[i]] = float.IsNaN(scores[i]) ? 0 : scores[i];
            }

            return result;
        }
        finally
        {
            _engines.Add(engine);
        }
    }
}
