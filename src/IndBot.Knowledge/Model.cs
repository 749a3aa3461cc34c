namespace IndBot.Knowledge;

/// <summary>The languages IndBot answers in.</summary>
public static class Languages
{
    public const string English = "en";
    public const string Dutch = "nl";
    public static readonly IReadOnlyList<string> All = [English, Dutch];
    public static bool IsSupported(string? language) => language is English or Dutch;
}

/// <summary>A text in every supported language.</summary>
public sealed class LocalizedText
{
    private readonly IReadOnlyDictionary<string, string> _texts;

    public LocalizedText(IReadOnlyDictionary<string, string> texts) => _texts = texts;

    public static LocalizedText Empty { get; } = new(new Dictionary<string, string>());

    /// <summary>The text in <paramref name="language"/>, or the English text when that language is missing.</summary>
    public string this[string language] =>
        _texts.TryGetValue(language, out var t) ? t : _texts.TryGetValue(Languages.English, out var en) ? en : "";

    public bool Has(string language) => _texts.TryGetValue(language, out var t) && !string.IsNullOrWhiteSpace(t);

    public override string ToString() => this[Languages.English];
}

/// <summary>Phrasings per language.</summary>
public sealed class LocalizedList
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _items;

    public LocalizedList(IReadOnlyDictionary<string, IReadOnlyList<string>> items) => _items = items;

    public static LocalizedList Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    public IReadOnlyList<string> this[string language] => _items.TryGetValue(language, out var l) ? l : [];
}

/// <summary>Where a knowledge item came from, for messages that name the file and line.</summary>
public sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>What a retrievable knowledge item is.</summary>
public enum TopicKind
{
    Faq,
    Desk,
    DeskOverview,
    Contact,
    ContactOverview,
    OutOfScope,
}

/// <summary>Anything the engine can retrieve: a FAQ entry, a desk, a contact channel or an overview.</summary>
public abstract class Topic
{
    public required string Id { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedList Phrasings { get; init; }
    public abstract TopicKind Kind { get; }
}

public sealed class FaqEntry : Topic
{
    public override TopicKind Kind => TopicKind.Faq;
    public required LocalizedText Question { get; init; }
    public required LocalizedText Answer { get; init; }
    public required IReadOnlyList<string> Related { get; init; }
    public required string Source { get; init; }
    public string? SourceNotes { get; init; }
    public required DateOnly Reviewed { get; init; }
    public required SourceLocation Location { get; init; }
}

/// <summary>Opening hours of one day.</summary>
public readonly record struct TimeRange(TimeOnly From, TimeOnly To)
{
    public bool Contains(TimeOnly time) => time >= From && time < To;
    public override string ToString() => $"{From:HH\\:mm}–{To:HH\\:mm}";
}

/// <summary>Opening hours per weekday; a day without hours is closed.</summary>
public sealed class WeeklyHours
{
    private readonly IReadOnlyDictionary<DayOfWeek, TimeRange> _days;

    public WeeklyHours(IReadOnlyDictionary<DayOfWeek, TimeRange> days) => _days = days;

    public static WeeklyHours None { get; } = new(new Dictionary<DayOfWeek, TimeRange>());

    public TimeRange? On(DayOfWeek day) => _days.TryGetValue(day, out var r) ? r : null;

    public bool IsOpen(DateTime local) => On(local.DayOfWeek) is { } r && r.Contains(TimeOnly.FromDateTime(local));

    public bool IsEmpty => _days.Count == 0;

    /// <summary>Monday first.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
}

public sealed record DeskService(string Id, LocalizedText Name, bool AppointmentRequired);

public sealed class Desk : Topic
{
    public override TopicKind Kind => TopicKind.Desk;
    public required string Name { get; init; }
    public required string Building { get; init; }
    public required string Street { get; init; }
    public required string Postcode { get; init; }
    public required string City { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
    public required WeeklyHours Hours { get; init; }
    public required IReadOnlyList<DeskService> Services { get; init; }
    public required IReadOnlyList<DeskService> Unavailable { get; init; }
    public LocalizedText Note { get; init; } = LocalizedText.Empty;

    /// <summary>The city and every alias, for recognising the desk in a question.</summary>
    public IEnumerable<string> Names => Aliases.Prepend(City);

    public string Address => $"{Building}, {Street}, {Postcode} {City}";
}

/// <summary>The "all desks" topic.</summary>
public sealed class DeskOverview : Topic
{
    public override TopicKind Kind => TopicKind.DeskOverview;
}

public sealed class ContactChannel : Topic
{
    public override TopicKind Kind => TopicKind.Contact;
    public required string ChannelKind { get; init; }
    public required string Value { get; init; }
    public string? Link { get; init; }
    public required WeeklyHours Hours { get; init; }
    public required LocalizedText Answer { get; init; }
    public string? SourceNotes { get; init; }
}

public sealed class ContactOverview : Topic
{
    public override TopicKind Kind => TopicKind.ContactOverview;
    public required LocalizedText Answer { get; init; }
}

/// <summary>Questions the IND cannot answer here (costs, municipality, …): matching one means "not us".</summary>
public sealed class OutOfScopeTopic : Topic
{
    public override TopicKind Kind => TopicKind.OutOfScope;
}

public sealed class SmallTalkIntent
{
    public required string Id { get; init; }
    public required LocalizedList Phrasings { get; init; }
    public required LocalizedText Reply { get; init; }
    /// <summary>Set for "English please" / "Nederlands graag".</summary>
    public string? SwitchTo { get; init; }

