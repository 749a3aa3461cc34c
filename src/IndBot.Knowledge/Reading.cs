namespace IndBot.Knowledge;

/// <summary>A part of the day and the window it means ("lunchtime" 12:00–13:00); <see cref="To"/> null is midnight.</summary>
/// <param name="Whole">The question needs the whole window open ("all day"), not a moment in it.</param>
public sealed record DayPeriod(IReadOnlyList<string> Words, TimeOnly From, TimeOnly? To, bool Whole = false);

/// <summary>
/// The words IndBot reads messages with (<c>reading.yaml</c>): days and times, what a desk question asks, fillers
/// around a question and the phrasings built for every desk. Phrases are kept as written; the engine normalises them.
/// Every <c>IReadOnlyList&lt;string&gt;</c> property is a list in the file under its camelCase name (<c>closedWords</c>):
/// the reader sets them all, and a new one needs only its property here and its list in the file.
/// </summary>
public sealed class ReadingWords
{
    public required IReadOnlyDictionary<DayOfWeek, IReadOnlyList<string>> Days { get; init; }
    public IReadOnlyList<string> AmbiguousDays { get; init; } = [];
    public IReadOnlyList<string> Today { get; init; } = [];
    public IReadOnlyList<string> Tomorrow { get; init; } = [];
    public IReadOnlyList<string> DayAfterTomorrow { get; init; } = [];
    public IReadOnlyList<string> Now { get; init; } = [];
    public IReadOnlyList<string> Weekend { get; init; } = [];
    public required IReadOnlyList<DayPeriod> Periods { get; init; }
    public IReadOnlyList<string> ClosedWords { get; init; } = [];
    public IReadOnlyList<string> HoursWords { get; init; } = [];
    public IReadOnlyList<string> ClosingWords { get; init; } = [];
    public IReadOnlyList<string> OpeningWords { get; init; } = [];
    public IReadOnlyList<string> AddressWords { get; init; } = [];
    public IReadOnlyList<string> CountWords { get; init; } = [];
    public IReadOnlyList<string> AllDesksWords { get; init; } = [];
    public IReadOnlyList<string> ReferenceWords { get; init; } = [];
    public IReadOnlyList<string> FollowUpStarts { get; init; } = [];
    public IReadOnlyList<string> YesNoStarts { get; init; } = [];
    public IReadOnlyList<string> WhWords { get; init; } = [];
    public IReadOnlyList<string> YesNoPhrases { get; init; } = [];
    public IReadOnlyList<string> AllQuantifiers { get; init; } = [];
    public IReadOnlyList<string> AbroadWords { get; init; } = [];

    /// <summary>
    /// Words that say where the visitor is now ("I'm", "zit", "calling"): followed within a few words by "in" or
    /// "vanuit" and an abroad word, the visitor is abroad ("I'm in Morocco", "ik zit nu in Turkije"), not planning a trip.
    /// </summary>
    public IReadOnlyList<string> VisitorIsWords { get; init; } = [];

    /// <summary>The words between <see cref="VisitorIsWords"/> and the abroad word ("in", "vanuit").</summary>
    public IReadOnlyList<string> VisitorInWords { get; init; } = [];

    /// <summary>Calling words ("calling", "bel"): with one of them, <see cref="VisitorFromWords"/> place the visitor too ("I'm calling from Spain").</summary>
    public IReadOnlyList<string> VisitorCallWords { get; init; } = [];
    public IReadOnlyList<string> VisitorFromWords { get; init; } = [];

    /// <summary>The visitor speaking of themselves ("I", "ik", "we"): "mijn man woont in Marokko" does not place the visitor.</summary>
    public IReadOnlyList<string> VisitorFirstPerson { get; init; } = [];

    /// <summary>Words of a trip or a past, not where the visitor is now ("going", "next", "geboren").</summary>
    public IReadOnlyList<string> VisitorTripWords { get; init; } = [];
    public IReadOnlyList<string> PersonalDataLabels { get; init; } = [];

