using System.ComponentModel.DataAnnotations;

namespace IndBot.Feedback;

/// <summary>Where feedback is stored without Redis ("Feedback" section).</summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    public const string DefaultPath = "data/feedback.jsonl";

    /// <summary>The JSON-lines file; relative paths are under the content root.</summary>
    [Required]
    public string Path { get; set; } = DefaultPath;

    /// <summary>The file path for <paramref name="path"/> (relative to <paramref name="contentRoot"/>).</summary>
    public static string Resolve(string? path, string contentRoot) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? DefaultPath : path, contentRoot);
}