    /// <summary>For a switch: the language's names ("dutch", "nederlands"), one of which the request must hold on its own.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>For a switch: the words that show a name is asked for (<c>smalltalk.yaml</c>; one instance for every switch).</summary>
    public SwitchWords? Switch { get; init; }

    /// <summary>
    /// A question to the bot itself whose reply can stand before an answer in the same message ("are you a bot? and
    /// where is the Utrecht desk", "kun je Nederlands praten? waar is het loket in Utrecht"): "what are you", "a real
    /// person", the language switches. Greetings, thanks, goodbyes and "how are you" are not: their replies ask what
    /// the visitor wants to know, and the reader leaves them out around a question.
    /// </summary>
    public bool Alongside { get; init; }
}

/// <summary>
/// The words around a language's name that make it a request for that language (<c>smalltalk.yaml</c>): the word
/// before it, after it, articles skipped before it, and negations among the three words before it.
/// </summary>
public sealed record SwitchWords(IReadOnlyList<string> Before, IReadOnlyList<string> After, IReadOnlyList<string> Articles, IReadOnlyList<string> Negations);

/// <summary>The bot's own texts, by key and language.</summary>
public sealed class Messages
{
    private readonly IReadOnlyDictionary<string, LocalizedText> _texts;
    private readonly IReadOnlyDictionary<string, LocalizedList> _lists;

    public Messages(IReadOnlyDictionary<string, LocalizedText> texts, IReadOnlyDictionary<string, LocalizedList> lists)
    {
        _texts = texts;
        _lists = lists;
    }

    public static IReadOnlyList<string> RequiredTexts { get; } =
    [
        "welcome", "clarification", "noneOfThese", "fallback", "phoneOpenNow", "phoneClosedNow", "tooLong", "emptyQuery",
        "error", "tooFast", "personalData", "source", "address", "openingHours", "today", "openNow", "closedNow", "closed",
        "services", "unavailableHere", "appointmentRequired", "map", "callButton", "feedbackQuestion", "feedbackYes",
        "feedbackNo", "feedbackThanks", "languageSwitched", "deskList", "openOnDay", "noDeskOpenOnDay", "deskOpenOnDay",
        "deskClosedOnDay", "deskClosedPartOfDay", "serviceAvailable", "serviceUnavailable", "whichDesk", "deskIsClosedOnDay",
        "deskIsClosedThen", "deskNotClosed", "deskHoursOnDay", "deskClosedDay", "deskClosesAt", "deskOpensAt", "desksOpenYes",
        "desksNotAllOpen", "desksAllOpen", "noDeskOpenThen", "desksWithService", "desksWithServiceYes", "desksWithServiceNotAll",
        "noDeskIn", "nearestDesk", "nearestSkipped", "reasonNoService", "reasonClosedOnDay", "notCovered", "notTheInd", "notTheIndAbout", "confirm",
    ];

    public static IReadOnlyList<string> RequiredLists { get; } = ["starters", "dayNames"];

    public string Get(string key, string language) => _texts.TryGetValue(key, out var t) ? t[language] : key;

    public bool Has(string key) => _texts.ContainsKey(key);

    public IReadOnlyList<string> List(string key, string language) => _lists.TryGetValue(key, out var l) ? l[language] : [];

