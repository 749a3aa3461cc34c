namespace IndBot.Answers.Tests.Infrastructure;

/// <summary>Finds the repository from the test's output folder, so tests read the real <c>knowledge/</c>.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder that holds <c>knowledge/faq</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    public static string Knowledge => Path.Combine(RepositoryRoot, "knowledge");

    /// <summary>The team's first question set, in the corpus' train split.</summary>
    public static string QuestionSet => Path.Combine(Knowledge, "eval", "corpus", "train", "team", "messages.tsv");

    public static string AccuracyThresholds => Path.Combine(RepositoryRoot, "tests", "IndBot.Answers.Tests", "accuracy-thresholds.json");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "knowledge", "faq")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains knowledge/faq.");
    }
}