    /// <summary>Words per desk service id.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Services { get; init; }

    public IReadOnlyList<string> DeskQuestionWords { get; init; } = [];
    public IReadOnlyList<string> PlacePrepositions { get; init; } = [];

    /// <summary>The only words that may stand between two desk names for both to be asked about ("Zwolle and Amsterdam").</summary>
    public IReadOnlyList<string> DeskJoiners { get; init; } = [];

    /// <summary>Of the joiners, the conjunctions: one must stand between two desk names ("and", "of").</summary>
    public IReadOnlyList<string> DeskConjunctions { get; init; } = [];

    /// <summary>Words for an IND desk itself ("office", "loket"): a place or desk name next to one is asked about as a desk.</summary>
    public IReadOnlyList<string> DeskWords { get; init; } = [];
    public IReadOnlyList<string> PlaceLookalikes { get; init; } = [];

    /// <summary>Words for the IND's own business ("permit", "aanvraag"): a question with one that cannot be answered is the IND's, not someone else's.</summary>
    public IReadOnlyList<string> IndTopicWords { get; init; } = [];

    /// <summary>Phrases before a place where the visitor lives or works ("I live in Utrecht").</summary>
    public IReadOnlyList<string> LivesIn { get; init; } = [];

    /// <summary>Phrases that say another organisation sent the visitor to the IND ("the gemeente told me to ask you").</summary>
    public IReadOnlyList<string> ReferredToTheInd { get; init; } = [];

    /// <summary>Words that ask what something costs ("fee", "leges"): the seeds say nothing about fees, only that calls cost the normal rate.</summary>
    public IReadOnlyList<string> CostWords { get; init; } = [];

    /// <summary>Words that ask about any one desk ("one of your desks", "ergens"): a yes needs one desk.</summary>
    public IReadOnlyList<string> AnyWords { get; init; } = [];

    /// <summary>Desk nouns that, with a quantifier up to three words before ("every IND desk", "welk IND-loket"), ask about all desks.</summary>
    public IReadOnlyList<string> DeskNouns { get; init; } = [];
    public IReadOnlyList<string> DeskQuantifiers { get; init; } = [];

    /// <summary>Words that make a yes/no opener an open question ("can you tell me when…").</summary>
    public IReadOnlyList<string> TellWords { get; init; } = [];

    /// <summary>Words right before a short day word that make it a day ("on do", "op di").</summary>
    public IReadOnlyList<string> DayLeadWords { get; init; } = [];

    /// <summary>Words before a clock time: before it, after it, until it, at it.</summary>
    public IReadOnlyList<string> BeforeWords { get; init; } = [];
    public IReadOnlyList<string> AfterWords { get; init; } = [];
    public IReadOnlyList<string> UntilWords { get; init; } = [];
    public IReadOnlyList<string> AtWords { get; init; } = [];

    public required LocalizedList Fillers { get; init; }
    public required LocalizedList DeskTemplates { get; init; }

    /// <summary>The phrasings built for other organisations' words ("phone number of the {0}"): not the IND's.</summary>
    public required LocalizedList OrganisationTemplates { get; init; }

    /// <summary>The hours one to twelve spelled out, in order, per language ("three", "drie").</summary>
    public required LocalizedList ClockNumbers { get; init; }
}

/// <summary>Another organisation people ask about (<c>organisations.yaml</c>): a question about it is not for the IND.</summary>
/// <param name="Related">Entries whose answer itself mentions this organisation.</param>
public sealed record Organisation(string Id, LocalizedText Name, IReadOnlyList<string> Words, IReadOnlyList<string> Related);

/// <summary>A place in the Netherlands (<c>places/places.tsv</c>, from GeoNames), with the other names people use for it.</summary>
public sealed record Place(string Name, double Latitude, double Longitude, IReadOnlyList<string> OtherNames)
{
    public IEnumerable<string> Names => OtherNames.Prepend(Name);
}