    /// <summary>A text with <c>{name}</c> holes filled.</summary>
    public string Format(string key, string language, params (string Name, string Value)[] values)
    {
        var text = Get(key, language);
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    public string DayName(DayOfWeek day, string language)
    {
        var names = List("dayNames", language);
        var index = ((int)day + 6) % 7;
        return index < names.Count ? names[index] : day.ToString();
    }
}

/// <summary>A synonym file, kept as text: the answer engine parses it with Lucene's own parser.</summary>
public sealed record SynonymFile(string Language, string Path, string Text);

/// <summary>A word list under <c>analysis/</c> (stop words, stem overrides, compound parts), per language.</summary>
public sealed record WordList(string Name, string Language, string Path, IReadOnlyList<(int Line, string Text)> Lines);

/// <summary>One labelled message of the question corpus.</summary>
/// <param name="Expected">An entry id, <c>none</c>, <c>no-desk-here</c>, <c>smalltalk:&lt;intent&gt;</c>, or two labels joined by <c>+</c>.</param>
public sealed record EvalQuestion(string Expected, string Language, string Question, int Line)
{
    /// <summary>The seven most asked questions on the IND's own page (seed 000).</summary>
    public static IReadOnlySet<string> TopFaqs { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "application-status", "desk-appointment", "biometrics", "contact-case-worker", "application-received", "alien-passport", "travel-schengen",
    };

    /// <summary>For a yes/no question about a desk: <c>yes</c> or <c>no</c>.</summary>
    public string? Verdict { get; init; }

    /// <summary>The visitor's earlier messages in the same conversation, oldest first.</summary>
    public IReadOnlyList<string> Context { get; init; } = [];

    public string File { get; init; } = "";

    public string Writer { get; init; } = "";

    public IReadOnlyList<string> Labels => Expected.Split('+');

    /// <summary>Whether the bot should answer it with an entry, a desk fact or small talk (not refuse it).</summary>
    public bool InScope => Expected != "none";

    /// <summary>The kind of message, for figures per category.</summary>
    public string Category => Expected switch
    {
        "none" => "out of scope",
        "no-desk-here" => "place without a desk",
        _ when Expected.StartsWith("smalltalk:", StringComparison.Ordinal) => "small talk",
        _ when Expected.Contains('+') => "two questions",
        _ when Context.Count > 0 => "follow-up",
        _ when Verdict is not null => "desk yes/no",
        _ when Expected == "desks" || Expected.StartsWith("desk-", StringComparison.Ordinal) && Expected is not ("desk-appointment" or "desk-services") => "desk",
        _ when Expected == "contact" || Expected.StartsWith("contact-", StringComparison.Ordinal) && Expected != "contact-case-worker" => "contact",
        "about-ind" => "what the IND does",
        _ when TopFaqs.Contains(Expected) => "top-7 FAQ",
        _ => "other FAQ",
    };

    public bool Equals(EvalQuestion? other) =>
        other is not null && Expected == other.Expected && Language == other.Language && Question == other.Question && Line == other.Line
        && Verdict == other.Verdict && Context.SequenceEqual(other.Context);

    public override int GetHashCode() => HashCode.Combine(Expected, Language, Question, Line, Verdict);
}

/// <summary>Everything IndBot knows, loaded and validated as a whole.</summary>
public sealed class KnowledgeBase
{
    public required string RootPath { get; init; }
    public required IReadOnlyList<FaqEntry> Faqs { get; init; }
    public required IReadOnlyList<Desk> Desks { get; init; }
    public required DeskOverview DeskOverview { get; init; }
    public required IReadOnlyList<DeskService> DeskServices { get; init; }
    public required IReadOnlyList<ContactChannel> Contacts { get; init; }
    public required ContactOverview ContactOverview { get; init; }
    public required OutOfScopeTopic OutOfScope { get; init; }
    public required IReadOnlyList<SmallTalkIntent> SmallTalk { get; init; }
    public required Messages Messages { get; init; }
    public required IReadOnlyList<SynonymFile> Synonyms { get; init; }
    public required IReadOnlyList<WordList> WordLists { get; init; }

    /// <summary>The words messages are read with (<c>reading.yaml</c>).</summary>
    public required ReadingWords Reading { get; init; }

    /// <summary>Other organisations people ask about (<c>organisations.yaml</c>).</summary>
    public required IReadOnlyList<Organisation> Organisations { get; init; }

    /// <summary>Places in the Netherlands (<c>places/places.tsv</c>).</summary>
    public required IReadOnlyList<Place> Places { get; init; }

    /// <summary>Every retrievable topic.</summary>
    public IEnumerable<Topic> Topics =>
        Faqs.Cast<Topic>().Concat(Desks).Append(DeskOverview).Concat(Contacts).Append(ContactOverview).Append(OutOfScope);

    public Topic? Find(string id) => Topics.FirstOrDefault(t => t.Id == id);

    public WordList? Words(string name, string language) =>
        WordLists.FirstOrDefault(w => w.Name == name && w.Language == language);
}
