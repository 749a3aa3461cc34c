namespace IndBot.Knowledge.Tests.Infrastructure;

/// <summary>A copy of the real knowledge folder in a temporary folder, for breaking one file per test.</summary>
internal sealed class KnowledgeCopy : IDisposable
{
    public KnowledgeCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "indbot-knowledge-" + Guid.NewGuid().ToString("N"));
        Copy(new DirectoryInfo(RepositoryPaths.Knowledge), Root);
    }

    public string Root { get; }

    public string PathOf(string file) => Path.Combine(Root, file);

    public List<string> Lines(string file) => File.ReadAllLines(PathOf(file)).ToList();

    /// <summary>The 1-based number of the first line equal to <paramref name="line"/> (ignoring surrounding spaces) after line <paramref name="after"/>.</summary>
    public int LineNumber(string file, string line, int after = 0)
    {
        var lines = Lines(file);
        for (var i = after; i < lines.Count; i++)
        {
            if (lines[i].Trim() == line.Trim())
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{line}' is not in {file} after line {after}: the real knowledge changed, update the test.");
    }

    /// <summary>The 1-based number of the first line that starts with <paramref name="prefix"/> (ignoring indentation) after line <paramref name="after"/>.</summary>
    public int LineStartingWith(string file, string prefix, int after = 0)
    {
        var lines = Lines(file);
        for (var i = after; i < lines.Count; i++)
        {
            if (lines[i].TrimStart().StartsWith(prefix, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"No line of {file} after line {after} starts with '{prefix}': the real knowledge changed, update the test.");
    }

    /// <summary>Replaces line <paramref name="number"/> (1-based) and returns it.</summary>
    public int ReplaceLine(string file, int number, string replacement)
    {
        var lines = Lines(file);
        lines[number - 1] = replacement;
        File.WriteAllLines(PathOf(file), lines);
        return number;
    }

    /// <summary>Replaces the first line equal to <paramref name="line"/> after line <paramref name="after"/> and returns its number.</summary>
    public int ReplaceLine(string file, string line, string replacement, int after = 0)
    {
        var number = LineNumber(file, line, after);
        var lines = Lines(file);
        lines[number - 1] = replacement;
        File.WriteAllLines(PathOf(file), lines);
        return number;
    }

    /// <summary>Keeps only the first <paramref name="count"/> items of the YAML list under the line equal to <paramref name="line"/>.</summary>
    public void KeepFirstItems(string file, string line, int count, int after = 0)
    {
        var number = LineNumber(file, line, after);
        var lines = Lines(file);
        var indent = Indent(lines[number - 1]);
        var items = new List<int>();
        for (var i = number; i < lines.Count && (lines[i].Trim().Length == 0 || Indent(lines[i]) > indent); i++)
        {
            if (lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                items.Add(i);
            }
        }

        foreach (var i in items.Skip(count).Reverse())
        {
            lines.RemoveAt(i);
        }

        File.WriteAllLines(PathOf(file), lines);
    }

    /// <summary>Removes the line equal to <paramref name="line"/> and every more-indented line under it.</summary>
    public void RemoveBlock(string file, string line, int after = 0)
    {
        var number = LineNumber(file, line, after);
        var lines = Lines(file);
        var indent = Indent(lines[number - 1]);
        var end = number;
        while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > indent))
        {
            end++;
        }

        lines.RemoveRange(number - 1, end - number + 1);
        File.WriteAllLines(PathOf(file), lines);
    }

    public void Write(string file, string text) => File.WriteAllText(PathOf(file), text);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A left-over temporary folder is harmless.
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(target, file.Name));
        }

        foreach (var folder in source.EnumerateDirectories())
        {
            Copy(folder, Path.Combine(target, folder.Name));
        }
    }
}
