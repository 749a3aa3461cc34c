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

    public LanguageRequest LanguageRequest { get; } = new(knowledge.SmallTalk);

    /// <summary>
    /// Reads the starter questions of both languages as a turn does, and returns these readers. Their first reading compiles their
    /// code (tens of milliseconds): done here, beside the index, not in the first visitor's turn. The readers keep
    /// nothing of what they read.
    /// </summary>
    public KnowledgeReaders Prepared(DateTime now)
    {
        // The starter questions the widget offers (messages.yaml), in both languages.
        foreach (var text in IndBot.Knowledge.Languages.All.SelectMany(l => Knowledge.Messages.List("starters", l)))
        {
            var message = Reader.Read(text);
            Languages.Detect(message.AllWords);
            foreach (var segment in message.Segments)
            {
                DeskReader.Read(segment.Words, now);
            }

            DeskReader.Read(message.Words, now);
            Scope.Place(message.Words);
            Scope.Organisations(message.AllWords);
        }

        return this;
    }
}
