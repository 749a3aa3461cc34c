using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>What the engine decided to do with a message.</summary>
public enum DecisionKind
{
    /// <summary>One confident match.</summary>
    Answer,

    /// <summary>Plausible but not confident, or two entries too close: "Did you mean…".</summary>
    Clarification,

    /// <summary>Nothing relevant: say so and give the contact options.</summary>
    Fallback,

    /// <summary>Greetings, thanks, goodbye, "what can you do", language switches.</summary>
    SmallTalk,
}

/// <summary>A topic the engine considered, with its confidence in [0, 1].</summary>
public sealed record Candidate(string EntryId, string Title, double Score);

/// <summary>A "Did you mean" option: its title, and the question a click sends back.</summary>
public sealed record ClarificationOption(string EntryId, string Title, string Question);

/// <summary>What a conversation remembers between messages; the bot stores it, the engine reads and returns it.</summary>
public sealed record ConversationContext
{
    /// <summary>The language of the last reply.</summary>
    public string? Language { get; init; }

    /// <summary>Set by "English please" / "Nederlands graag": wins over locale and detection.</summary>
    public string? ChosenLanguage { get; init; }

    public string? LastDeskId { get; init; }
    public string? LastEntryId { get; init; }

    /// <summary>The bot asked which desk; a bare city name answers it.</summary>
    public bool AwaitingDesk { get; init; }

    /// <summary>The user has been asked once not to share personal numbers.</summary>
    public bool WarnedAboutPersonalData { get; init; }

    public static ConversationContext Empty { get; } = new();
}

/// <summary>A question for the engine.</summary>
public sealed record Question(string Text)
{
    /// <summary>The client's locale (activity.locale), if any.</summary>
    public string? Locale { get; init; }

    public ConversationContext Context { get; init; } = ConversationContext.Empty;
}

/// <summary>The engine's decision: everything a channel needs to render the reply, and why it was chosen.</summary>
public sealed record Decision
{
    public required DecisionKind Kind { get; init; }
    public required string Language { get; init; }

    /// <summary>The full reply a user would see, as Markdown.</summary>
    public required string Text { get; init; }

    /// <summary>The topic answered (FAQ, desk or contact id); null for fallback and small talk.</summary>
    public string? EntryId { get; init; }

    public double Confidence { get; init; }
    public IReadOnlyList<Candidate> Candidates { get; init; } = [];
    public IReadOnlyList<ClarificationOption> Options { get; init; } = [];

    /// <summary>The desk the answer is about, for a desk card.</summary>
    public Desk? Desk { get; init; }

    /// <summary>For a desk answer: the sentence that answers the question, without the desk details a card shows.</summary>
    public string? Lead { get; init; }

    /// <summary>Contact channels to offer (fallback, contact answers).</summary>
    public IReadOnlyList<ContactChannel> Contacts { get; init; } = [];

    /// <summary>Whether the IND phone line is open at the time of the question (Europe/Amsterdam).</summary>
    public bool? PhoneOpenNow { get; init; }

    /// <summary>The seed the answer's facts come from.</summary>
    public string? Source { get; init; }

    public string? SmallTalkIntent { get; init; }

    /// <summary>Words corrected as typos, "from → to".</summary>
    public IReadOnlyList<string> Corrections { get; init; } = [];

    public required ConversationContext Context { get; init; }
}
