namespace IndBot.Knowledge;

/// <summary>One thing wrong in <c>knowledge/</c>: the file (relative to the knowledge folder), the line (0 when unknown) and what is wrong.</summary>
public sealed record KnowledgeProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Thrown when the knowledge cannot be loaded; carries every problem found.</summary>
public sealed class KnowledgeException : Exception
{
    public KnowledgeException(IReadOnlyList<KnowledgeProblem> problems)
        : base("The knowledge has problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<KnowledgeProblem> Problems { get; }
}
