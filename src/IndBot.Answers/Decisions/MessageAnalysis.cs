using IndBot.Answers.Desks;
using IndBot.Answers.Scope;
using IndBot.Answers.Understanding;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>
/// A candidate answer for a message with the evidence the decision model scores: an entry, a desk, the desks, a
/// place without a desk (<see cref="PlaceLabel"/>) or a small-talk intent.
/// </summary>
public sealed record CandidateEvidence(string Label, float[] Features)
{
    /// <summary>The label of "a place without an IND desk" (the corpus' <c>no-desk-here</c>).</summary>
    public const string PlaceLabel = EvalSet.NoDeskHere;

    public Topic? Topic { get; init; }
    public SmallTalkIntent? SmallTalk { get; init; }

    /// <summary>The phrasing that matched best, if any.</summary>
    public string? Phrasing { get; init; }

    /// <summary>The question part this candidate was found in (-1: the whole message).</summary>
    public int Part { get; init; } = -1;

    public string Title(string language) => Topic?.Title[language] ?? SmallTalk?.Id ?? Label;

    public float Feature(string name) => Features[CandidateFeatures.IndexOf(name)];
}

/// <summary>Everything the engine read from a message before deciding: its parts, language, desk slots, scope and candidates.</summary>
public sealed record MessageAnalysis
{
    public required ReadMessage Message { get; init; }
    /// <summary>The language the words are read in: the text's, else the reply's.</summary>
    public required string Language { get; init; }

    /// <summary>The language of the reply: chosen in the conversation, the client's locale, the text's, the conversation's or English.</summary>
    public required string ReplyLanguage { get; init; }

    /// <summary>Why the reply's language: chosen, locale, text, conversation or default.</summary>
    public required string LanguageReason { get; init; }

    /// <summary>What the words analysed here say about desks (with a follow-up's day and time from the conversation).</summary>
    public required DeskQuestion Desk { get; init; }

    /// <summary>The words analysed here: the message's question parts, or one part.</summary>
    public required IReadOnlyList<string> Words { get; init; }

    /// <summary>Which part this is (-1: the whole message).</summary>
    public int Part { get; init; } = -1;

    /// <summary>For the whole message with two or more question parts: each part on its own.</summary>
    public IReadOnlyList<MessageAnalysis> Parts { get; init; } = [];

    public required IReadOnlyList<Organisation> Organisations { get; init; }
    public PlaceMention? Place { get; init; }
    public required IReadOnlyList<CandidateEvidence> Candidates { get; init; }
    public required IReadOnlyList<string> Corrections { get; init; }
    public required ConversationContext Context { get; init; }
    public required DateTime Now { get; init; }

    /// <summary>Words that only the out-of-scope list knows, and that list's best confidence.</summary>
    public int OutOfScopeWords { get; init; }

    public bool TooLong { get; init; }

    /// <summary>The message says the visitor is abroad now ("I'm in Morocco"), or an earlier one of the conversation did.</summary>
    public bool VisitorAbroad { get; init; }

    /// <summary>The first question names another organisation or something only the out-of-scope list knows, and neither the IND nor a desk (a fact of the whole message, shared by its parts).</summary>
    public bool OtherAskedFirst { get; init; }

    /// <summary>The analysis (the whole message or one part) a candidate came from.</summary>
    public MessageAnalysis For(CandidateEvidence candidate) =>
        candidate.Part >= 0 && candidate.Part < Parts.Count ? Parts[candidate.Part] : this;

    /// <summary>Every candidate of the whole message and of its parts.</summary>
    public IEnumerable<CandidateEvidence> AllCandidates => Candidates.Concat(Parts.SelectMany(p => p.Candidates));
}
