using IndBot.Answers.Desks;
using IndBot.Knowledge;

namespace IndBot.Answers.Decisions;

/// <summary>What the engine decided to do with a message.</summary>
public enum DecisionKind
{
    /// <summary>One or two confident answers.</summary>
    Answer,

    /// <summary>
    /// Two or more entries are genuinely close ("Did you mean…"), one is plausible but not certain ("Do you mean …?",
    /// one option), or nothing was asked (no options: "tell me a bit more").
    /// </summary>
    Clarification,

    /// <summary>Not answered: say so and give the contact options.</summary>
    Fallback,

    /// <summary>Greetings, thanks, goodbye, "what can you do", language switches.</summary>
    SmallTalk,
}

/// <summary>Why a message was not answered.</summary>
public enum FallbackReason
{
    /// <summary>Nothing in the knowledge fits.</summary>
    NotUnderstood,

    /// <summary>About another organisation or place: the IND cannot answer it ("UWV phone number").</summary>
    NotTheInd,

    /// <summary>The IND's own business that the knowledge does not answer ("extend my residence permit"): the IND can help.</summary>
    NotCovered,

    /// <summary>Longer than <see cref="Text.UserText.MaxLength"/> characters.</summary>
    TooLong,
}

/// <summary>A topic the engine considered, with the decision model's probability that it is what was asked.</summary>
public sealed record Candidate(string EntryId, string Title, double Score)
{
    /// <summary>The feature values the model saw, in <see cref="CandidateFeatures.Names"/> order.</summary>
    public IReadOnlyList<float> FeatureValues { get; init; } = [];

    /// <summary>The feature values by name (for the trace and <c>ask --json</c>).</summary>
    public IReadOnlyDictionary<string, float> Features =>
        CandidateFeatures.Names.Zip(FeatureValues).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);

    /// <summary>The phrasing that matched best.</summary>
    public string? Phrasing { get; init; }
}

/// <summary>A "Did you mean" option: the entry, its title, and the question a click sends back.</summary>
public sealed record ClarificationOption(string EntryId, string Title, string Question);

/// <summary>A desk answer's facts: the desk, what was asked, and for a yes/no question the verdict and why.</summary>
public sealed record DeskFacts(Desk Desk)
{
    /// <summary>What the message asked about the desk.</summary>
    public DeskQuestion? Asked { get; init; }

    /// <summary>For a yes/no question: the answer as asked ("is it closed on Sunday?" → true).</summary>
    public bool? Verdict { get; init; }

    /// <summary>Whether the desk is open at the asked day and time (null when no time was asked).</summary>
    public bool? OpenThen { get; init; }

    /// <summary>The asked day (or today, for a question about a time only).</summary>
    public DayOfWeek? Day { get; init; }

    /// <summary>The desk's hours on <see cref="Day"/>; null when it is closed that day.</summary>
    public TimeRange? Hours { get; init; }

    /// <summary>The asked service, and whether this desk offers it.</summary>
    public DeskService? Service { get; init; }

    public bool? ServiceAvailable { get; init; }

    /// <summary>A desk that does offer the service, when this one does not.</summary>
    public Desk? Alternative { get; init; }
}

/// <summary>An answer about the desks as a whole: which desks fit the question, and for a yes/no question the verdict.</summary>
public sealed record DeskListFacts(IReadOnlyList<Desk> Desks)
{
    public DeskQuestion? Asked { get; init; }
    public DayOfWeek? Day { get; init; }
    public DeskService? Service { get; init; }

    /// <summary>For "could I come by one of your desks on Sunday?": whether any desk fits.</summary>
    public bool? Verdict { get; init; }

    /// <summary>The place the message named that has no IND desk ("Groningen").</summary>
    public Place? PlaceWithoutDesk { get; init; }

    /// <summary>The place's name as the message used it ("Den Haag" for The Hague).</summary>
    public string? PlaceName { get; init; }

    /// <summary>The nearest desk to <see cref="PlaceWithoutDesk"/> that fits the question, and the straight-line distance.</summary>
    public Desk? Nearest { get; init; }

    public double? NearestKilometres { get; init; }

