namespace IndBot.Knowledge.Files;

/// <summary>
/// Where every topic id is declared and which ids FAQ entries name as related: checked once every file is read,
/// for ids used twice and related ids that are no entry.
/// </summary>
internal sealed class TopicIds
{
    private readonly List<(string Id, string File, int Line)> _declared = [];
    private readonly List<(string Id, string File, int Line)> _related = [];

    /// <summary>A topic's id, in the order of <see cref="KnowledgeBase.Topics"/>.</summary>
    public void Declare(string id, string file, int line) => _declared.Add((id, file, line));

    public void Relate(string id, string file, int line) => _related.Add((id, file, line));

    public void Check(List<KnowledgeProblem> problems)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, file, line) in _declared)
        {
            if (!seen.TryAdd(id, file))
            {
                problems.Add(new KnowledgeProblem(file, line, $"the id '{id}' is already used in {seen[id]}"));
            }
        }

        foreach (var (id, file, line) in _related.Where(r => !seen.ContainsKey(r.Id)))
        {
            problems.Add(new KnowledgeProblem(file, line, $"related id '{id}' is not a known entry"));
        }
    }
}
