using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace IndBot.Answers.Decisions;

/// <summary>
/// The operating point of the decision, chosen on the <c>dev</c> split by <c>indbot train</c> and stored next to the
/// model (<c>knowledge/model/decision.json</c>).
/// </summary>
public sealed record OperatingPoint
{
    /// <summary>At or above: answer with the top candidate.</summary>
    public double Answer { get; init; } = 0.5;

    /// <summary>When the best candidates' probabilities add up to at least this (and none reaches <see cref="Answer"/>): ask; below: fall back.</summary>
    public double Clarify { get; init; } = 0.3;

    /// <summary>The candidates that hold at least this share of that sum are offered: two or three are "Did you mean", one is "Do you mean …?".</summary>
    public double Share { get; init; } = 0.25;

    /// <summary>At or above: a second question in the same message is answered too.</summary>
    public double Second { get; init; } = 0.6;
}

/// <summary>One row of the model: a candidate's features, and in training whether it is the right entry.</summary>
public sealed class CandidateRow
{
    public bool Label { get; set; }

    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>In training: how much the row counts (<see cref="Learning.TrainingOptions.OutOfScopeWeight"/>); 1 when predicting.</summary>
    public float Weight { get; set; } = 1;
}

/// <summary>The model's output for a row.</summary>
public sealed class CandidatePrediction
{
    public float Probability { get; set; }
}

/// <summary>
/// The learned decision: a topic classifier whose probabilities are features (<see cref="TopicClassifier"/>), and a
/// gradient-boosted tree ensemble (ML.NET FastTree, Platt-calibrated) that gives each candidate of a message the
/// probability that it is what the message asks. Trained by <c>indbot train</c> on the corpus' <c>train</c> split;
/// the files live in <c>knowledge/model/</c>. Thread-safe: prediction engines are pooled.
/// </summary>
public sealed class DecisionModel
{
    public const string ModelFile = "decision.zip";
    public const string OperatingPointFile = "decision.json";

    private readonly MLContext _ml = new(seed: 1);
    private readonly ITransformer? _ranker;
    private readonly SchemaDefinition _schema;
    private readonly ConcurrentBag<PredictionEngine<CandidateRow, CandidatePrediction>> _engines = [];

    private readonly RankerTrees? _trees;

    private DecisionModel(TopicClassifier classifier, ITransformer? ranker, OperatingPoint point)
    {
        Classifier = classifier;
        _ranker = ranker;
        _trees = ranker is null ? null : RankerTrees.From(ranker);
        _schema = Schema();
        OperatingPoint = point;
    }

    public TopicClassifier Classifier { get; }

    public OperatingPoint OperatingPoint { get; }

    /// <summary>False while training: candidates are then ranked by their retrieval confidence.</summary>
    public bool HasRanker => _ranker is not null;

    /// <summary>The folder of the model files in a knowledge folder.</summary>
    public static string Folder(string knowledgeRoot) => Path.Combine(knowledgeRoot, "model");

    /// <summary>The input schema: a vector of <see cref="CandidateFeatures.Count"/> features.</summary>
    public static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(CandidateRow));
        schema[nameof(CandidateRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, CandidateFeatures.Count);
        return schema;
    }

    /// <summary>Loads the models and operating point from <paramref name="folder"/>, or returns a problem.</summary>
    public static (DecisionModel? Model, string? Problem) TryLoad(string folder)
    {
        var rankerPath = Path.Combine(folder, ModelFile);
        var classifierPath = Path.Combine(folder, TopicClassifier.ModelFile);
        var pointPath = Path.Combine(folder, OperatingPointFile);
        if (!File.Exists(rankerPath) || !File.Exists(classifierPath) || !File.Exists(pointPath))
        {
            return (null, $"the decision model is missing ({ModelFile}, {TopicClassifier.ModelFile} and {OperatingPointFile}); run 'train' to build it");
        }

        try
        {
            var ml = new MLContext(seed: 1);
            var ranker = ml.Model.Load(rankerPath, out var schema);
            var features = schema.GetColumnOrNull(nameof(CandidateRow.Features));
            if (features?.Type is not VectorDataViewType { Size: var size } || size != CandidateFeatures.Count)
            {
                return (null, "the decision model was trained on other features; run 'train' to rebuild it");
            }

            var point = JsonSerializer.Deserialize(File.ReadAllText(pointPath), OperatingPointJson.Default.OperatingPoint)
                ?? throw new InvalidDataException("empty");
            return (new DecisionModel(TopicClassifier.Load(classifierPath), ranker, point), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            return (null, $"the decision model cannot be read: {e.Message.Split('\n')[0]}");
        }
    }

    public static DecisionModel Create(TopicClassifier classifier, ITransformer? ranker, OperatingPoint point) => new(classifier, ranker, point);

    /// <summary>The probability that the candidate with these features is what the message asks.</summary>
    public double Probability(float[] features) => _trees?.Probability(features) ?? PredictionEngineProbability(features);

    /// <summary>The same probability through ML.NET's PredictionEngine (slower; for models that are not FastTree, and to check the trees).</summary>
    internal double PredictionEngineProbability(float[] features)
    {
        if (_ranker is null)
        {
            throw new InvalidOperationException("This model has no ranker yet.");
        }

        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<CandidateRow, CandidatePrediction>(_ranker, inputSchemaDefinition: _schema);
        }

        try
        {
            var probability = engine.Predict(new CandidateRow { Features = features }).Probability;
            return float.IsNaN(probability) ? 0 : probability;
        }
        finally
        {
            _engines.Add(engine);
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OperatingPoint))]
internal sealed partial class OperatingPointJson : JsonSerializerContext;
