namespace IndBot.Snapshots;

/// <summary>Finds the knowledge folder: the configured path, else the repository's <c>knowledge/</c>, else the one published next to the program.</summary>
public static class KnowledgeLocator
{
    public static string Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "knowledge");
                if (Directory.Exists(Path.Combine(candidate, "faq")))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "knowledge");
    }
}
