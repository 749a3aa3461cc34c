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
    private readonly Node[] _nodes;
    private readonly int[] _roots;
    private readonly double[] _leaves;
    private readonly double[] _weights;
    private readonly double _bias;
    private readonly double _slope;
    private readonly double _offset;

    private RankerTrees(Node[] nodes, int[] roots, double[] leaves, double[] weights, double bias, double slope, double offset)
    {
        _nodes = nodes;
        _roots = roots;
        _leaves = leaves;
        _weights = weights;
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

        // Every tree's nodes and leaves in one array each (a tree's children and leaves renumbered to its place in
        // them): scoring a candidate walks 300 small trees, and this keeps the walk in a few cache lines.
        var ensemble = transformer.Model.SubModel.TrainedTreeEnsemble;
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var roots = new int[ensemble.Trees.Count];
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var (firstNode, firstLeaf) = (nodes.Count, leaves.Count);
            int Child(int child) => child >= 0 ? firstNode + child : ~(firstLeaf + ~child);
            for (var n = 0; n < tree.LeftChild.Count; n++)
            {
                nodes.Add(new Node(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
            }

            leaves.AddRange(tree.LeafValues);

            // A tree without splits is its one leaf.
            roots[t] = tree.LeftChild.Count == 0 ? ~firstLeaf : firstNode;
        }

        return new RankerTrees([.. nodes], roots, [.. leaves], [.. ensemble.TreeWeights], ensemble.Bias, transformer.Model.Calibrator.Slope, transformer.Model.Calibrator.Offset);
    }

    public double Probability(ReadOnlySpan<float> features)
    {
        var score = _bias;
        for (var t = 0; t < _roots.Length; t++)
        {
            // A node's split sends a feature at or below its threshold left; negative children are leaves (~index).
            var node = _roots[t];
            while (node >= 0)
            {
                ref readonly var split = ref _nodes[node];
                node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
            }

            score += _weights[t] * _leaves[~node];
        }

        return 1.0 / (1.0 + Math.Exp((_slope * score) + _offset));
    }

    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
