using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace IndBot.Answers.Decisions;

/// <summary>
/// The trained FastTree ranker read out of ML.NET's model parameters (its regression trees and Platt calibrator) so
/// that a candidate costs a few microseconds and no allocation: ML.NET's PredictionEngine spends about 30 µs per row
/// on its data pipeline, and a message has ten or more candidates. Same numbers as the PredictionEngine (tested).
/// </summary>
internal sealed class RankerTrees
{
    private readonly Tree[] _trees;
    private readonly double _bias;
    private readonly double _slope;
    private readonly double _offset;

    private RankerTrees(Tree[] trees, double bias, double slope, double offset)
    {
        _trees = trees;
        _bias = bias;
        _slope = slope;
        _offset = offset;
    }

    /// <summary>The trees of a FastTree binary model with Platt calibration, or null for another kind of model.</summary>
    public static RankerTrees? From(ITransformer model)
    {
        if (model is not BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> transformer)
        {
            return null;
        }

        var ensemble = transformer.Model.SubModel.TrainedTreeEnsemble;
        var trees = ensemble.Trees.Select((tree, i) => new Tree(
            [.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
            [.. tree.LeafValues], ensemble.TreeWeights[i])).ToArray();
        return new RankerTrees(trees, ensemble.Bias, transformer.Model.Calibrator.Slope, transformer.Model.Calibrator.Offset);
    }

    public double Probability(ReadOnlySpan<float> features)
    {
        var score = _bias;
        foreach (var tree in _trees)
        {
            score += tree.Weight * tree.Evaluate(features);
        }

        return 1.0 / (1.0 + Math.Exp((_slope * score) + _offset));
    }

    /// <summary>A regression tree: a node's split sends a feature at or below its threshold left; negative children are leaves (~index).</summary>
    private sealed class Tree(int[] left, int[] right, int[] feature, float[] threshold, double[] leaves, double weight)
    {
        public double Weight { get; } = weight;

        public double Evaluate(ReadOnlySpan<float> features)
        {
            if (left.Length == 0)
            {
                return leaves[0];
            }

            var node = 0;
            while (node >= 0)
            {
                node = features[feature[node]] <= threshold[node] ? left[node] : right[node];
            }

            return leaves[~node];
        }
    }
}
