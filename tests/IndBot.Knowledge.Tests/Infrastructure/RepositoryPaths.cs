namespace IndBot.Knowledge.Tests.Infrastructure;

/// <summary>Finds the repository from the test's output folder, so tests start from the real <c>knowledge/</c>.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The real knowledge folder (the one holding <c>faq/</c>).</summary>
    public static string Knowledge => Path.Combine(Root.Value, "knowledge");

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