    /// <summary>The bot asks which desk is meant (the whole list, nothing to narrow it): a desk's name answers it.</summary>
    public bool AsksWhichDesk { get; init; }

    /// <summary>Desks nearer than <see cref="Nearest"/> that were skipped because they do not fit (closed that day, no such service).</summary>
    public IReadOnlyList<Desk> Skipped { get; init; } = [];
}

/// <summary>One answer: the topic and the facts that answer the question.</summary>
public sealed record AnswerPart(Topic Topic, double Confidence)
{
    public DeskFacts? Desk { get; init; }
    public DeskListFacts? Desks { get; init; }

    /// <summary>For a contact channel with hours (the phone): whether it is open at the time of the question.</summary>
    public bool? OpenNow { get; init; }
}

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

    /// <summary>The day, time and service the last desk question asked about: "and in Zwolle?" asks the same.</summary>
    public DeskSlots? LastAsked { get; init; }

    /// <summary>The visitor said they are abroad ("I'm in Morocco"): "which number do I call?" asks for the number from abroad.</summary>
    public bool VisitorAbroad { get; init; }

    public static ConversationContext Empty { get; } = new();
}

/// <summary>What a desk question asked, kept for a follow-up: the day, the time window, the service, yes/no.</summary>
public sealed record DeskSlots
{
    public DayOfWeek? Day { get; init; }
    public bool Weekend { get; init; }
    public TimeOnly? From { get; init; }
    public TimeOnly? To { get; init; }
    public bool Now { get; init; }
    public bool Whole { get; init; }
    public string? ServiceId { get; init; }
    public bool YesNo { get; init; }
    public bool Closed { get; init; }
}

/// <summary>A question for the engine.</summary>
public sealed record Question(string Text)
{
    /// <summary>The client's locale (activity.locale), if any.</summary>
    public string? Locale { get; init; }

    public ConversationContext Context { get; init; } = ConversationContext.Empty;
}

/// <summary>
/// The engine's decision, as facts: what kind of reply, which entries and desk facts, which options or contacts, and
/// why. The bot writes the words (<c>src/IndBot/Replies</c>).
/// </summary>
public sealed record Decision
{
    public required DecisionKind Kind { get; init; }
    public required string Language { get; init; }

    /// <summary>The answers (one, or two for a message that asks two things).</summary>
    public IReadOnlyList<AnswerPart> Answers { get; init; } = [];

    /// <summary>The first answer's topic (FAQ, desk or contact id); null when nothing was answered.</summary>
    public string? EntryId => Answers.Count > 0 ? Answers[0].Topic.Id : null;

    /// <summary>The decision model's probability for the chosen entry (1 for exact matches and small talk).</summary>
    public double Confidence { get; init; }

    public IReadOnlyList<Candidate> Candidates { get; init; } = [];

    /// <summary>Clarification options: two or three close entries, or one for "Do you mean …?".</summary>
    public IReadOnlyList<ClarificationOption> Options { get; init; } = [];

    public FallbackReason? Reason { get; init; }

    /// <summary>For <see cref="FallbackReason.NotTheInd"/>: the organisation the message was about, if one was named.</summary>
    public Organisation? Organisation { get; init; }

    /// <summary>The small-talk intent answered: the whole reply, or (with <see cref="DecisionKind.Answer"/>) a question to the bot asked beside the answered one.</summary>
    public SmallTalkIntent? SmallTalk { get; init; }

    public string? SmallTalkIntent => SmallTalk?.Id;

    /// <summary>Personal data was removed from this message and the user has not been told before.</summary>
    public bool PersonalDataNotice { get; init; }

    /// <summary>Contact channels to offer (fallback, contact answers).</summary>
    public IReadOnlyList<ContactChannel> Contacts { get; init; } = [];

    /// <summary>Whether the IND phone line is open at the time of the question (Europe/Amsterdam).</summary>
    public bool? PhoneOpenNow { get; init; }

    /// <summary>Words corrected as typos, "from → to".</summary>
    public IReadOnlyList<string> Corrections { get; init; } = [];

    /// <summary>The language chosen and why ("locale", "text", "conversation", "chosen", "default").</summary>
    public string? LanguageReason { get; init; }

    public required ConversationContext Context { get; init; }
}
