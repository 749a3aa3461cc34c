using IndBot.Answers.Desks;
using IndBot.Answers.Scope;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>
/// The engine's readers of the structured knowledge (language, message, desk and scope reading). They need no index,
/// so at start-up <see cref="EngineFactory"/> builds them on another thread while the index is built.
/// </summary>
internal sealed class KnowledgeReaders(KnowledgeBase knowledge)
{
    public KnowledgeBase Knowledge { get; } = knowledge ?? throw new ArgumentNullException(nameof(knowledge));

    public LanguageDetector Languages { get; } = new(knowledge);

    public MessageReader Reader { get; } = new(knowledge);

    public DeskQuestionReader DeskReader { get; } = new(knowledge);

    public DeskReasoning Desks { get; } = new(knowledge);

    public ScopeFinder Scope { get; } = new(knowledge);
}
